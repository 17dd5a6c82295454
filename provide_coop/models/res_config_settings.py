from odoo import fields, models


class ResConfigSettings(models.TransientModel):
    _inherit = "res.config.settings"

    provide_stall_days = fields.Integer(
        string="Stalled After (days)",
        config_parameter="provide_coop.stall_days",
        default=30,
        help="An open enquiry with no stage move, activity or message for this "
        "many days counts as stalled.",
    )
