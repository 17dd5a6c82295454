import re

from odoo import api, fields, models
from odoo.exceptions import AccessError
from odoo.tools import escape_psql, html2plaintext

# Titles a UK letter puts before the surname ("Dear Dr Okafor"); "Sir" and
# "Dame" go before the first name ("Dear Sir Tom").
HONORIFICS = {
    "dr", "mr", "mrs", "ms", "miss", "mx", "prof", "professor", "rev", "revd",
    "cllr", "lord", "lady",
}  # fmt: skip
HONORIFICS_FIRST_NAME = {"sir", "dame"}


# What a subject access request shows of the contact and of each of their
# records, in this order (the JSON file's keys, the PDF's lines).
PERSONAL_DATA_FIELDS = {
    "contact": (
        "name",
        "email",
        "phone",
        "mobile",
        "function",
        "parent_id",
        "street",
        "street2",
        "zip",
        "city",
        "country_id",
        "website",
        "lang",
        "comment",
        "create_date",
    ),
    "enquiries": (
        "reference",
        "name",
        "contact_name",
        "email_from",
        "phone",
        "enquirer_type",
        "source",
        "lawful_basis",
        "consent_withdrawn_date",
        "is_confidential",
        "sector_id",
        "local_authority_id",
        "service_description",
        "stage_id",
        "outcome",
        "user_id",
        "date_received",
        "date_closed",
        "event_id",
    ),
    "bookings": (
        "event_id",
        "name",
        "email",
        "phone",
        "company_name",
        "provide_attendee_role",
        "provide_interest",
        "provide_idea",
        "provide_lawful_basis",
        "state",
        "create_date",
    ),
    "consents": (
        "date",
        "channel",
        "text",
        "version",
        "enquiry_id",
        "registration_id",
        "withdrawn_date",
        "withdrawn_via",
    ),
}


def provide_salutation(name, title=None):
    """What follows "Dear" in a UK letter to `name`: the title and surname
    ("Dr Okafor") when the name or the contact's `title` (its shortcut, say
    "Dr.") carries one, the first name otherwise ("Helen")."""
    words = (name or "").split()
    if not words:
        return ""
    first = words[0].rstrip(".")
    if len(words) > 1 and first.lower() in HONORIFICS:
        return f"{first} {words[-1]}"
    if len(words) > 1 and first.lower() in HONORIFICS_FIRST_NAME:
        return f"{first} {words[1]}"
    title = (title or "").strip().rstrip(".")
    if title and len(words) > 1:
        return f"{title} {words[-1]}"
    return words[0]


