import re

from odoo import api, fields, models


class ResPartner(models.Model):
    """Contacts gain what an adviser needs to see at a glance: whether the
    contact is a council / commissioning body or a co-operative, its
    enquiries and the conferences it attended; and a phone key by which a
    caller who gives no e-mail is recognised."""

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

    provide_coop_count = fields.Integer(
        string="Launched Co-op",
        compute="_compute_provide_coop_count",
        groups="provide_coop.group_provide_user",
    )

    provide_attended_count = fields.Integer(
        string="Events Attended",
        compute="_compute_provide_attended_count",
        groups="event.group_event_registration_desk",
    )
    provide_phone_key = fields.Char(
        compute="_compute_provide_phone_key",
        store=True,
        index="btree_not_null",
        help="The phone number in international form (Odoo's phone validation), "
        "so the same number typed two ways finds the same contact.",
    )

    @api.model
    def _provide_find_organisations(self, names):
        """Company contacts for organisation names as people type them, keyed
        by the normalised name (case and spacing do not matter); where two
        share a name, a local authority wins, then the oldest. One search."""
        keys = {self._provide_organisation_key(name) for name in names} - {""}
        if not keys:
            return {}
        domain = ["|"] * (len(keys) - 1) + [
            ("name", "=ilike", key.replace(" ", "%")) for key in sorted(keys)
        ]
        found = {}
        for partner in self.search(
            [("is_company", "=", True), *domain],
            order="is_local_authority desc, id",
        ):
            key = self._provide_organisation_key(partner.name)
            if key in keys:
                found.setdefault(key, partner)
        return found

    @api.model
    def _provide_organisation_key(self, name):
        return " ".join((name or "").split()).casefold()

    @api.depends("phone", "country_id")
    def _compute_provide_phone_key(self):
        for partner in self:
            partner.provide_phone_key = self._provide_phone_key(
                partner.phone, partner.country_id
            )

    @api.model
    def _provide_phone_key(self, phone, country=None):
        """`phone` as one comparable string: E.164 where Odoo's phone
        validation can read it (the contact's country, else the company's),
        else its digits."""
        if not phone:
            return False
        key = self._phone_format(
            number=phone,
            country=country or self.env.company.country_id,
            force_format="E164",
        )
        return key or re.sub(r"[^\d+]", "", phone) or False

    def _compute_provide_enquiry_count(self):
        # An organisation counts its people's enquiries as well as its own;
        # one grouped query for the whole batch.
        rows = self.env["provide.enquiry"]._read_group(
            [
                "|",
                ("partner_id", "in", self.ids),
                ("commercial_partner_id", "in", self.ids),
            ],
            ["commercial_partner_id", "partner_id"],
            ["__count"],
        )
        for partner in self:
            partner.provide_enquiry_count = sum(
                count
                for organisation, person, count in rows
                if partner._origin in (organisation, person)
            )

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

    def _compute_provide_coop_count(self):
        counts = dict(
            self.env["provide.coop"]._read_group(
                [("partner_id", "in", self.ids)], ["partner_id"], ["__count"]
            )
        )
        for partner in self:
            partner.provide_coop_count = counts.get(partner._origin, 0)

    def action_view_provide_coop(self):
        self.ensure_one()
        coops = self.env["provide.coop"].search([("partner_id", "=", self.id)])
        action = self.env["ir.actions.act_window"]._for_xml_id(
            "provide_coop.provide_coop_action"
        )
        action["domain"] = [("partner_id", "=", self.id)]
        if len(coops) == 1:
            action.update(views=[(False, "form")], res_id=coops.id)
        return action

    def action_view_provide_enquiries(self):
        self.ensure_one()
        action = self.env["ir.actions.act_window"]._for_xml_id(
            "provide_coop.provide_enquiry_action"
        )
        if self.env.context.get("provide_as_authority"):
            action["domain"] = [("local_authority_id", "=", self.id)]
            action["context"] = {"default_local_authority_id": self.id}
        else:
            action["domain"] = [
                "|",
                ("partner_id", "=", self.id),
                ("commercial_partner_id", "=", self.id),
            ]
            action["context"] = {"default_partner_id": self.id}
        return action

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
