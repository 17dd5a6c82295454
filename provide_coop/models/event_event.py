from markupsafe import Markup

from odoo import Command, api, fields, models
from odoo.tools import format_datetime, format_list


class EventEvent(models.Model):
    """A conference as the co-op pipeline sees it: its lead organiser (Odoo's
    Organizer), co-organisers, the contact who takes its bookings and its
    speakers for the printed programme, the enquiries and co-ops it led to,
    and the follow-up e-mails to its attendees."""

    _inherit = "event.event"

    provide_organiser_ids = fields.Many2many(
        "res.partner",
        "provide_event_organiser_rel",
        "event_id",
        "partner_id",
        string="Co-organisers",
        help="The bodies organising the conference with the lead organiser "
        "(Odoo's Organizer), printed after it on the programme. The lead "
        "organiser is never listed here too.",
    )
    provide_organiser_websites = fields.Html(
        string="Organisers' Websites",
        compute="_compute_provide_organiser_websites",
        sanitize=False,
        help="The websites of the lead organiser and the co-organisers, as "
        "the programme prints them.",
    )
    provide_booking_contact_id = fields.Many2one(
        "res.partner",
        string="Bookings Taken By",
        help="Who takes the bookings (by e-mail or phone), e.g. the "
        "organiser's events contact. Printed on the programme and recorded "
        "on each booking.",
    )
    provide_speaker_ids = fields.One2many(
        "provide.event.speaker", "event_id", string="Speakers", copy=True
    )
    provide_enquiry_count = fields.Integer(
        string="Co-op Enquiries",
        compute="_compute_provide_counts",
        groups="provide_coop.group_provide_user",
    )
    provide_launched_count = fields.Integer(
        string="Co-ops Launched",
        compute="_compute_provide_counts",
        groups="provide_coop.group_provide_user",
    )

    def _compute_provide_counts(self):
        # As the user: the counts show only the enquiries they may read.
        groups = (
            self.env["provide.enquiry"]
            .with_context(active_test=False)
            ._read_group(
                [("event_id", "in", self.ids)], ["event_id", "outcome"], ["__count"]
            )
        )
        enquiries, launched = {}, {}
        for event, outcome, count in groups:
            enquiries[event] = enquiries.get(event, 0) + count
            if outcome == "won":
                launched[event] = count
        for event in self:
            event.provide_enquiry_count = enquiries.get(event, 0)
            event.provide_launched_count = launched.get(event, 0)

    @api.depends("organizer_id.website", "provide_organiser_ids.website")
    def _compute_provide_organiser_websites(self):
        for event in self:
            links = [
                Markup('<a href="%s" target="_blank" rel="noopener">%s</a>')
                % (url, partner.name)
                for partner, url in event._provide_organiser_websites()
            ]
            event.provide_organiser_websites = Markup(" · ").join(links) or False

    @api.onchange("organizer_id", "provide_organiser_ids")
    def _onchange_provide_organiser_ids(self):
        # Compared by origin: in the form, both sides are new records.
        lead = self.organizer_id._origin
        self.provide_organiser_ids = self.provide_organiser_ids.filtered(
            lambda partner: partner._origin != lead
        )

    @api.model_create_multi
    def create(self, vals_list):
        events = super().create(vals_list)
        events._provide_drop_lead_from_co_organisers()
        return events

    def write(self, vals):
        res = super().write(vals)
        if "organizer_id" in vals or "provide_organiser_ids" in vals:
            self._provide_drop_lead_from_co_organisers()
        return res

    def _provide_drop_lead_from_co_organisers(self):
        """Imports and the API hold the lead organiser once too."""
        for event in self:
            if event.organizer_id & event.provide_organiser_ids:
                event.provide_organiser_ids = [Command.unlink(event.organizer_id.id)]

    def _provide_enquiry_action(self, domain, name):
        self.ensure_one()
        self.env["provide.enquiry"].check_access("read")
        return {
            "type": "ir.actions.act_window",
            "name": name,
            "res_model": "provide.enquiry",
            "view_mode": "list,kanban,form",
            "domain": [("event_id", "=", self.id), *domain],
            "context": {"active_test": False, "default_event_id": self.id},
        }

    def action_provide_view_enquiries(self):
        return self._provide_enquiry_action([], self.env._("Co-op Enquiries"))

    def action_provide_view_launched(self):
        return self._provide_enquiry_action(
            [("outcome", "=", "won")], self.env._("Co-ops Launched")
        )

    def action_provide_view_impact(self):
        self.ensure_one()
        self.env["provide.event.impact.report"].check_access("read")
        action = self.env["ir.actions.act_window"]._for_xml_id(
            "provide_coop.provide_event_impact_report_action"
        )
        action["domain"] = [("event_id", "=", self.id)]
        action["display_name"] = self.env._("Impact of %(event)s", event=self.name)
        return action

    def action_provide_follow_up(self):
        """Choose attendees of the conference and e-mail them a follow-up."""
        self.ensure_one()
        return {
            "type": "ir.actions.act_window",
            "name": self.env._("Follow up attendees"),
            "res_model": "provide.event.follow.up",
            "view_mode": "form",
            "views": [(False, "form")],
            "target": "new",
            "context": {"default_event_id": self.id},
        }

    def _provide_organisers(self):
        """The lead organiser first, then the co-organisers."""
        self.ensure_one()
        return self.organizer_id | (self.provide_organiser_ids - self.organizer_id)

    def _provide_organised_by(self):
        """The organisers as the programme prints them: the lead organiser
        first, then the co-organisers ("A and B", "A, B and C")."""
        return format_list(self.env, self._provide_organisers().mapped("name"))

    def _provide_organiser_websites(self):
        """[(organiser, website)] of the organisers with a web address, in
        the programme's order. Contacts keep websites with their scheme; only
        http(s) ones become links (never a script)."""
        return [
            (partner, partner.website)
            for partner in self._provide_organisers()
            if (partner.website or "").lower().startswith(("http://", "https://"))
        ]

    def _provide_programme_times(self):
        """Day and times of the conference in its own time zone, as printed."""
        self.ensure_one()
        tz = self.date_tz or "UTC"
        return {
            "day": format_datetime(
                self.env, self.date_begin, tz=tz, dt_format="EEEE d MMMM y"
            ),
            "start": format_datetime(
                self.env, self.date_begin, tz=tz, dt_format="HH:mm"
            ),
            "end": format_datetime(self.env, self.date_end, tz=tz, dt_format="HH:mm"),
        }
