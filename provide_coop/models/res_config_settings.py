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
    provide_weekly_digest = fields.Boolean(
        string="Weekly Pipeline Digest",
        config_parameter="provide_coop.weekly_digest",
        help="Every week, mail the managers a short summary of the pipeline.",
    )

    def set_values(self):
        res = super().set_values()
        # The setting is what switches the weekly mail on and off.
        cron = self.env.ref(
            "provide_coop.ir_cron_provide_weekly_digest", raise_if_not_found=False
        )
        if cron and cron.sudo().active != self.provide_weekly_digest:
            cron.sudo().active = self.provide_weekly_digest
        return res
