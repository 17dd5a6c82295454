from odoo import Command, api, fields, models
from odoo.exceptions import UserError
from odoo.osv import expression
from odoo.tools import email_normalize

from ..models.event_registration import ATTENDEE_ROLES


class ProvideEventFollowUp(models.TransientModel):
    """After a conference: one e-mail from a template to the attendees the
    organisers choose (by role, interest in starting a co-op, attendance).

    Sent through Odoo's mail composer in mass mode, so each e-mail is kept in
    the booking's chatter. Nobody on the blacklist, nobody whose latest
    consent is withdrawn, and nobody who already had this follow-up is sent
    it: running it again sends only to those it has not reached."""

    _name = "provide.event.follow.up"
    _description = "Follow up conference attendees"

    event_id = fields.Many2one(
        "event.event", string="Conference", required=True, ondelete="cascade"
    )
    # One tick per attendee role (ATTENDEE_ROLES); "other" takes in bookings
    # without a role too.
    role_councillor = fields.Boolean("Councillors", default=True)
    role_council_officer = fields.Boolean("Council officers", default=True)
    role_frontline_worker = fields.Boolean("Front-line workers", default=True)
    role_service_user = fields.Boolean("Service users", default=True)
    role_coop_practitioner = fields.Boolean("Co-op practitioners", default=True)
    role_other = fields.Boolean("Others", default=True)
    interest = fields.Selection(
        [
            ("all", "Everyone"),
            ("interested", "Those who want to start a co-op"),
            ("not_interested", "Those who did not say so"),
        ],
        default="all",
        required=True,
    )
    attendance = fields.Selection(
        [
            ("attended", "Attended"),
            ("absent", "Booked but did not come"),
            ("all", "Both"),
        ],
        default="attended",
        required=True,
    )
    template_id = fields.Many2one(
        "mail.template",
        string="E-mail",
        compute="_compute_template_id",
        store=True,
        readonly=False,
        precompute=True,
        required=True,
        domain=[("model", "=", "event.registration")],
    )
    match_count = fields.Integer(compute="_compute_counts", string="Bookings Chosen")
    send_count = fields.Integer(compute="_compute_counts", string="Will Be Sent")
    sent_before_count = fields.Integer(
        compute="_compute_counts", string="Already Sent This E-mail"
    )
    blacklisted_count = fields.Integer(
        compute="_compute_counts", string="On the Blacklist"
    )
    withdrawn_count = fields.Integer(
        compute="_compute_counts", string="Consent Withdrawn"
    )
    no_email_count = fields.Integer(compute="_compute_counts", string="No E-mail")

    @api.depends("interest")
    def _compute_template_id(self):
        interested = self.env.ref(
            "provide_coop.mail_template_provide_event_follow_up_interested",
            raise_if_not_found=False,
        )
        general = self.env.ref(
            "provide_coop.mail_template_provide_event_follow_up",
            raise_if_not_found=False,
        )
        for wizard in self:
            wizard.template_id = (
                interested if wizard.interest == "interested" else general
            )

    @api.depends(
        "event_id",
        "interest",
        "attendance",
        "template_id",
        *(f"role_{role}" for role, _label in ATTENDEE_ROLES),
    )
    def _compute_counts(self):
        for wizard in self:
            groups = wizard._provide_recipients()
            wizard.match_count = sum(len(bookings) for bookings in groups.values())
            wizard.send_count = len(groups["send"])
            wizard.sent_before_count = len(groups["sent_before"])
            wizard.blacklisted_count = len(groups["blacklisted"])
            wizard.withdrawn_count = len(groups["withdrawn"])
            wizard.no_email_count = len(groups["no_email"])

    def _provide_domain(self):
        self.ensure_one()
        roles = [role for role, _label in ATTENDEE_ROLES if self[f"role_{role}"]]
        role_domain = [("provide_attendee_role", "in", roles)]
        if self.role_other:
            role_domain = expression.OR(
                [role_domain, [("provide_attendee_role", "=", False)]]
            )
        states = {"attended": ["done"], "absent": ["open"], "all": ["open", "done"]}
        domain = [
            ("event_id", "=", self.event_id.id),
            ("state", "in", states[self.attendance]),
        ]
        if self.interest != "all":
            domain.append(("provide_interest", "=", self.interest == "interested"))
        return expression.AND([domain, role_domain])

    def _provide_recipients(self):
        """The chosen bookings, sorted into those to send to and those left
        out, and why: {"send", "sent_before", "no_email", "blacklisted",
        "withdrawn": bookings}. A few queries, whatever the number."""
        self.ensure_one()
        Registration = self.env["event.registration"]
        groups = dict.fromkeys(
            ("send", "sent_before", "no_email", "blacklisted", "withdrawn"),
            Registration,
        )
        if not self.event_id:
            return groups
        bookings = Registration.search(self._provide_domain(), order="id")
        emails = {booking: email_normalize(booking.email or "") for booking in bookings}
        known = {email for email in emails.values() if email}
        # On the blacklist, by hand, by a withdrawn consent or forgotten.
        blacklist = self.env["provide.consent"].sudo()._provide_blocked_emails(known)
        withdrawn_partners, withdrawn_emails = self._provide_withdrawn(
            bookings.partner_id, known
        )
        for booking in bookings:
            email = emails[booking]
            if self.template_id in booking.provide_follow_up_template_ids:
                key = "sent_before"
            elif not email:
                key = "no_email"
            elif email in blacklist:
                key = "blacklisted"
            elif booking.partner_id in withdrawn_partners or email in withdrawn_emails:
                key = "withdrawn"
            else:
                key = "send"
            groups[key] |= booking
        return groups

    @api.model
    def _provide_withdrawn(self, partners, emails):
        """(partners, e-mails) of the people among `partners` and the contacts
        with one of `emails` whose latest consent record is withdrawn."""
        consents = (
            self.env["provide.consent"]
            .sudo()
            .search(
                [
                    "|",
                    ("partner_id", "in", partners.ids),
                    ("partner_id.email_normalized", "in", list(emails)),
                ],
                order="date desc, id desc",
            )
        )
        latest = {}
        for consent in consents:
            latest.setdefault(consent.partner_id, consent)
        withdrawn = (
            self.env["res.partner"]
            .sudo()
            .browse(
                [
                    partner.id
                    for partner, consent in latest.items()
                    if consent.withdrawn_date
                ]
            )
        )
        return withdrawn.with_env(self.env), set(withdrawn.mapped("email_normalized"))

    def action_send(self):
        """Send the e-mail to every booking chosen that may have it, in one
        mass mailing, and record which bookings got which follow-up."""
        self.ensure_one()
        bookings = self._provide_recipients()["send"]
        if not bookings:
            raise UserError(
                self.env._(
                    "Nobody to send this follow-up to: no booking chosen may "
                    "receive it, or each has had it already."
                )
            )
        # To each booking's address as it stands: no contact is made for an
        # attendee who has none (the events team may not create contacts).
        composer = (
            self.env["mail.compose.message"]
            .with_context(mail_composer_force_partners=False)
            .create(
                {
                    "composition_mode": "mass_mail",
                    "model": bookings._name,
                    "res_ids": bookings.ids,
                    "template_id": self.template_id.id,
                    # Sent mails are removed from the queue; their messages stay
                    # in each booking's chatter.
                    "auto_delete": True,
                    "auto_delete_keep_log": True,
                }
            )
        )
        # Recorded first: a booking is never sent the same follow-up twice,
        # whatever happens to the queue afterwards.
        bookings.provide_follow_up_template_ids = [Command.link(self.template_id.id)]
        composer._action_send_mail()
        return {
            "type": "ir.actions.client",
            "tag": "display_notification",
            "params": {
                "type": "success",
                "message": self.env._(
                    "“%(email)s” sent to 1 attendee.", email=self.template_id.name
                )
                if len(bookings) == 1
                else self.env._(
                    "“%(email)s” sent to %(count)s attendees.",
                    email=self.template_id.name,
                    count=len(bookings),
                ),
                "next": {"type": "ir.actions.act_window_close"},
            },
        }
