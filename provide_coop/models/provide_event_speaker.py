from odoo import api, fields, models


class ProvideEventSpeaker(models.Model):
    """A talk on a conference's programme: who speaks, for which
    organisation, on what, and in which order."""

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

    @api.depends("partner_id")
    def _compute_organisation(self):
        for speaker in self:
            partner = speaker.partner_id
            if partner and not speaker.organisation:
                speaker.organisation = partner.parent_id.name or partner.company_name
