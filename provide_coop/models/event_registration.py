from odoo import api, fields, models
from odoo.exceptions import UserError
from odoo.tools import email_normalize

from .provide_consent import LAWFUL_BASES
from .res_partner import provide_salutation

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
    provide_salutation = fields.Char(
        string="Salutation",
        compute="_compute_provide_salutation",
        help='What follows "Dear" in the follow-up e-mails: "Dr Okafor", or '
        "the first name.",
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

    provide_lawful_basis = fields.Selection(
        LAWFUL_BASES,
        string="Lawful Basis",
        compute="_compute_provide_lawful_basis",
        store=True,
        readonly=False,
        help="Why the agency holds the attendee's details: the booking itself "
        "(contract), or, when they ticked that they want to start a co-op, their "
        "consent to be contacted about it (kept as a consent record).",
    )
    provide_email_normalized = fields.Char(
        string="Normalised E-mail",
        compute="_compute_provide_email_normalized",
        store=True,
        index="btree_not_null",
        help="The attendee's address as Odoo normalises it, by which a subject "
        "access request or an erasure finds their bookings exactly.",
    )
    provide_anonymised_date = fields.Datetime(
        string="Anonymised On",
        readonly=True,
        copy=False,
        index="btree_not_null",
        help="When the attendee's name, e-mail and phone were removed.",
    )
    provide_consent_ids = fields.One2many(
        "provide.consent",
        "registration_id",
        string="Consents",
        groups="provide_coop.group_provide_user",
    )

    @api.depends("email")
    def _compute_provide_email_normalized(self):
        for registration in self:
            registration.provide_email_normalized = (
                email_normalize(registration.email) or False
            )

    @api.depends("provide_interest")
    def _compute_provide_lawful_basis(self):
        for registration in self:
            registration.provide_lawful_basis = (
                "consent" if registration.provide_interest else "contract"
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
        registrations._provide_record_consent()
        return registrations

    def write(self, vals):
        result = super().write(vals)
        if vals.get("state") == "open":
            self._provide_run_rules({"confirm": self})
        elif vals.get("state") == "done":
            self._provide_run_rules({"done": self})
        if not self.env.context.get("provide_consent_later") and (
            {"provide_interest", "provide_lawful_basis", "partner_id"} & set(vals)
        ):
            self._provide_record_consent()
        return result

    def _provide_record_consent(self):
        """A consent record (channel: booking) for each booking held on
        consent whose attendee is a contact and has none yet, linked to the
        enquiry the booking led to. One search and one create for a batch."""
        todo = self.sudo().filtered(
            lambda r: r.provide_lawful_basis == "consent" and r.partner_id
        )
        if not todo:
            return
        Consent = self.env["provide.consent"].sudo()
        existing = Consent.search([("registration_id", "in", todo.ids)])
        for consent in existing:
            # The booking led to an enquiry since its consent was recorded.
            enquiry = consent.registration_id.provide_enquiry_id
            if enquiry and not consent.enquiry_id:
                consent.enquiry_id = enquiry
        todo -= existing.registration_id
        if not todo:
            return
        # The statement of the agency that holds the booking (its event's).
        Statement = self.env["provide.consent.statement"]
        statements = {
            company: Statement._current("booking", company)._consent_values()
            for company in todo.mapped(lambda r: r.company_id or self.env.company)
        }
        Consent.create(
            [
                {
                    "partner_id": registration.partner_id.id,
                    "registration_id": registration.id,
                    "enquiry_id": registration.provide_enquiry_id.id,
                    "channel": "booking",
                    "date": registration.create_date or fields.Datetime.now(),
                    **statements[registration.company_id or self.env.company],
                }
                for registration in todo
            ]
        )

    @api.depends("name", "partner_id.title")
    def _compute_provide_salutation(self):
        for registration in self:
            registration.provide_salutation = provide_salutation(
                registration.name,
                registration.partner_id.title.shortcut
                if registration.partner_id.name == registration.name
                else None,
            )

    def mail_allowed_qweb_expressions(self):
        # Placeholders a manager who is not a Mail Template Editor may use in
        # the follow-up e-mails.
        return (
            *super().mail_allowed_qweb_expressions(),
            "object.provide_salutation",
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
