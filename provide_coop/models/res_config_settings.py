from odoo import api, fields, models
from odoo.exceptions import ValidationError


class ResConfigSettings(models.TransientModel):
    _inherit = "res.config.settings"

    provide_stall_days = fields.Integer(
        string="Stalled After (days)",
        config_parameter="provide_coop.stall_days",
        default=30,
        help="An open enquiry with no stage move, activity or message for this "
        "many days counts as stalled.",
    )

    # ------------------------------------------------------------------
    # Mail gateway: the enquiries alias, and where its enquiries start
    # ------------------------------------------------------------------

    provide_enquiry_alias_prefix = fields.Char(
        string="Enquiries Alias",
        help="Messages sent to this address become enquiries.",
    )
    provide_email_stage_id = fields.Many2one(
        "provide.assessment.stage",
        string="Stage of E-mailed Enquiries",
        config_parameter="provide_coop.email_stage_id",
        help="Where enquiries that arrive by e-mail start; empty: the first stage.",
    )
    provide_email_user_id = fields.Many2one(
        "res.users",
        string="Adviser of E-mailed Enquiries",
        config_parameter="provide_coop.email_user_id",
        domain="[('share', '=', False)]",
        help="Who enquiries that arrive by e-mail are assigned to; empty: "
        "nobody, to be triaged.",
    )

    @api.model
    def get_values(self):
        res = super().get_values()
        alias = self.env.ref(
            "provide_coop.mail_alias_enquiry", raise_if_not_found=False
        )
        res["provide_enquiry_alias_prefix"] = alias.alias_name if alias else False
        return res

    def set_values(self):
        # A new enquiry has no assessment: it cannot start in a gated stage.
        if self.provide_email_stage_id._is_gated():
            raise ValidationError(
                self.env._(
                    "E-mailed enquiries cannot start in “%(stage)s”: that stage "
                    "needs a done formal assessment. Pick an earlier stage.",
                    stage=self.provide_email_stage_id.name,
                )
            )
        res = super().set_values()
        alias = self.env.ref(
            "provide_coop.mail_alias_enquiry", raise_if_not_found=False
        )
        prefix = self.provide_enquiry_alias_prefix
        if not alias and prefix:
            # Deleted by hand: made again, under the same name for upgrades.
            alias = (
                self.env["mail.alias"]
                .sudo()
                .create(
                    {
                        "alias_name": prefix,
                        "alias_model_id": self.env["ir.model"]._get_id(
                            "provide.enquiry"
                        ),
                        "alias_defaults": "{'source': 'email'}",
                        "alias_contact": "everyone",
                        "alias_domain_id": self.alias_domain_id.id,
                    }
                )
            )
            self.env["ir.model.data"].sudo().create(
                {
                    "name": "mail_alias_enquiry",
                    "module": "provide_coop",
                    "model": "mail.alias",
                    "noupdate": True,
                    "res_id": alias.id,
                }
            )
        elif alias:
            vals = {}
            if alias.alias_name != prefix:
                vals["alias_name"] = prefix
            if self.alias_domain_id and alias.alias_domain_id != self.alias_domain_id:
                vals["alias_domain_id"] = self.alias_domain_id.id
            if vals:
                alias.sudo().write(vals)
        return res

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

    # Consent statements of the other channels (bookings, staff)
    provide_booking_consent_text = fields.Char(
        string="Booking Consent Statement",
        config_parameter="provide_coop.booking_consent_text",
        default=lambda self: self.env["provide.consent"]._statement("booking")[0],
        help="What an attendee who ticks that they want to start a co-op agrees "
        "to; kept with their consent.",
    )
    provide_booking_consent_version = fields.Char(
        string="Booking Statement Version",
        config_parameter="provide_coop.booking_consent_version",
        default="1",
    )
    provide_staff_consent_text = fields.Char(
        string="Staff Consent Statement",
        config_parameter="provide_coop.staff_consent_text",
        default=lambda self: self.env["provide.consent"]._statement("staff")[0],
        help="What an enquirer agrees to on the phone or by e-mail when the "
        "adviser records consent as the lawful basis.",
    )
    provide_staff_consent_version = fields.Char(
        string="Staff Statement Version",
        config_parameter="provide_coop.staff_consent_version",
        default="1",
    )

    # Personal data
    provide_retention_months = fields.Integer(
        string="Keep Personal Data (months)",
        config_parameter="provide_coop.retention_months",
        default=24,
        help="Enquiries closed as not proceeding, and bookings of past events "
        "that led to no enquiry, are anonymised this many months after they "
        "closed or the event ended. 0 keeps them.",
    )
