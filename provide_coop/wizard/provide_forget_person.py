from markupsafe import Markup, escape

from odoo import api, fields, models
from odoo.exceptions import AccessError, UserError
from odoo.tools import format_list


class ProvideForgetPerson(models.TransientModel):
    """ "Forget this person": a manager confirms, after reading what will
    happen, that a contact's personal data is to be erased. Their enquiries
    and bookings stay, without their name, e-mail or phone, so every report
    counts the same before and after."""

    _name = "provide.forget.person"
    _description = "Forget a person"

    partner_id = fields.Many2one("res.partner", required=True, readonly=True)
    summary = fields.Html(compute="_compute_summary", sanitize=False)

    @api.depends("partner_id")
    def _compute_summary(self):
        for wizard in self:
            try:
                held = wizard._check_agencies()
            except AccessError as error:
                # Nothing is counted of a person the user may not forget:
                # the counts would tell of another agency's records.
                wizard.summary = Markup("<p>%s</p>") % error.args[0]
                continue
            wizard.summary = Markup("<ul>%s</ul>") % Markup("").join(
                Markup("<li>%s</li>") % escape(item)
                for item in wizard._summary_items(*wizard._summary_counts(*held))
            )

    def _summary_counts(self, enquiries, registrations):
        """How many enquiries, bookings, messages and consents the app holds
        on the person, given the `enquiries` and `registrations` that
        `_check_agencies` found all in agencies of the user. Counts only."""
        self.ensure_one()
        consents = (
            self.env["provide.consent"]
            .sudo()
            .search_count([("partner_id", "=", self.partner_id.id)])
        )
        messages = (
            self.env["mail.message"]
            .sudo()
            .search_count([("author_id", "=", self.partner_id.id)])
        )
        return len(enquiries), len(registrations), messages, consents

    def _summary_items(self, enquiries, registrations, messages, consents):
        """What forgetting the person does, one line per kind of record,
        with the counts of `_summary_counts`."""
        self.ensure_one()
        return [
            self.env._(
                "The contact %(name)s loses their name, e-mail, phone, address, "
                "notes and picture, and is archived.",
                name=self.partner_id.display_name,
            ),
            self.env._(
                "1 enquiry keeps its stage, sector and figures but loses the "
                "enquirer's name, e-mail and phone."
            )
            if enquiries == 1
            else self.env._(
                "%(count)s enquiries keep their stage, sector and figures but "
                "lose the enquirer's name, e-mail and phone.",
                count=enquiries,
            ),
            self.env._(
                "1 conference booking keeps its role and attendance but loses "
                "the attendee's name, e-mail and phone."
            )
            if registrations == 1
            else self.env._(
                "%(count)s conference bookings keep their role and attendance "
                "but lose the attendee's name, e-mail and phone.",
                count=registrations,
            ),
            self.env._(
                "1 message they wrote loses its text and attachments; their "
                "name, e-mail and phone are removed from every message, e-mail "
                "and activity of those records."
            )
            if messages == 1
            else self.env._(
                "%(count)s messages they wrote lose their text and attachments; "
                "their name, e-mail and phone are removed from every message, "
                "e-mail and activity of those records.",
                count=messages,
            ),
            self.env._(
                "1 consent record is kept, as proof of what was agreed, "
                "attached to the anonymous contact."
            )
            if consents == 1
            else self.env._(
                "%(count)s consent records are kept, as proof of what was "
                "agreed, attached to the anonymous contact.",
                count=consents,
            ),
            self.env._(
                "Their e-mail address goes on the blacklist as an unreadable "
                "hash: the app never writes to it again. If they get in touch "
                "again they are a new contact, not linked to this one."
            ),
            self.env._(
                "This cannot be undone. The erasure is logged with your name "
                "and the date, not theirs."
            ),
        ]

    def _check_agencies(self):
        """The contact is read by the user, and every enquiry and booking of
        theirs belongs to an agency (company) of the user: a manager of one
        agency does not forget the people of another. Returns those
        enquiries and bookings (`res.partner._provide_held_records`), for the
        caller to count or erase."""
        self.partner_id.check_access("read")
        companies = self.env.user.company_ids
        partner = self.partner_id.sudo()
        enquiries, registrations = partner._provide_held_records()
        foreign = (
            partner.company_id
            | enquiries.company_id
            | registrations.event_id.company_id
        ) - companies
        if foreign:
            raise AccessError(
                self.env._(
                    "%(name)s is also a contact of %(agencies)s: only a manager "
                    "of every agency that holds them can forget them.",
                    name=partner.display_name,
                    agencies=", ".join(foreign.mapped("name")),
                )
            )
        return enquiries, registrations

    def action_forget(self):
        self.ensure_one()
        if not self.env.user.has_group("provide_coop.group_provide_manager"):
            raise UserError(self.env._("Only managers can forget a person."))
        enquiries, registrations = self._check_agencies()
        # Checked above: a manager of every agency that holds the person.
        partner = self.partner_id.sudo().with_context(active_test=False)
        if partner.user_ids:
            raise UserError(
                self.env._(
                    "%(name)s is a user of this database: remove the user first.",
                    name=partner.display_name,
                )
            )
        if partner.is_company or partner.is_local_authority:
            raise UserError(
                self.env._(
                    "%(name)s is an organisation, not a person.",
                    name=partner.display_name,
                )
            )
        erasure = (
            self.env["provide.erasure"]
            .sudo()
            ._anonymise(
                partners=partner,
                enquiries=enquiries,
                registrations=registrations,
                reason="request",
                user_id=self.env.user.id,
            )
        )
        return {
            "type": "ir.actions.client",
            "tag": "display_notification",
            "params": {
                "type": "success",
                "message": self._done_message(
                    erasure.enquiry_count, erasure.registration_count
                ),
                "next": {"type": "ir.actions.act_window_close"},
            },
        }

    def _done_message(self, enquiries, registrations):
        """What was done, for the notice the dialog closes on: the counts
        of the records anonymised, never the person's name."""
        kept = []
        if enquiries == 1:
            kept.append(self.env._("1 enquiry"))
        elif enquiries:
            kept.append(self.env._("%(count)s enquiries", count=enquiries))
        if registrations == 1:
            kept.append(self.env._("1 conference booking"))
        elif registrations:
            kept.append(
                self.env._("%(count)s conference bookings", count=registrations)
            )
        if not kept:
            return self.env._(
                "The person is forgotten: their contact is anonymised and archived."
            )
        return self.env._(
            "The person is forgotten: their contact is anonymised and archived; "
            "%(records)s kept without their name, e-mail or phone.",
            records=format_list(self.env, kept),
        )