class ResPartner(models.Model):
    """Contacts gain what an adviser needs to see at a glance: whether the
    contact is a council / commissioning body or a co-operative, its
    enquiries and the conferences it attended; and a phone key by which a
    caller who gives no e-mail is recognised."""

    _inherit = "res.partner"

    is_local_authority = fields.Boolean(
        string="Local Authority",
        index=True,
        help="A council or other body that commissions public services.",
    )
    is_coop = fields.Boolean(
        string="Co-operative",
        index=True,
        help="A co-operative or community benefit society.",
    )
    provide_enquiry_ids = fields.One2many(
        "provide.enquiry", "partner_id", string="Co-op Enquiries"
    )
    provide_salutation = fields.Char(
        string="Salutation",
        compute="_compute_provide_salutation",
        help='What follows "Dear" in a letter: "Dr Okafor", or the first name.',
    )
    provide_enquiry_count = fields.Integer(
        string="Enquiry Count",
        compute="_compute_provide_enquiry_count",
        groups="provide_coop.group_provide_user",
    )
    provide_authority_enquiry_count = fields.Integer(
        string="Enquiries in Area",
        compute="_compute_provide_authority_enquiry_count",
        groups="provide_coop.group_provide_user",
    )

    provide_coop_count = fields.Integer(
        string="Launched Co-op",
        compute="_compute_provide_coop_count",
        groups="provide_coop.group_provide_user",
    )

    provide_attended_count = fields.Integer(
        string="Events Attended",
        compute="_compute_provide_attended_count",
        groups="event.group_event_registration_desk",
    )
    provide_phone_key = fields.Char(
        compute="_compute_provide_phone_key",
        store=True,
        index="btree_not_null",
        help="The phone number in international form (Odoo's phone validation), "
        "so the same number typed two ways finds the same contact.",
    )

    @api.model
    def _provide_find_organisations(self, names, company=None):
        """Company contacts for organisation names as people type them, keyed
        by the normalised name (case and spacing do not matter); where two
        share a name, a local authority wins, then the oldest. Only contacts
        of `company` (default: the current one) and contacts shared by every
        company are looked at: an agency never files its enquirers under
        another agency's councils. One search.

        The names are matched exactly: "%" and "_" typed in a form are
        characters, not patterns."""
        keys = {self._provide_organisation_key(name) for name in names} - {""}
        if not keys:
            return {}
        company = company or self.env.company
        # =ilike finds the candidates through the index whatever the case;
        # runs of spaces in a stored name are allowed (%, after escaping
        # the name's own pattern characters), and the exact normalised
        # comparison below decides.
        domain = ["|"] * (len(keys) - 1) + [
            ("name", "=ilike", "%".join(escape_psql(word) for word in key.split()))
            for key in sorted(keys)
        ]
        found = {}
        for partner in self.search(
            [
                ("is_company", "=", True),
                ("company_id", "in", [company.id, False]),
                *domain,
            ],
            order="is_local_authority desc, id",
        ):
            key = self._provide_organisation_key(partner.name)
            if key in keys:
                found.setdefault(key, partner)
        return found

    @api.model
    def _provide_organisation_key(self, name):
        return " ".join((name or "").split()).casefold()

    @api.depends("name", "is_company", "title")
    def _compute_provide_salutation(self):
        for partner in self:
            partner.provide_salutation = (
                partner.name
                if partner.is_company
                else provide_salutation(
                    partner.name, partner.title.shortcut or partner.title.name
                )
            )

    @api.depends("phone", "country_id")
    def _compute_provide_phone_key(self):
        for partner in self:
            partner.provide_phone_key = self._provide_phone_key(
                partner.phone, partner.country_id
            )

    @api.model
    def _provide_phone_key(self, phone, country=None):
        """`phone` as one comparable string: E.164 where Odoo's phone
        validation can read it (the contact's country, else the company's),
        else its digits."""
        if not phone:
            return False
        # Asked of no record: Odoo's helper reads the country of the record
        # it is asked of, and a batch of contacts is not one.
        key = self.browse()._phone_format(
            number=phone,
            country=country or self.env.company.country_id,
            force_format="E164",
        )
        return key or re.sub(r"[^\d+]", "", phone) or False

    def _compute_provide_enquiry_count(self):
        # An organisation counts its people's enquiries as well as its own;
        # one grouped query for the whole batch.
        rows = self.env["provide.enquiry"]._read_group(
            [
                "|",
                ("partner_id", "in", self.ids),
                ("commercial_partner_id", "in", self.ids),
            ],
            ["commercial_partner_id", "partner_id"],
            ["__count"],
        )
        for partner in self:
            partner.provide_enquiry_count = sum(
                count
                for organisation, person, count in rows
                if partner._origin in (organisation, person)
            )

    def _compute_provide_authority_enquiry_count(self):
        authorities = self.filtered("is_local_authority")
        counts = {}
        if authorities:
            counts = dict(
                self.env["provide.enquiry"]._read_group(
                    [("local_authority_id", "in", authorities.ids)],
                    ["local_authority_id"],
                    ["__count"],
                )
            )
        for partner in self:
            partner.provide_authority_enquiry_count = counts.get(partner._origin, 0)

    def _compute_provide_coop_count(self):
        counts = dict(
            self.env["provide.coop"]._read_group(
                [("partner_id", "in", self.ids)], ["partner_id"], ["__count"]
            )
        )
        for partner in self:
            partner.provide_coop_count = counts.get(partner._origin, 0)

    def action_view_provide_coop(self):
        self.ensure_one()
        coops = self.env["provide.coop"].search([("partner_id", "=", self.id)])
        action = self.env["ir.actions.act_window"]._for_xml_id(
            "provide_coop.provide_coop_action"
        )
        action["domain"] = [("partner_id", "=", self.id)]
        if len(coops) == 1:
            action.update(views=[(False, "form")], res_id=coops.id)
        return action

    def action_view_provide_enquiries(self):
        self.ensure_one()
        action = self.env["ir.actions.act_window"]._for_xml_id(
            "provide_coop.provide_enquiry_action"
        )
        if self.env.context.get("provide_as_authority"):
            action["domain"] = [("local_authority_id", "=", self.id)]
            action["context"] = {"default_local_authority_id": self.id}
        else:
            action["domain"] = [
                "|",
                ("partner_id", "=", self.id),
                ("commercial_partner_id", "=", self.id),
            ]
            action["context"] = {"default_partner_id": self.id}
        return action

    def _compute_provide_attended_count(self):
        counts = dict(
            self.env["event.registration"]._read_group(
                [("partner_id", "in", self.ids), ("state", "=", "done")],
                ["partner_id"],
                ["__count"],
            )
        )
        for partner in self:
            partner.provide_attended_count = counts.get(partner, 0)

    def action_provide_view_attended(self):
        self.ensure_one()
        return {
            "type": "ir.actions.act_window",
            "name": self.env._("Events Attended"),
            "res_model": "event.registration",
            "view_mode": "list,form",
            "domain": [("partner_id", "=", self.id), ("state", "=", "done")],
        }

    # ------------------------------------------------------------------
    # Subject access: everything the app holds on a person
    # ------------------------------------------------------------------

    def _provide_check_personal_data_access(self):
        """Refuse, with an AccessError, unless the user is a co-op manager
        who may read each of these contacts: what the app holds on a person
        (confidential enquiries included) is read for a manager only."""
        if self.env.su:
            return
        user = self.env.user
        if not user.has_group("provide_coop.group_provide_manager"):
            raise AccessError(
                self.env._("Only co-op managers can export a person's personal data.")
            )
        self.check_access("read")
        foreign = self.filtered(
            lambda partner: partner.company_id
            and partner.company_id not in user.company_ids
        )
        if foreign:
            raise AccessError(
                self.env._(
                    "%(name)s is a contact of another agency.",
                    name=foreign[:1].display_name,
                )
            )

    def _provide_log_personal_data_export(self, how):
        """Log, in Odoo's privacy log and on each contact, that the user
        exported what the app holds on these people (`how`: PDF, JSON...)."""
        self._provide_check_personal_data_access()
        user = self.env.user
        for partner in self:
            enquiries, registrations = partner._provide_readable_records()
            lines = [
                f"{label} ({len(records)}): "
                + ", ".join(f"#{record_id}" for record_id in records.ids)
                for label, records in (
                    ("Contact", partner),
                    ("Co-op Enquiry", enquiries),
                    ("Event Registration", registrations),
                )
                if records
            ]
            details = self.env._(
                "Personal data exported as %(how)s by %(user)s.",
                how=how,
                user=user.name,
            )
            # The privacy log is Odoo's, for administrators only; the user's
            # right to export was checked above and only the log is written.
            self.env["privacy.log"].sudo().create(
                {
                    "anonymized_name": partner.name or "-",
                    # Odoo's log needs an address; a contact without one is
                    # logged by its id.
                    "anonymized_email": partner.email_normalized
                    or f"contact-{partner.id}@no-address.invalid",
                    "execution_details": details,
                    "records_description": "\n".join(lines),
                    "user_id": user.id,
                }
            )
            # Managers may not write every contact (another agency's shared
            # contact, say); the note is the app's, its author the user.
            partner.sudo()._message_log(body=details, author_id=user.partner_id.id)

    def _provide_personal_data(self):
        """What the app holds on this person, as plain values (for the JSON
        file and the PDF of a subject access request): the contact's fields,
        their enquiries, bookings and consents, and the messages they sent,
        within the agencies (companies) of the user. For co-op managers only
        (`_provide_check_personal_data_access`)."""
        self.ensure_one()
        self._provide_check_personal_data_access()
        partner = self.with_context(active_test=False)
        enquiries, registrations = partner._provide_readable_records()
        consents = partner._provide_personal_data_consents(enquiries, registrations)
        rows = partner._provide_personal_data_rows
        return {
            "generated": fields.Datetime.to_string(fields.Datetime.now()),
            "organisation": partner.env.company.name,
            "contact": rows(partner, PERSONAL_DATA_FIELDS["contact"])[0],
            "enquiries": rows(enquiries, PERSONAL_DATA_FIELDS["enquiries"]),
            "bookings": rows(registrations, PERSONAL_DATA_FIELDS["bookings"]),
            "consents": rows(consents, PERSONAL_DATA_FIELDS["consents"]),
            "messages": partner._provide_personal_data_messages(),
        }

    @api.model
    def _provide_personal_data_rows(self, records, names):
        """`records` as one dict of plain values per record: what Odoo's
        export gives (a selection's label, a record's name), but dates and
        times as text in UTC, as the messages' dates."""

        def value(record, name):
            field = record._fields[name]
            if field.type in ("date", "datetime"):
                return fields.Datetime.to_string(record[name]) if record[name] else ""
            return field.convert_to_export(record[name], record)

        return [{name: value(record, name) for name in names} for record in records]

    def _provide_personal_data_consents(self, enquiries, registrations):
        """The person's consents given for `enquiries` or `registrations`
        (those the user may read), or for neither."""
        return (
            self.env["provide.consent"]
            .search([("partner_id", "=", self.id)], order="date, id")
            .filtered(
                lambda consent: consent.enquiry_id in enquiries
                if consent.enquiry_id
                else not consent.registration_id
                or consent.registration_id in registrations
            )
        )

    def _provide_personal_data_messages(self):
        """The e-mails and comments the person wrote, as plain text. Read as
        the user: the messages on documents they may read."""
        messages = self.env["mail.message"].search(
            [
                ("author_id", "=", self.id),
                ("message_type", "in", ("email", "comment")),
            ],
            order="date, id",
        )
        return [
            {
                "date": fields.Datetime.to_string(message.date),
                "about": message.record_name or "",
                "subject": message.subject or "",
                "message": html2plaintext(message.body or "").strip(),
            }
            for message in messages
        ]

    def _provide_held_records(self):
        """The person's enquiries and bookings, archived ones included:
        linked to the contact, or made with their exact e-mail address
        (normalised, never a pattern). What an erasure anonymises; read
        whatever the company, so that a caller can check it may."""
        self.ensure_one()
        # Callers check the user's right first (Forget: managers of every
        # agency holding the records); only ids and companies are read here.
        partner = self.sudo().with_context(active_test=False)
        enquiry_domain = [("partner_id", "=", partner.id)]
        registration_domain = [("partner_id", "=", partner.id)]
        email = partner.email_normalized
        if email:
            enquiry_domain = ["|", *enquiry_domain, ("email_normalized", "=", email)]
            registration_domain = [
                "|",
                *registration_domain,
                ("provide_email_normalized", "=", email),
            ]
        return (
            partner.env["provide.enquiry"].search(enquiry_domain, order="id"),
            partner.env["event.registration"].search(registration_domain, order="id"),
        )

    def _provide_readable_records(self):
        """The person's enquiries and bookings within the user's agencies
        (companies): what a subject access request by this user returns.
        Read as the superuser (bookings without an enquiry are the events
        team's): callers check `_provide_check_personal_data_access` first."""
        self.ensure_one()
        enquiries, registrations = self._provide_held_records()
        if self.env.su:
            return enquiries, registrations
        companies = self.env.user.company_ids
        return (
            enquiries.filtered(lambda enquiry: enquiry.company_id in companies),
            registrations.filtered(
                lambda booking: not booking.event_id.company_id
                or booking.event_id.company_id in companies
            ),
        )

    def action_provide_export_personal_data(self):
        """Managers: download everything the app holds on the person as
        JSON (the PDF is in the Print menu). The download is logged."""
        self.ensure_one()
        self._provide_check_personal_data_access()
        return {
            "type": "ir.actions.act_url",
            "url": f"/coop/personal-data/{self.id}.json",
            "target": "download",
        }
