from odoo import api, fields, models
from odoo.exceptions import UserError

ATTENDEE_ROLES = [
    ("councillor", "Councillor"),
    ("council_officer", "Council officer"),
    ("frontline_worker", "Front-line worker"),
    ("service_user", "Service user"),
    ("coop_practitioner", "Co-op practitioner"),
    ("other", "Other"),
]

# What an attendee's role says about them as an enquirer.
ROLE_TO_ENQUIRER_TYPE = {
    "councillor": "councillor_officer",
    "council_officer": "councillor_officer",
    "frontline_worker": "public_sector_workers",
    "service_user": "service_users",
    "coop_practitioner": "existing_coop",
    "other": "other",
}


class EventRegistration(models.Model):
    """A conference booking, with what the co-op pipeline needs to know: who
    the attendee is in public services, their organisation (the standard
    company name), whether they want help to set up a co-op, who took the
    booking and which follow-up e-mails they were sent. Enquiry rules turn
    interested bookings into enquiries; a booking leads to one enquiry at
    most, and the attendee's e-mail replies land in its chatter."""

    _inherit = "event.registration"

    provide_attendee_role = fields.Selection(
        ATTENDEE_ROLES, string="Attendee Role", index=True
    )
    provide_interest = fields.Boolean(
        string="Wants to Start a Co-op",
        index=True,
        help="The attendee wants help to set up a co-op to deliver a public service.",
    )
    provide_idea = fields.Text(
        string="Co-op Idea",
        help="In a few words, the service the attendee thinks a co-op could run.",
    )
    provide_enquiry_id = fields.Many2one(
        "provide.enquiry",
        string="Co-op Enquiry",
        index="btree_not_null",
        readonly=True,
        copy=False,
        ondelete="set null",
        groups="provide_coop.group_provide_user",
        help="The enquiry this booking started, or the open enquiry of the same "
        "person it was added to as a note.",
    )

    provide_taken_by_id = fields.Many2one(
        "res.partner",
        string="Booking Taken By",
        compute="_compute_provide_taken_by_id",
        store=True,
        readonly=False,
        help="Who took the booking: by default the conference's bookings contact.",
    )
    provide_follow_up_template_ids = fields.Many2many(
        "mail.template",
        "provide_event_registration_follow_up_rel",
        "registration_id",
        "template_id",
        string="Follow-ups Sent",
        readonly=True,
        copy=False,
        help="The follow-up e-mails this attendee was sent; each goes once.",
    )

    @api.depends("event_id")
    def _compute_provide_taken_by_id(self):
        for registration in self:
            if not registration.provide_taken_by_id:
                registration.provide_taken_by_id = (
                    registration.event_id.provide_booking_contact_id
                )

    @api.model_create_multi
    def create(self, vals_list):
        registrations = super().create(vals_list)
        registrations._provide_run_rules(
            {
                "create": registrations,
                "confirm": registrations.filtered(lambda r: r.state == "open"),
                "done": registrations.filtered(lambda r: r.state == "done"),
            }
        )
        return registrations

    def write(self, vals):
        result = super().write(vals)
        if vals.get("state") == "open":
            self._provide_run_rules({"confirm": self})
        elif vals.get("state") == "done":
            self._provide_run_rules({"done": self})
        return result

    def mail_allowed_qweb_expressions(self):
        # Placeholders a manager who is not a Mail Template Editor may use in
        # the follow-up e-mails.
        return (
            *super().mail_allowed_qweb_expressions(),
            "object.event_id.name",
            "object.event_id.company_id.name",
            "object.provide_idea",
        )

    def message_post(self, **kwargs):
        """An e-mail from the attendee (a reply to a follow-up, say) lands in
        the chatter of the enquiry the booking led to, where the adviser works
        with them; without an enquiry it stays on the booking."""
        if len(self) == 1 and kwargs.get("message_type") == "email":
            enquiry = self.sudo().provide_enquiry_id
            if enquiry:
                # The message replied to is on the booking, not the enquiry.
                kwargs.pop("parent_id", None)
                return enquiry.with_env(self.env).message_post(**kwargs)
        return super().message_post(**kwargs)

    def _provide_run_rules(self, by_trigger):
        """Run the enquiry rules of each trigger on its bookings
        ({trigger: bookings}); one search for the rules of all triggers."""
        by_trigger = {trigger: regs for trigger, regs in by_trigger.items() if regs}
        if not by_trigger:
            return
        rules = (
            self.env["provide.event.enquiry.rule"]
            .sudo()
            .search([("trigger", "in", list(by_trigger))])
        )
        for trigger, registrations in by_trigger.items():
            rules.filtered(lambda r, t=trigger: r.trigger == t)._run_on_registrations(
                registrations
            )

    def action_provide_create_enquiry(self):
        """Make an enquiry from this booking by hand, as a rule would. Only
        for users who may create enquiries themselves (the enquiry is then
        made by the system, as by a rule), and before saying anything about
        the enquiry the booking may already have led to."""
        self.ensure_one()
        self.env["provide.enquiry"].check_access("create")
        self.check_access("read")
        if self.provide_enquiry_id:
            raise UserError(
                self.env._(
                    "%(attendee)s's booking already led to the enquiry "
                    "“%(enquiry)s”.",
                    attendee=self.name or self.email,
                    enquiry=self.provide_enquiry_id.display_name,
                )
            )
        if not (self.name or self.email):
            raise UserError(
                self.env._("Give the attendee a name or an e-mail address first.")
            )
        self.env["provide.event.enquiry.rule"]._create_enquiries(
            [(self.env["provide.event.enquiry.rule"], self)]
        )
        return self.action_provide_open_enquiry()

    def action_provide_open_enquiry(self):
        self.ensure_one()
        return {
            "type": "ir.actions.act_window",
            "res_model": "provide.enquiry",
            "res_id": self.provide_enquiry_id.id,
            "view_mode": "form",
        }
