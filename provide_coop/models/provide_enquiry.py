from odoo import api, fields, models
from odoo.exceptions import ValidationError
from odoo.tools import email_normalize

PRIORITIES = [
    ("0", "Normal"),
    ("1", "Good"),
    ("2", "Very Good"),
    ("3", "Excellent"),
]


class ProvideEnquiry(models.Model):
    """An opportunity someone has spotted for a co-operative to deliver a public
    service. Advisers work it through the assessment stages until a co-op is
    launched, or close it as not proceeding (archived with a reason, never deleted).
    """

    _name = "provide.enquiry"
    _description = "Co-op enquiry"
    _inherit = [
        "mail.thread.cc",
        "mail.activity.mixin",
        "mail.tracking.duration.mixin",
    ]
    _order = "priority desc, id desc"
    _rec_names_search = ["name", "reference", "partner_id.name", "email_from"]
    _check_company_auto = True
    _track_duration_field = "stage_id"
    _primary_email = "email_from"

    name = fields.Char(string="Opportunity", required=True, tracking=True)
    reference = fields.Char(readonly=True, copy=False, index="trigram")
    active = fields.Boolean(default=True, tracking=True)
    company_id = fields.Many2one(
        "res.company",
        required=True,
        index=True,
        default=lambda self: self.env.company,
    )
    currency_id = fields.Many2one(related="company_id.currency_id")

    # The enquirer: a contact, or a name / e-mail / phone typed by the adviser
    # from which the contact is found or created.
    partner_id = fields.Many2one(
        "res.partner",
        string="Enquirer",
        index=True,
        tracking=True,
        check_company=True,
    )
    contact_name = fields.Char(
        compute="_compute_contact_name", store=True, readonly=False
    )
    email_from = fields.Char(
        string="Email", compute="_compute_email_from", store=True, readonly=False
    )
    phone = fields.Char(compute="_compute_phone", store=True, readonly=False)
    enquirer_type = fields.Selection(
        [
            ("public_sector_workers", "Public-sector workers"),
            ("community_group", "Community group"),
            ("service_users", "Service users"),
            ("existing_coop", "Existing co-op"),
            ("councillor_officer", "Councillor or officer"),
            ("other", "Other"),
        ],
        index=True,
    )
    source = fields.Selection(
        [
            ("phone", "Phone"),
            ("email", "E-mail"),
            ("web", "Website"),
            ("event", "Event"),
            ("referral", "Referral"),
            ("other", "Other"),
        ],
        default="phone",
        index=True,
        tracking=True,
    )

    # The opportunity
    sector_id = fields.Many2one("provide.sector", index=True, tracking=True)
    local_authority_id = fields.Many2one(
        "res.partner",
        index=True,
        tracking=True,
        check_company=True,
        domain="[('is_local_authority', '=', True)]",
        help="The council or commissioning body that buys or runs the service today.",
    )
    service_description = fields.Text(
        help="The public service a co-op could deliver, in the enquirer's words."
    )
    workforce_size = fields.Integer(
        help="People who deliver the service today (staff who could become members)."
    )
    annual_contract_value = fields.Monetary(
        currency_field="currency_id",
        help="What the service is worth per year to the commissioner.",
    )
    case_study_ids = fields.Many2many(
        "provide.case.study",
        "provide_enquiry_case_study_rel",
        "enquiry_id",
        "case_study_id",
        string="Case Studies",
        help="Co-ops already delivering a similar service, to show the enquirer.",
    )

    # Pipeline
    stage_id = fields.Many2one(
        "provide.assessment.stage",
        index=True,
        tracking=True,
        copy=False,
        ondelete="restrict",
        group_expand="_read_group_stage_ids",
        default=lambda self: self._default_stage_id(),
    )
    stage_is_won = fields.Boolean(related="stage_id.is_won")
    user_id = fields.Many2one(
        "res.users",
        string="Adviser",
        index=True,
        tracking=True,
        default=lambda self: self.env.user,
        domain="[('share', '=', False)]",
    )
    priority = fields.Selection(PRIORITIES, default="0", index=True)
    color = fields.Integer()
    tag_ids = fields.Many2many(
        "provide.enquiry.tag",
        "provide_enquiry_tag_rel",
        "enquiry_id",
        "tag_id",
        string="Tags",
    )
    date_last_stage_update = fields.Datetime(
        string="Last Stage Update",
        index=True,
        copy=False,
        readonly=True,
        default=fields.Datetime.now,
    )
    date_closed = fields.Datetime(
        string="Closed On",
        index=True,
        copy=False,
        readonly=True,
        help="When the co-op was launched or the enquiry closed as not proceeding.",
    )
    close_reason_id = fields.Many2one(
        "provide.close.reason",
        index=True,
        tracking=True,
        copy=False,
        ondelete="restrict",
    )
    outcome = fields.Selection(
        [("open", "Open"), ("won", "Co-op launched"), ("lost", "Not proceeding")],
        compute="_compute_outcome",
        store=True,
        index=True,
    )

    @api.model
    def _default_stage_id(self):
        return self.env["provide.assessment.stage"].search([], limit=1)

    @api.model
    def _read_group_stage_ids(self, stages, domain):
        # Every stage is a column of the kanban, empty ones included.
        return stages.search([])

    @api.depends("partner_id")
    def _compute_contact_name(self):
        for enquiry in self:
            if enquiry.partner_id:
                enquiry.contact_name = enquiry.partner_id.name

    @api.depends("partner_id")
    def _compute_email_from(self):
        for enquiry in self:
            if enquiry.partner_id.email:
                enquiry.email_from = enquiry.partner_id.email

    @api.depends("partner_id")
    def _compute_phone(self):
        for enquiry in self:
            if enquiry.partner_id.phone:
                enquiry.phone = enquiry.partner_id.phone

    @api.depends("active", "stage_id.is_won")
    def _compute_outcome(self):
        for enquiry in self:
            if not enquiry.active:
                enquiry.outcome = "lost"
            elif enquiry.stage_id.is_won:
                enquiry.outcome = "won"
            else:
                enquiry.outcome = "open"

    @api.constrains("name")
    def _check_name(self):
        for enquiry in self:
            self._check_name_value(enquiry.name)

    @api.constrains("workforce_size", "annual_contract_value")
    def _check_positive_figures(self):
        for enquiry in self:
            if enquiry.workforce_size < 0:
                raise ValidationError(
                    self.env._(
                        "The workforce size of “%(name)s” cannot be negative.",
                        name=enquiry.name,
                    )
                )
            if enquiry.annual_contract_value < 0:
                raise ValidationError(
                    self.env._(
                        "The annual contract value of “%(name)s” cannot be negative.",
                        name=enquiry.name,
                    )
                )

    @api.constrains("email_from")
    def _check_email_from(self):
        for enquiry in self:
            # What the contact already holds is the contact's business; what
            # the adviser typed on the enquiry must be an address.
            if enquiry.email_from != enquiry.partner_id.email:
                self._check_email_value(enquiry.email_from)

    @api.constrains("active", "close_reason_id")
    def _check_close_reason(self):
        for enquiry in self:
            if not enquiry.active and not enquiry.close_reason_id:
                raise ValidationError(
                    self.env._(
                        "“%(name)s” can only be closed with a reason. Use "
                        "“Not Proceeding” and pick why.",
                        name=enquiry.name,
                    )
                )

    @api.model
    def _check_name_value(self, name):
        if not (name or "").strip():
            raise ValidationError(
                self.env._("Give the enquiry a name: what opportunity is it?")
            )

    @api.model
    def _check_email_value(self, email):
        if email and not email_normalize(email):
            raise ValidationError(
                self.env._("“%(email)s” is not a valid e-mail address.", email=email)
            )

    @api.model_create_multi
    def create(self, vals_list):
        for vals in vals_list:
            self._check_name_value(vals.get("name"))
        # The enquirers typed without a contact: found or created in one go.
        without_partner = [vals for vals in vals_list if not vals.get("partner_id")]
        partners = self._find_or_create_enquirers(
            [
                {
                    "name": vals.get("contact_name"),
                    "email": vals.get("email_from"),
                    "phone": vals.get("phone"),
                    "company_id": vals.get("company_id"),
                }
                for vals in without_partner
            ]
        )
        for vals, partner in zip(without_partner, partners, strict=True):
            if partner:
                vals["partner_id"] = partner.id
        for vals in vals_list:
            if vals.get("stage_id"):
                stage = self.env["provide.assessment.stage"].browse(vals["stage_id"])
                if stage.is_won:
                    vals.setdefault("date_closed", fields.Datetime.now())
            if "active" in vals and not vals["active"]:
                vals.setdefault("date_closed", fields.Datetime.now())
            if not vals.get("reference"):
                company = self.env["res.company"].browse(vals.get("company_id"))
                vals["reference"] = (
                    self.env["ir.sequence"]
                    .with_company(company or self.env.company)
                    .next_by_code("provide.enquiry")
                )
        return super().create(vals_list)

    def write(self, vals):
        if "stage_id" in vals and "active" not in vals:
            closed = self.filtered(lambda enquiry: not enquiry.active)
            if closed and closed != self:
                # Open and closed enquiries date a stage move differently.
                return (self - closed).write(vals) and closed.write(vals)
        vals = dict(vals)
        now = fields.Datetime.now()
        if "stage_id" in vals:
            vals["date_last_stage_update"] = now
            stage = self.env["provide.assessment.stage"].browse(vals["stage_id"])
            # A card closed as not proceeding can still be dragged on the
            # kanban; it stays closed on the date it was closed.
            keeps_closing_date = "active" not in vals and self and not self[:1].active
            if stage.is_won and not keeps_closing_date:
                vals.setdefault("date_closed", now)
            elif "active" not in vals and not keeps_closing_date:
                # Moving a launched co-op back into the pipeline reopens it.
                vals.setdefault("date_closed", False)
        if "active" in vals:
            if vals["active"]:
                vals.update(close_reason_id=False, date_closed=False)
            else:
                vals.setdefault("date_closed", now)
        if vals.get("email_from") or vals.get("contact_name"):
            without_partner = self.filtered(lambda e: not e.partner_id)
            if without_partner and "partner_id" not in vals:
                enquirer = self._find_or_create_enquirer(
                    vals.get("contact_name") or without_partner[:1].contact_name,
                    vals.get("email_from"),
                    vals.get("phone"),
                )
                if enquirer:
                    super(ProvideEnquiry, without_partner).write(
                        {"partner_id": enquirer.id}
                    )
        return super().write(vals)

    # ------------------------------------------------------------------
    # Contacts
    # ------------------------------------------------------------------

    @api.model
    def _find_or_create_enquirer(self, name, email, phone=None, company_id=None):
        """The one place where an enquirer becomes a contact (see
        `_find_or_create_enquirers`, which this calls for one person)."""
        return self._find_or_create_enquirers(
            [
                {
                    "name": name,
                    "email": email,
                    "phone": phone,
                    "company_id": company_id,
                }
            ]
        )[0]

    @api.model
    def _find_or_create_enquirers(self, people):
        """Contacts for a batch of people (dicts with name, email and optional
        phone, company_id, company_name), in the same order.

        A contact with the same e-mail (compared normalised, so case and
        display names do not matter) is reused; otherwise one is created, once
        per address even when the batch names it twice. With neither a name
        nor an e-mail there is nobody to record (an empty recordset). One
        search and one create, whatever the size of the batch.
        """
        Partner = self.env["res.partner"]
        for person in people:
            self._check_email_value(person.get("email"))
        normalized = [
            email_normalize(person["email"]) if person.get("email") else False
            for person in people
        ]
        found = {}
        wanted = {email for email in normalized if email}
        if wanted:
            for partner in Partner.search(
                [("email_normalized", "in", list(wanted))], order="id desc"
            ):
                # Ordered newest first, so the oldest contact wins.
                found[partner.email_normalized] = partner
        to_create, keys, seen = [], [], set()
        for index, (person, email) in enumerate(zip(people, normalized, strict=True)):
            name = (person.get("name") or "").strip()
            key = email or ("person", index)
            if email in found or key in seen or (not name and not email):
                continue
            keys.append(key)
            seen.add(key)
            to_create.append(
                {
                    "name": name or email,
                    "email": person.get("email") or False,
                    "phone": person.get("phone") or False,
                    "company_id": person.get("company_id") or False,
                    "company_name": person.get("company_name") or False,
                }
            )
        found.update(zip(keys, Partner.create(to_create), strict=True))
        result = []
        for index, email in enumerate(normalized):
            result.append(found.get(email or ("person", index), Partner))
        return result

    # ------------------------------------------------------------------
    # Actions
    # ------------------------------------------------------------------

    def action_close(self):
        """Open the wizard that closes enquiries as not proceeding."""
        return {
            "type": "ir.actions.act_window",
            "name": self.env._("Close as not proceeding"),
            "res_model": "provide.enquiry.close",
            "view_mode": "form",
            "target": "new",
            "context": {"active_model": self._name, "active_ids": self.ids},
        }

    def action_archive(self):
        # Archiving an enquiry means closing it, which needs a reason.
        if self.filtered(lambda e: e.active and not e.close_reason_id):
            return self.action_close()
        return super().action_archive()

    def action_reopen(self):
        self.write({"active": True})
        return True

    def _close(self, reason, note=False):
        self.write({"close_reason_id": reason.id, "active": False})
        if note:
            for enquiry in self:
                enquiry.message_post(body=note, subtype_xmlid="mail.mt_note")
        return True
