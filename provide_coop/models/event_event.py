from odoo import Command, api, fields, models
from odoo.tools import format_datetime, format_list


class EventEvent(models.Model):
    """A conference as the co-op pipeline sees it: its lead organiser (Odoo's
    Organizer), co-organisers and speakers for the printed programme, and the
    enquiries and co-ops it led to."""

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

    def _provide_organised_by(self):
        """The organisers as the programme prints them: the lead organiser
        first, then the co-organisers ("A and B", "A, B and C")."""
        self.ensure_one()
        organisers = self.organizer_id | (
            self.provide_organiser_ids - self.organizer_id
        )
        return format_list(self.env, organisers.mapped("name"))

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
