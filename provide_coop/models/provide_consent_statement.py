from odoo import api, fields, models
from odoo.exceptions import ValidationError

PURPOSES = [
    ("web", "Public enquiry page"),
    ("booking", "Conference booking"),
    ("staff", "Phone or e-mail (adviser)"),
]
# The wording an agency starts with. "web": the public enquiry page;
# "booking": the conference booking form's "wants to start a co-op" box;
# "staff": read out or written by an adviser logging a phone call or an e-mail.
DEFAULT_TEXTS = {
    "web": (
        "I agree that you keep the details I give on this form to respond to my "
        "enquiry and advise on it. You will not share them outside the agency, and "
        "I can ask you to remove them at any time."
    ),
    "booking": (
        "I would like the agency to contact me about starting a co-op, and agree "
        "that it keeps the details I gave with my booking for that. I can withdraw "
        "this at any time."
    ),
    "staff": (
        "The enquirer agreed that we keep the details they gave us to respond to "
        "their enquiry and advise on it, that we do not share them outside the "
        "agency, and that they can ask us to remove them at any time."
    ),
}


class ProvideConsentStatement(models.Model):
    """The words a person agrees to when the agency keeps their details:
    one statement in force per purpose (the public page, a conference
    booking, an adviser on the phone or by e-mail) and per agency. Its
    version goes up by itself each time the words change; every consent
    keeps the text and the version it was given, so a later change never
    rewrites what someone agreed to."""

    _name = "provide.consent.statement"
    _description = "Consent statement"
    _inherit = ["mail.thread"]
    _order = "company_id, purpose, active desc, version desc"
    # Found by its words; shown by its purpose and version.
    _rec_name = "text"
    _check_company_auto = True

    purpose = fields.Selection(PURPOSES, required=True, index=True)
    company_id = fields.Many2one(
        "res.company",
        required=True,
        index=True,
        default=lambda self: self.env.company,
    )
    text = fields.Text(
        string="Statement",
        required=True,
        tracking=True,
        help="What the person agrees to, word for word. Changing it makes a "
        "new version; consents already given keep the words they agreed to.",
    )
    version = fields.Integer(
        default=1,
        required=True,
        readonly=True,
        tracking=True,
        help="Goes up by one each time the statement's words change.",
    )
    active = fields.Boolean(default=True, tracking=True)
    consent_count = fields.Integer(string="Consents", compute="_compute_consent_count")

    _sql_constraints = [
        (
            "purpose_company_current",
            "EXCLUDE (purpose WITH =, company_id WITH =) WHERE (active)",
            "An agency has one statement in force for each purpose: archive "
            "the other one first, or change its words.",
        ),
        ("version_positive", "CHECK (version > 0)", "A version starts at 1."),
    ]

    @api.depends("purpose", "version")
    def _compute_display_name(self):
        labels = dict(self._fields["purpose"]._description_selection(self.env))
        for statement in self:
            statement.display_name = self.env._(
                "%(purpose)s, version %(version)s",
                purpose=labels.get(statement.purpose, ""),
                version=statement.version,
            )

    def _compute_consent_count(self):
        counts = dict(
            self.env["provide.consent"]._read_group(
                [("statement_id", "in", self.ids)], ["statement_id"], ["__count"]
            )
        )
        for statement in self:
            statement.consent_count = counts.get(statement, 0)

    # ------------------------------------------------------------------
    # CRUD: the version follows the words
    # ------------------------------------------------------------------

    @api.model_create_multi
    def create(self, vals_list):
        for vals in vals_list:
            if "version" not in vals and vals.get("purpose"):
                # A statement that replaces archived ones goes on from their
                # last version, so no two wordings share a number.
                vals["version"] = self._next_version(
                    vals["purpose"], vals.get("company_id") or self.env.company.id
                )
        return super().create(vals_list)

    def write(self, vals):
        if "version" in vals:
            lower = self.filtered(lambda s: s.version > vals["version"])
            if lower:
                raise ValidationError(
                    self.env._(
                        "A statement's version only goes up: “%(statement)s” "
                        "cannot go back to version %(version)s.",
                        statement=lower[0].display_name,
                        version=vals["version"],
                    )
                )
        if "text" not in vals or "version" in vals:
            return super().write(vals)
        changed = self.filtered(lambda s: s.text != vals["text"])
        for statement in changed:
            super(ProvideConsentStatement, statement).write(
                {**vals, "version": statement.version + 1}
            )
        return super(ProvideConsentStatement, self - changed).write(vals)

    @api.model
    def _next_version(self, purpose, company_id):
        last = self.with_context(active_test=False).search(
            [("purpose", "=", purpose), ("company_id", "=", company_id)],
            order="version desc",
            limit=1,
        )
        return last.version + 1

    # ------------------------------------------------------------------
    # Actions
    # ------------------------------------------------------------------

    def action_open_consents(self):
        self.ensure_one()
        action = self.env["ir.actions.act_window"]._for_xml_id(
            "provide_coop.provide_consent_action"
        )
        action["domain"] = [("statement_id", "=", self.id)]
        action["context"] = {"create": False}
        return action

    # ------------------------------------------------------------------
    # The statement a consent records
    # ------------------------------------------------------------------

    @api.model
    def _current(self, purpose, company=None):
        """The statement of `purpose` in force for `company` (the current
        one by default). An agency without one (new, or its statement was
        archived with no other to replace it) gets one in the default words:
        the public page and bookings must always have words to record."""
        company = company or self.env.company
        # The public page and bookings ask without a user (or with one who
        # may not read the configuration); a statement's words are public.
        Statement = self.sudo()
        statement = Statement.search(
            [("purpose", "=", purpose), ("company_id", "=", company.id)], limit=1
        )
        if not statement:
            statement = Statement.create(
                {
                    "purpose": purpose,
                    "company_id": company.id,
                    "text": DEFAULT_TEXTS[purpose],
                }
            )
        return statement.with_env(self.env)

    def _consent_values(self):
        """What a consent keeps of this statement: the link, and the words
        and version as they are now, which later changes leave alone."""
        self.ensure_one()
        statement = self.sudo()
        return {
            "statement_id": statement.id,
            "text": statement.text,
            "version": str(statement.version),
        }

    @api.model
    def _provide_create_defaults(self):
        """The three statements, in the default words, for every agency that
        has none (at install)."""
        for company in self.env["res.company"].search([]):
            for purpose, _label in PURPOSES:
                self._current(purpose, company)
