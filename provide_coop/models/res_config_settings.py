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
        res["provide_checkin_months"] = ", ".join(
            str(count) for count in self._provide_checkin_months()
        )
        return res

    def set_values(self):
        # A new enquiry has no assessment: it cannot start in a gated stage.
        if self.provide_email_stage_id.is_gated:
            raise ValidationError(
                self.env._(
                    "E-mailed enquiries cannot start in “%(stage)s”: that stage "
                    "needs a done formal assessment. Pick an earlier stage.",
                    stage=self.provide_email_stage_id.name,
                )
            )
        self._provide_check_after_launch_values()
        hours_per_day = self.env["provide.service.delivery"]._hours_per_day()
        res = super().set_values()
        self._provide_set_after_launch_values()
        if self.env["provide.service.delivery"]._hours_per_day() != hours_per_day:
            # Days used are stored: count them again in days of the new length.
            self._provide_recount_days_used()
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

    # Personal data
    provide_retention_months = fields.Integer(
        string="Keep Personal Data (months)",
        config_parameter="provide_coop.retention_months",
        default=24,
        help="Enquiries closed as not proceeding, and bookings of past events "
        "that led to no enquiry, are anonymised this many months after they "
        "closed or the event ended. 0 keeps them.",
    )
    # ------------------------------------------------------------------
    # After launch: outcome check-ins, support hours and their cost
    # ------------------------------------------------------------------

    provide_checkin_months = fields.Char(
        string="Outcome Check-ins (months after launch)",
        help="When advisers check in with a launched co-op, in months after "
        "its launch, separated by commas. Kept as the steps of the activity "
        "plan “Outcome check-ins”.",
    )
    provide_hour_rate = fields.Float(
        string="Cost of an Hour of Support",
        config_parameter="provide_coop.hour_rate",
        digits=(16, 2),
        help="The funder report's cost of support: its hours times this rate, "
        "plus the cost of the studies delivered.",
    )
    provide_hours_per_day = fields.Float(
        string="Hours in a Day of Support",
        config_parameter="provide_coop.hours_per_day",
        default=7.0,
        digits=(16, 2),
        help="Support teams are allocated days; service-delivery lines give "
        "hours. Their days used are the hours divided by this.",
    )

    @api.model
    def _provide_checkin_months(self):
        """The months after launch of the check-in plan's steps."""
        plan = self.env["provide.coop"]._checkin_plan()
        if not plan:
            return []
        return sorted(
            set(
                plan.sudo()
                .template_ids.filtered(
                    lambda t: t.delay_unit == "months"
                    and t.delay_from == "after_plan_date"
                )
                .mapped("delay_count")
            )
        )

    @api.model
    def _provide_parse_months(self, text):
        months = set()
        for part in (text or "").replace(";", ",").split(","):
            part = part.strip()
            if not part:
                continue
            if not part.isdigit() or not 1 <= int(part) <= 240:
                raise ValidationError(
                    self.env._(
                        "Give the outcome check-ins as months after launch, "
                        "separated by commas, each from 1 to 240 (e.g. 6, 12, "
                        "36), not “%(text)s”.",
                        text=text,
                    )
                )
            months.add(int(part))
        return sorted(months)

    def _provide_set_checkin_months(self, months):
        """Make the check-in plan's steps the given months: steps already there
        are kept (with their summary and responsible), others added or
        removed. Check-ins already planned on co-ops are left as they are."""
        plan = self.env["provide.coop"]._checkin_plan()
        if not plan:
            return
        plan = plan.sudo()
        activity_type = self.env["provide.coop"]._checkin_activity_type()
        steps = plan.template_ids.filtered(
            lambda t: t.delay_unit == "months" and t.delay_from == "after_plan_date"
        )
        (steps - steps.filtered(lambda t: t.delay_count in months)).unlink()
        have = set(steps.exists().mapped("delay_count"))
        self.env["mail.activity.plan.template"].sudo().create(
            [
                {
                    "plan_id": plan.id,
                    "activity_type_id": activity_type.id,
                    "summary": self.env._(
                        "%(months)s-month outcome check-in", months=count
                    ),
                    "responsible_type": "on_demand",
                    "sequence": count,
                    "delay_count": count,
                    "delay_unit": "months",
                    "delay_from": "after_plan_date",
                }
                for count in months
                if count not in have
            ]
        )

    def _provide_set_after_launch_values(self):
        """Check-in months into the plan; stored days used recounted when the
        hours of a support day change."""
        months = self._provide_parse_months(self.provide_checkin_months)
        if months != self._provide_checkin_months():
            self._provide_set_checkin_months(months)

    def _provide_check_after_launch_values(self):
        if self.provide_hours_per_day <= 0:
            raise ValidationError(
                self.env._("A day of support must have some hours in it.")
            )
        if self.provide_hour_rate < 0:
            raise ValidationError(
                self.env._("The cost of an hour of support cannot be negative.")
            )
        self._provide_parse_months(self.provide_checkin_months)

    @api.model
    def _provide_recount_days_used(self):
        Member = self.env["provide.support.member"].sudo()
        members = Member.search([])
        self.env.add_to_compute(Member._fields["days_used"], members)
        members.modified(["days_used"])
        self.env.flush_all()
