from odoo import api, fields, models


class ProvideEnquiry(models.Model):
    """What an enquiry gains once the service works on it: pre-feasibility
    studies and the support team, with the days the team was given and used."""

    _inherit = "provide.enquiry"  # pylint: disable=consider-merging-classes-inherited

    feasibility_study_ids = fields.One2many(
        "provide.feasibility.study", "enquiry_id", string="Pre-feasibility Studies"
    )
    feasibility_study_count = fields.Integer(
        string="Studies",
        compute="_compute_feasibility_study_count",
        store=True,
        help="Stored, so the enquiry form and lists read it with the enquiry.",
    )
    support_member_ids = fields.One2many(
        "provide.support.member", "enquiry_id", string="Support Team"
    )
    support_days_allocated = fields.Float(
        compute="_compute_support_days",
        store=True,
        help="Days of support agreed for the whole support team.",
    )
    support_days_used = fields.Float(
        compute="_compute_support_days",
        store=True,
        help="Days of support the team has given so far.",
    )
    support_over_allocation = fields.Boolean(
        compute="_compute_support_days",
        store=True,
        index=True,
        help="A member of the support team has used more days than allocated.",
    )

    @api.depends("feasibility_study_ids")
    def _compute_feasibility_study_count(self):
        counts = dict(
            self.env["provide.feasibility.study"]._read_group(
                [("enquiry_id", "in", self.ids)], ["enquiry_id"], ["__count"]
            )
        )
        for enquiry in self:
            enquiry.feasibility_study_count = counts.get(enquiry._origin, 0)

    @api.depends(
        "support_member_ids.days_allocated",
        "support_member_ids.days_used",
        "support_member_ids.is_over",
    )
    def _compute_support_days(self):
        # Reading the lines through the one2many fetches them for the whole
        # batch at once; no query per enquiry.
        for enquiry in self:
            members = enquiry.support_member_ids
            enquiry.support_days_allocated = sum(members.mapped("days_allocated"))
            enquiry.support_days_used = sum(members.mapped("days_used"))
            # Any member over means the team as a whole may be; a member over
            # is also what the adviser needs to act on.
            enquiry.support_over_allocation = any(members.mapped("is_over"))

    def action_view_feasibility_studies(self):
        self.ensure_one()
        action = self.env["ir.actions.act_window"]._for_xml_id(
            "provide_coop.provide_feasibility_study_action"
        )
        action["domain"] = [("enquiry_id", "=", self.id)]
        action["context"] = {"default_enquiry_id": self.id}
        return action
