from odoo import fields, models


class ResPartner(models.Model):
    """Contacts gain what an adviser needs to see at a glance: whether the
    contact is a council / commissioning body or a co-operative, and its
    enquiries."""

    _inherit = "res.partner"

    is_local_authority = fields.Boolean(
        string="Local Authority",
        index=True,
        help="A council or other body that commissions public services.",
    )
    is_coop = fields.Boolean(
        string="Co-operative",
        index=True,
        help="A co-operative or community benefit society.",
    )
    provide_enquiry_ids = fields.One2many(
        "provide.enquiry", "partner_id", string="Co-op Enquiries"
    )
    provide_enquiry_count = fields.Integer(
        string="Enquiry Count",
        compute="_compute_provide_enquiry_count",
        groups="provide_coop.group_provide_user",
    )
    provide_authority_enquiry_count = fields.Integer(
        string="Enquiries in Area",
        compute="_compute_provide_authority_enquiry_count",
        groups="provide_coop.group_provide_user",
    )

    def _compute_provide_enquiry_count(self):
        counts = dict(
            self.env["provide.enquiry"]._read_group(
                [("partner_id", "in", self.ids)], ["partner_id"], ["__count"]
            )
        )
        for partner in self:
            partner.provide_enquiry_count = counts.get(partner._origin, 0)

    def _compute_provide_authority_enquiry_count(self):
        authorities = self.filtered("is_local_authority")
        counts = {}
        if authorities:
            counts = dict(
                self.env["provide.enquiry"]._read_group(
                    [("local_authority_id", "in", authorities.ids)],
                    ["local_authority_id"],
                    ["__count"],
                )
            )
        for partner in self:
            partner.provide_authority_enquiry_count = counts.get(partner._origin, 0)

    def action_view_provide_enquiries(self):
        self.ensure_one()
        action = self.env["ir.actions.act_window"]._for_xml_id(
            "provide_coop.provide_enquiry_action"
        )
        if self.env.context.get("provide_as_authority"):
            action["domain"] = [("local_authority_id", "=", self.id)]
            action["context"] = {"default_local_authority_id": self.id}
        else:
            action["domain"] = [("partner_id", "=", self.id)]
            action["context"] = {"default_partner_id": self.id}
        return action
