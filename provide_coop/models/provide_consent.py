import hashlib

from markupsafe import Markup

from odoo import api, fields, models
from odoo.tools import SQL, email_normalize
from odoo.tools.misc import hash_sign, verify_hash_signed
from odoo.tools.misc import hmac as odoo_hmac

CONSENT_CHANNELS = [
    ("web", "Web page"),
    ("booking", "Conference booking"),
    ("phone", "Phone"),
    ("email", "E-mail"),
]
# Why the agency holds someone's details (UK GDPR / GDPR article 6).
LAWFUL_BASES = [
    ("consent", "Consent"),
    ("legitimate_interest", "Legitimate interest"),
    ("contract", "Contract"),
]
WITHDRAW_SCOPE = "provide_coop.consent_withdraw"
FORGOTTEN_SCOPE = "provide_coop.forgotten_email"
# A forgotten address is kept on Odoo's blacklist as a keyed hash in the
# shape of an address, so the blacklist accepts it and nobody can read it.
FORGOTTEN_DOMAIN = "forgotten.invalid"


class ProvideConsent(models.Model):
    """What someone agreed to when they gave us their details: the exact
    statement they were shown, its version, when and through which channel.
    Kept as a record, not a tick box on the contact, so an adviser can show
    what was agreed and when it was withdrawn.

    Withdrawing is the person's word, not one record's: it withdraws every
    consent of theirs still in force, puts their address on Odoo's mail
    blacklist and logs it on the contact and the enquiries. From then on the
    app sends them no e-mail (`_provide_blocked_emails`)."""

    _name = "provide.consent"
    _description = "Consent to hold an enquirer's details"
    _order = "date desc, id desc"
    _rec_name = "partner_id"
    _check_company_auto = True

    partner_id = fields.Many2one(
        "res.partner", string="Contact", required=True, index=True, ondelete="cascade"
    )
    enquiry_id = fields.Many2one(
        "provide.enquiry", index="btree_not_null", ondelete="set null"
    )
    registration_id = fields.Many2one(
        "event.registration",
        string="Booking",
        index="btree_not_null",
        ondelete="set null",
    )
    # The agency that holds the consent: its enquiry's, else its booking's.
    # Follows the enquiry when a manager moves it to another company.
    company_id = fields.Many2one(
        "res.company",
        compute="_compute_company_id",
        store=True,
        readonly=False,
        precompute=True,
        index=True,
    )
    # The statement's words and version are copied, not read through the
    # link: the consent keeps what was agreed when the statement changes.
    # No company check: a consent follows its enquiry to another agency,
    # the statement it was given under stays what it was.
    statement_id = fields.Many2one(
        "provide.consent.statement",
        string="Consent Statement",
        index="btree_not_null",
        ondelete="restrict",
        help="The statement agreed to (consents recorded before statements "
        "were kept as records have none).",
    )
    text = fields.Text(
        string="Statement", required=True, help="The exact statement they agreed to."
    )
    version = fields.Char(required=True)
    date = fields.Datetime(required=True, default=fields.Datetime.now)
    channel = fields.Selection(CONSENT_CHANNELS, required=True, default="web")
    withdrawn_date = fields.Datetime(string="Withdrawn On")
    withdrawn_via = fields.Selection(
        [("staff", "Recorded by staff"), ("link", "Link in an e-mail")],
        readonly=True,
    )
    withdraw_url = fields.Char(
        compute="_compute_withdraw_url",
        help="The link, in e-mails to the person, that withdraws this consent "
        "without logging in.",
    )

    @api.depends("enquiry_id.company_id", "registration_id.company_id")
    def _compute_company_id(self):
        for consent in self:
            consent.company_id = (
                consent.enquiry_id.company_id
                or consent.registration_id.company_id
                or consent.company_id
                or self.env.company
            )

    def _compute_withdraw_url(self):
        env = self.env(su=True)
        for consent in self:
            token = hash_sign(env, WITHDRAW_SCOPE, consent.id) if consent.id else ""
            consent.withdraw_url = (
                f"{consent.get_base_url()}/coop/consent/withdraw?token={token}"
                if token
                else False
            )

    @api.model
    def _from_token(self, token):
        """The consent a withdrawal link names, or an empty recordset for a
        token that is not one of ours."""
        if not isinstance(token, str) or not token or len(token) > 200:
            return self.browse()
        try:
            consent_id = verify_hash_signed(self.env(su=True), WITHDRAW_SCOPE, token)
        except ValueError:  # not base64, not JSON
            return self.browse()
        if not isinstance(consent_id, int):
            return self.browse()
        return self.browse(consent_id).exists()

    # ------------------------------------------------------------------
    # Withdrawal
    # ------------------------------------------------------------------

    def action_withdraw(self):
        # The withdrawal runs as the system (it blacklists and logs): the
        # consents must be ones the user may read, their agency's.
        self.check_access("read")
        self._withdraw("staff")
        return True

    def _withdraw(self, via):
        """Withdraw, for each person of these consents, every consent of
        theirs in force; blacklist their addresses and log it on the contact
        and on the enquiries the consents belong to."""
        partners = self.partner_id
        consents = self.sudo().search(
            [("partner_id", "in", partners.ids), ("withdrawn_date", "=", False)]
        )
        if not consents:
            return consents
        now = fields.Datetime.now()
        consents.write({"withdrawn_date": now, "withdrawn_via": via})
        how = (
            self.env._("through the link in an e-mail")
            if via == "link"
            else self.env._("as recorded by %(user)s", user=self.env.user.name)
        )
        body = Markup("<p>%s</p>") % self.env._(
            "Consent withdrawn %(how)s: no more e-mail from the app.", how=how
        )
        # Only the person who withdrew: after a merge, a consent of theirs may
        # hang off an enquiry that is someone else's. Their addresses only are
        # read as superuser (a link's visitor has no user to read them as).
        emails = {p.email_normalized for p in partners.sudo()} - {False, None}
        enquiries = consents.enquiry_id.filtered(
            lambda enquiry: enquiry.partner_id in partners
            or (enquiry.email_normalized and enquiry.email_normalized in emails)
        )
        emails |= set(enquiries.mapped("email_normalized")) - {False}
        # The user withdrew a consent they may read (the record rules);
        # the blacklist is Odoo's, for administrators.
        Blacklist = self.env["mail.blacklist"].sudo()
        for email in sorted(emails - {False, None}):
            Blacklist._add(email, message=body)
        # Queued e-mail to them is not sent either.
        self.env["mail.mail"].sudo().search(
            [
                ("state", "in", ("outgoing", "exception")),
                ("recipient_ids", "in", partners.ids),
            ]
        ).write({"state": "cancel"})
        for partner in partners.sudo():
            partner._message_log(body=body)
        for enquiry in enquiries:
            enquiry._message_log(body=body)
        enquiries.write({"consent_withdrawn_date": now})
        return consents

    # ------------------------------------------------------------------
    # Who the app may e-mail
    # ------------------------------------------------------------------

    @api.model
    def _forgotten_address(self, email):
        """The blacklist entry that stands for a forgotten address: a keyed
        hash (the database secret is the key) shaped as an address."""
        digest = odoo_hmac(
            self.env(su=True), FORGOTTEN_SCOPE, email, hash_function=hashlib.sha256
        )
        return f"{digest[:40]}@{FORGOTTEN_DOMAIN}"

    @api.model
    def _provide_blocked_emails(self, emails):
        """The normalised addresses among `emails` that the app must not
        write to: on the blacklist (consent withdrawn, or put there by hand)
        or forgotten (on it as a hash). One search."""
        normalized = {email_normalize(e) for e in emails if e} - {False, None}
        if not normalized:
            return set()
        hashed = {self._forgotten_address(email): email for email in normalized}
        found = self._blacklist_entries(normalized | set(hashed), active=True)
        return {hashed.get(email, email) for email in found.values()}

    @api.model
    def _blacklist_entries(self, emails, active=None):
        """{id: address} of the blacklist entries of exactly these
        addresses (only active, or inactive, ones when `active` says so).

        Each address is looked up on its own in the blacklist's unique b-tree
        (at most one row each), so the plan cannot pick the trigram index."""
        if not emails:
            return {}
        self.env["mail.blacklist"].flush_model(["email", "active"])
        self.env.cr.execute(
            SQL(
                """SELECT entry.id, entry.email
                     FROM unnest(%s::varchar[]) AS wanted(email)
               CROSS JOIN LATERAL (
                          SELECT id, email, active
                            FROM mail_blacklist
                           WHERE mail_blacklist.email = wanted.email
                           LIMIT 1
                          ) AS entry%s""",
                sorted(emails),
                SQL("")
                if active is None
                else SQL(" WHERE entry.active IS %s", bool(active)),
            )
        )
        return dict(self.env.cr.fetchall())
