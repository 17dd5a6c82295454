from odoo import fields, models


class ResPartner(models.Model):
    """The conferences a contact actually attended."""

    _inherit = "res.partner"  # pylint: disable=consider-merging-classes-inherited

    provide_attended_count = fields.Integer(
        string="Events Attended",
        compute="_compute_provide_attended_count",
        groups="event.group_event_registration_desk",
    )

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
