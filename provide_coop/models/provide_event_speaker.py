from odoo import api, fields, models
from odoo.exceptions import ValidationError
from odoo.tools import format_datetime


class ProvideEventSpeaker(models.Model):
    """A talk on a conference's programme: who speaks, for which
    organisation, on what, in which order and, once the organisers know,
    when and in which room."""

    _name = "provide.event.speaker"
    _description = "Conference speaker"
    _order = "event_id, sequence, id"

    event_id = fields.Many2one(
        "event.event", required=True, index=True, ondelete="cascade"
    )
    sequence = fields.Integer(default=10)
    partner_id = fields.Many2one("res.partner", string="Speaker", required=True)
    organisation = fields.Char(
        compute="_compute_organisation",
        store=True,
        readonly=False,
        help="Who the speaker speaks for; taken from the contact's company.",
    )
    talk_title = fields.Char(string="Talk")
    date_begin = fields.Datetime(string="Starts")
    date_end = fields.Datetime(string="Ends")
    room = fields.Char()

    @api.depends("partner_id")
    def _compute_organisation(self):
        for speaker in self:
            partner = speaker.partner_id
            if partner and not speaker.organisation:
                speaker.organisation = partner.parent_id.name or partner.company_name

    @api.constrains("date_begin", "date_end")
    def _check_dates(self):
        for speaker in self:
            if (
                speaker.date_begin
                and speaker.date_end
                and speaker.date_end <= speaker.date_begin
            ):
                raise ValidationError(
                    self.env._(
                        "The talk of %(speaker)s must end after it starts.",
                        speaker=speaker.partner_id.name,
                    )
                )

    def _provide_programme_time(self):
        """When the talk is, in the conference's time zone, as the programme
        prints it: "11:00" en dash "11:30", "from 11:00", or "" when not set. A
        conference over several days adds the day: "Sat 19 Mar, 11:00"."""
        self.ensure_one()
        if not self.date_begin:
            return ""
        event = self.event_id
        tz = event.date_tz or "UTC"
        several_days = (
            event.date_begin
            and event.date_end
            and format_datetime(self.env, event.date_begin, tz=tz, dt_format="y-MM-dd")
            != format_datetime(self.env, event.date_end, tz=tz, dt_format="y-MM-dd")
        )
        start = format_datetime(
            self.env,
            self.date_begin,
            tz=tz,
            dt_format="EEE d MMM, HH:mm" if several_days else "HH:mm",
        )
        if not self.date_end:
            return self.env._("from %(start)s", start=start)
        end = format_datetime(self.env, self.date_end, tz=tz, dt_format="HH:mm")
        return f"{start}\N{EN DASH}{end}"
