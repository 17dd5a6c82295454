from ast import literal_eval

import psycopg2
from markupsafe import Markup

from odoo import api, fields, models
from odoo.exceptions import ValidationError
from odoo.osv import expression

from .event_registration import ROLE_TO_ENQUIRER_TYPE

DOMAIN_OPERATORS = (
    expression.NOT_OPERATOR,
    expression.AND_OPERATOR,
    expression.OR_OPERATOR,
)


class ProvideEventEnquiryRule(models.Model):
    """When a conference booking becomes a co-op enquiry: for which events,
    at which moment (booked, confirmed, attended), for which attendees
    (by default those who want to start a co-op), and with what adviser,
    sector and tags. Each booking leads to one enquiry at most; a person who
    already has an open enquiry gets a note on it instead of a twin."""

    _name = "provide.event.enquiry.rule"
    _description = "Event enquiry rule"
    _order = "sequence, id"
    _check_company_auto = True

    name = fields.Char(required=True, translate=True)
    active = fields.Boolean(default=True)
    sequence = fields.Integer(default=10)
    company_id = fields.Many2one(
        "res.company",
        index=True,
        default=lambda self: self.env.company,
        help="Only events of this company; leave empty for every company.",
    )
    event_id = fields.Many2one(
        "event.event",
        index="btree_not_null",
        ondelete="cascade",
        check_company=True,
        help="Only this event; leave empty for every event (of the type below).",
    )
    event_type_id = fields.Many2one(
        "event.type",
        string="Event Template",
        ondelete="cascade",
        help="Only events made from this template.",
    )
    trigger = fields.Selection(
        [
            ("create", "Booking made"),
            ("confirm", "Booking confirmed"),
            ("done", "Attended"),
        ],
        default="confirm",
        required=True,
        index=True,
    )
    registration_domain = fields.Char(
        string="Which Attendees",
        default="[('provide_interest', '=', True)]",
        help="Only bookings matching this filter make an enquiry.",
    )
    user_id = fields.Many2one(
        "res.users",
        string="Adviser",
        domain="[('share', '=', False)]",
        help="The adviser the new enquiries go to; leave empty for none.",
    )
    sector_id = fields.Many2one("provide.sector")
    tag_ids = fields.Many2many(
        "provide.enquiry.tag",
        "provide_event_enquiry_rule_tag_rel",
        "rule_id",
        "tag_id",
        string="Tags",
    )
    enquiry_ids = fields.One2many(
        "provide.enquiry", "event_rule_id", string="Enquiries"
    )
    enquiry_count = fields.Integer(compute="_compute_enquiry_count")

    def _compute_enquiry_count(self):
        counts = dict(
            self.env["provide.enquiry"]
            .with_context(active_test=False)
            ._read_group(
                [("event_rule_id", "in", self.ids)], ["event_rule_id"], ["__count"]
            )
        )
        for rule in self:
            rule.enquiry_count = counts.get(rule, 0)

    @api.constrains("registration_domain")
    def _check_registration_domain(self):
        for rule in self:
            rule._parse_registration_domain()

    def _parse_registration_domain(self):
        """The attendee filter as a domain, checked against the fields,
        operators and values of bookings; a ValidationError that says what is
        wrong when it is not a valid filter."""
        self.ensure_one()
        try:
            domain = literal_eval(self.registration_domain or "[]")
        except (ValueError, SyntaxError, TypeError, MemoryError, RecursionError) as e:
            raise self._invalid_domain_error(e) from e
        if not isinstance(domain, list):
            raise self._invalid_domain_error(
                self.env._("a filter is a list of conditions")
            )
        for term in domain:
            if term in DOMAIN_OPERATORS:
                continue
            if not (
                isinstance(term, list | tuple)
                and len(term) == 3
                and isinstance(term[0], str | int)
                and term[1] in expression.TERM_OPERATORS
            ):
                raise self._invalid_domain_error(
                    self.env._(
                        "%(term)r is not a condition (field, operator, value)",
                        term=term,
                    )
                )
        # As the system: whether a filter is valid does not depend on who
        # writes it.
        Registration = self.env["event.registration"].sudo()
        try:
            # Resolves fields, paths and operators; Odoo raises ValueError for
            # an unknown field or a malformed domain, KeyError or
            # AssertionError for a path or sub-filter on a field without one.
            Registration._search(domain)
        except (ValueError, TypeError, KeyError, AssertionError) as error:
            raise self._invalid_domain_error(error) from error
        try:
            # Values the database cannot compare (a date that is not a date).
            with self.env.cr.savepoint():
                Registration.search_count(domain, limit=1)
        except psycopg2.DataError as error:
            raise self._invalid_domain_error(
                error.diag.message_primary or error
            ) from error
        return domain

    def _invalid_domain_error(self, error):
        return ValidationError(
            self.env._(
                "The attendee filter of “%(rule)s” is not a valid filter "
                "on bookings: %(error)s",
                rule=self.name,
                error=error,
            )
        )

    def _registration_domain(self):
        self.ensure_one()
        domain = literal_eval(self.registration_domain or "[]")
        if self.event_id:
            domain = expression.AND([domain, [("event_id", "=", self.event_id.id)]])
        if self.event_type_id:
            domain = expression.AND(
                [domain, [("event_id.event_type_id", "=", self.event_type_id.id)]]
            )
        if self.company_id:
            domain = expression.AND(
                [domain, [("event_id.company_id", "in", [False, self.company_id.id])]]
            )
        return domain

    def _run_on_registrations(self, registrations):
        """Apply the rules to a batch of bookings: one filter per rule, then
        one batch of contacts, enquiries and notes for all of them."""
        registrations = registrations.sudo().filtered(
            lambda r: not r.provide_enquiry_id
        )
        pairs, taken = [], set()
        for rule in self.sudo():
            if not registrations:
                break
            matching = registrations.filtered_domain(rule._registration_domain())
            for registration in matching:
                if registration.id not in taken:
                    taken.add(registration.id)
                    pairs.append((rule, registration))
        return self._create_enquiries(pairs)

    @api.model
    def _create_enquiries(self, pairs):
        """Enquiries for (rule, booking) pairs (an empty rule for a booking
        turned into an enquiry by hand). The contact is found or created from
        the booking; when that person already has an open enquiry, the booking
        is noted on it instead."""
        Enquiry = self.env["provide.enquiry"].sudo()
        if not pairs:
            return Enquiry
        # Links are written by the system: the person who books or confirms may
        # not be allowed to write enquiries or bookings themselves. Consents
        # are recorded once for the batch, at the end.
        pairs = [
            (rule.sudo(), registration.sudo().with_context(provide_consent_later=True))
            for rule, registration in pairs
        ]
        registrations = (
            self.env["event.registration"]
            .sudo()
            .concat(*(registration for _rule, registration in pairs))
        )
        # Each booking is the business of its event's agency: the contact,
        # the enquiry it is noted on or the one it opens are that agency's.
        companies = [
            self._enquiry_company(rule, registration) for rule, registration in pairs
        ]
        contacts = self._booking_contacts(registrations, companies)
        open_enquiries = self._open_enquiries(contacts, companies)
        to_create, created_for, notes, noted_later = [], [], [], []
        new_for_contact = {}
        for (rule, registration), contact, company in zip(
            pairs, contacts, companies, strict=True
        ):
            key = (contact, company)
            existing = open_enquiries.get(key) if contact else None
            if existing:
                notes.append((existing, registration))
            elif contact and key in new_for_contact:
                # The same person twice in the batch: one enquiry, then a note.
                noted_later.append((new_for_contact[key], registration))
            else:
                if contact:
                    new_for_contact[key] = len(to_create)
                to_create.append(self._enquiry_values(rule, registration, contact))
                created_for.append(registration)
        # No "assigned to you" e-mail per enquiry: an imported sheet would
        # send the adviser one for every interested attendee.
        enquiries = Enquiry.with_context(mail_auto_subscribe_no_notify=True).create(
            to_create
        )
        for enquiry, registration in zip(enquiries, created_for, strict=True):
            registration.provide_enquiry_id = enquiry
            if not registration.partner_id:
                registration.partner_id = enquiry.partner_id
        notes += [
            (enquiries[index], registration) for index, registration in noted_later
        ]
        self._note_bookings(notes)
        registrations._provide_record_consent()
        return enquiries

    @api.model
    def _booking_contacts(self, registrations, companies):
        """The contact of each booking, in its company: found by e-mail or
        phone, or created (`provide.enquiry._find_or_create_enquirers`)."""
        return (
            self.env["provide.enquiry"]
            .sudo()
            ._find_or_create_enquirers(
                [
                    {
                        "name": registration.name,
                        "email": registration.email,
                        "phone": registration.phone,
                        "company_id": company.id,
                        "company_name": registration.company_name,
                    }
                    for registration, company in zip(
                        registrations, companies, strict=True
                    )
                ]
            )
        )

    @api.model
    def _open_enquiries(self, contacts, companies):
        """{(contact, company): enquiry} of the open enquiries of `contacts`
        in `companies`, the most recent of each: the conversation going on.
        One search for the batch."""
        Enquiry = self.env["provide.enquiry"].sudo()
        open_enquiries = {}
        for enquiry in Enquiry.search(
            [
                ("partner_id", "in", self.env["res.partner"].concat(*contacts).ids),
                ("company_id", "in", list({company.id for company in companies})),
                ("outcome", "=", "open"),
            ],
            order="id desc",
        ):
            open_enquiries.setdefault((enquiry.partner_id, enquiry.company_id), enquiry)
        return open_enquiries

    @api.model
    def _note_bookings(self, notes):
        """Link each booking of the (enquiry, booking) `notes` to its
        enquiry and say so in the enquiry's chatter: who booked which event,
        as what, and their co-op idea."""
        if not notes:
            return
        roles = dict(
            self.env["event.registration"]
            ._fields["provide_attendee_role"]
            ._description_selection(self.env)
        )
        for enquiry, registration in notes:
            registration.provide_enquiry_id = enquiry
            enquiry.message_post(
                body=Markup("<p>%s</p>")
                % self.env._(
                    "%(attendee)s booked “%(event)s” (%(role)s) and wants to talk "
                    "about a co-op: %(idea)s",
                    attendee=registration.name or registration.email,
                    event=registration.event_id.name,
                    role=roles.get(registration.provide_attendee_role)
                    or self.env._("no role given"),
                    idea=registration.provide_idea or self.env._("no idea noted"),
                ),
                subtype_xmlid="mail.mt_note",
            )

    @api.model
    def _enquiry_company(self, rule, registration):
        return registration.event_id.company_id or rule.company_id or self.env.company

    @api.model
    def _enquiry_values(self, rule, registration, contact):
        event = registration.event_id
        idea = (registration.provide_idea or "").strip()
        title = idea.splitlines()[0][:80] if idea else ""
        return {
            "name": title
            or self.env._(
                "Co-op idea from %(attendee)s",
                attendee=registration.name or contact.name,
            ),
            "partner_id": contact.id or False,
            "contact_name": registration.name,
            "email_from": registration.email,
            "phone": registration.phone,
            "source": "event",
            # Someone who asked for help with a co-op consented to be
            # contacted about it; otherwise answering them is the agency's
            # legitimate interest.
            "lawful_basis": "consent"
            if registration.provide_lawful_basis == "consent"
            else "legitimate_interest",
            "enquirer_type": ROLE_TO_ENQUIRER_TYPE.get(
                registration.provide_attendee_role
            ),
            "service_description": idea or False,
            "event_id": event.id,
            "registration_id": registration.id,
            "event_rule_id": rule.id or False,
            "company_id": self._enquiry_company(rule, registration).id,
            "user_id": rule.user_id.id or False,
            "sector_id": rule.sector_id.id or False,
            "tag_ids": [fields.Command.set(rule.tag_ids.ids)],
        }
