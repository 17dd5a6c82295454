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

    # Web intake: the public enquiry page
    # Char, as settings keep only short types in parameters; shown as a text box.
    provide_web_consent_text = fields.Char(
        string="Consent Statement",
        config_parameter="provide_coop.web_consent_text",
        default=lambda self: self.env["provide.enquiry"]._web_consent_statement()[0],
        help="What someone sending an enquiry from the public page agrees to. "
        "The exact text they saw is kept with their consent.",
    )
    provide_web_consent_version = fields.Char(
        string="Statement Version",
        config_parameter="provide_coop.web_consent_version",
        default="1",
        help="Change it whenever the statement changes, so each consent says "
        "which wording was agreed.",
    )
    provide_web_triage_user_id = fields.Many2one(
        "res.users",
        string="Triage Adviser",
        config_parameter="provide_coop.web_triage_user_id",
        domain="[('share', '=', False)]",
        help="Gets an activity for every enquiry sent from the public page. "
        "Without one, web enquiries wait unassigned in the first stage.",
    )
    provide_web_min_seconds = fields.Integer(
        string="Minimum Fill Time (seconds)",
        config_parameter="provide_coop.web_min_seconds",
        default=3,
        help="A form sent sooner than this after the page opened is refused "
        "as a robot's.",
    )
    provide_web_rate_limit = fields.Integer(
        string="Enquiries per Hour",
        config_parameter="provide_coop.web_rate_limit",
        default=5,
        help="How many enquiries one network address, or one e-mail address, "
        "may send from the public page in an hour.",
    )
