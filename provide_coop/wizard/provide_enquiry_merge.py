from odoo import api, fields, models
from odoo.exceptions import UserError

MAX_MERGE = 5


class ProvideEnquiryMerge(models.TransientModel):
    """Merge two to five duplicate enquiries into one, as CRM merges
    opportunities: the kept enquiry gets every message, file, activity,
    follower and link of the others, which are closed as merged."""

    _name = "provide.enquiry.merge"
    _description = "Merge duplicate enquiries"

    enquiry_ids = fields.Many2many(
        "provide.enquiry",
        "provide_enquiry_merge_rel",
        "wizard_id",
        "enquiry_id",
        string="Enquiries",
    )
    target_id = fields.Many2one(
        "provide.enquiry",
        string="Keep",
        compute="_compute_target_id",
        store=True,
        readonly=False,
        domain="[('id', 'in', enquiry_ids)]",
        help="The enquiry that stays; the others are merged into it.",
    )

    @api.model
    def default_get(self, fields_list):
        res = super().default_get(fields_list)
        if (
            "enquiry_ids" in fields_list
            and self.env.context.get("active_model") == "provide.enquiry"
            and self.env.context.get("active_ids")
        ):
            res["enquiry_ids"] = [fields.Command.set(self.env.context["active_ids"])]
        return res

    @api.depends("enquiry_ids")
    def _compute_target_id(self):
        for wizard in self:
            # The furthest along the pipeline, then the oldest, as CRM keeps
            # the most advanced opportunity.
            wizard.target_id = wizard.enquiry_ids.sorted(
                lambda e: (-e.stage_id.sequence, e.date_received or e.create_date, e.id)
            )[:1]

    def action_merge(self):
        self.ensure_one()
        enquiries = self.enquiry_ids
        if not 2 <= len(enquiries) <= MAX_MERGE:
            raise UserError(
                self.env._(
                    "Pick between 2 and %(max)s enquiries to merge.", max=MAX_MERGE
                )
            )
        if len(enquiries.company_id) > 1:
            raise UserError(
                self.env._(
                    "These enquiries belong to different agencies (%(companies)s): "
                    "they cannot be merged.",
                    companies=", ".join(enquiries.company_id.mapped("name")),
                )
            )
        target = self.target_id
        if target not in enquiries:
            raise UserError(self.env._("Pick which of the enquiries to keep."))
        # The user must be allowed to change every one of them; the move
        # itself reaches records (bookings, messages) they may not write.
        enquiries.check_access("write")
        target._merge(enquiries - target)
        return {
            "type": "ir.actions.act_window",
            "res_model": "provide.enquiry",
            "res_id": target.id,
            "views": [(False, "form")],
        }
