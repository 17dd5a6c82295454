from odoo import api, fields, models
from odoo.exceptions import UserError


class ProvideEnquiryClose(models.TransientModel):
    """Closes one or more enquiries as not proceeding, with the reason why."""

    _name = "provide.enquiry.close"
    _description = "Close enquiries as not proceeding"

    enquiry_ids = fields.Many2many("provide.enquiry", string="Enquiries")
    close_reason_id = fields.Many2one(
        "provide.close.reason", string="Reason", required=True
    )
    note = fields.Html(
        help="Anything the next adviser should know. Logged on the enquiry."
    )

    @api.model
    def default_get(self, fields_list):
        res = super().default_get(fields_list)
        if (
            "enquiry_ids" in fields_list
            and not res.get("enquiry_ids")
            and self.env.context.get("active_model") == "provide.enquiry"
        ):
            res["enquiry_ids"] = [
                fields.Command.set(self.env.context.get("active_ids") or [])
            ]
        return res

    def action_close(self):
        self.ensure_one()
        if not self.enquiry_ids:
            raise UserError(self.env._("Choose at least one enquiry to close."))
        self.enquiry_ids._close(self.close_reason_id, self.note)
        return {"type": "ir.actions.act_window_close"}
