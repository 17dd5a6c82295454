from odoo import api, fields, models


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
            wizard.target_id = wizard.enquiry_ids._merge_target()

    def action_merge(self):
        self.ensure_one()
        # The checks (how many, which agency, may the user) are the model's.
        target = self.enquiry_ids.merge_enquiries(self.target_id.id)
        return {
            "type": "ir.actions.act_window",
            "res_model": "provide.enquiry",
            "res_id": target.id,
            "views": [(False, "form")],
        }
