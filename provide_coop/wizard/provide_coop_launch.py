from odoo import api, fields, models
from odoo.exceptions import UserError, ValidationError


class ProvideCoopLaunch(models.TransientModel):
    """Launches a co-op from its enquiry: records the co-op (its company
    contact, flagged as a co-operative, and what it is at launch) or links a
    co-op already recorded, then moves the enquiry into the launched stage.
    Opened from the enquiry, or by the move itself when a card reaches a
    stage that requires the co-op."""

    _name = "provide.coop.launch"
    _description = "Launch a co-op"
    _inherit = ["provide.coop.profile"]

    enquiry_id = fields.Many2one("provide.enquiry", required=True, readonly=True)
    company_id = fields.Many2one(related="enquiry_id.company_id")
    currency_id = fields.Many2one(related="enquiry_id.currency_id")
    stage_id = fields.Many2one(
        "provide.assessment.stage",
        string="Launched Stage",
        domain="[('is_won', '=', True)]",
        help="Where the enquiry moves; empty when it is launched already.",
    )
    mode = fields.Selection(
        [
            ("new", "Record the new co-op"),
            ("existing", "A co-op we already recorded"),
        ],
        default="new",
        required=True,
    )
    coop_id = fields.Many2one(
        "provide.coop",
        string="Co-op",
        domain="[('company_id', '=', company_id)]",
        help="For an enquiry that extends a co-op already launched with the "
        "service's help.",
    )
    partner_id = fields.Many2one(
        "res.partner",
        string="Existing Contact",
        domain="[('is_company', '=', True), ('is_local_authority', '=', False)]",
        help="The co-op's company contact, if it is already a contact.",
    )
    name = fields.Char(string="Co-op Name", help="A new company contact is created.")
    email = fields.Char()
    phone = fields.Char()
    city = fields.Char()
    website = fields.Char()
    date_launched = fields.Date(
        string="Launched On", default=fields.Date.context_today, required=True
    )
    user_id = fields.Many2one(
        "res.users",
        string="Adviser",
        domain="[('share', '=', False)]",
        help="Outcome check-ins are planned for this adviser.",
    )

    @api.model
    def default_get(self, fields_list):
        res = super().default_get(fields_list)
        enquiry = self.env["provide.enquiry"].browse(res.get("enquiry_id"))
        if not enquiry:
            return res
        organisation = enquiry.commercial_partner_id
        defaults = {
            "user_id": enquiry.user_id.id,
            "sector_id": enquiry.sector_id.id,
            "commissioner_id": enquiry.local_authority_id.id,
            "contract_value": enquiry.annual_contract_value,
            "jobs_transferred": enquiry.workforce_size,
        }
        if organisation.is_company and organisation.is_coop:
            coop = self.env["provide.coop"].search(
                [
                    ("partner_id", "=", organisation.id),
                    ("company_id", "=", enquiry.company_id.id),
                ],
                limit=1,
            )
            if coop:
                defaults["coop_id"] = coop.id
                if "default_mode" not in self.env.context:
                    res["mode"] = "existing"
            else:
                defaults["partner_id"] = organisation.id
        for fname, value in defaults.items():
            if fname in fields_list and not res.get(fname):
                res[fname] = value
        if "date_launched" in fields_list and enquiry.stage_is_won:
            # Recorded after the launch: the day the enquiry was launched.
            res["date_launched"] = fields.Date.context_today(self, enquiry.date_closed)
        return res

    @api.onchange("partner_id")
    def _onchange_partner_id(self):
        if self.partner_id:
            self.name = self.partner_id.name

    def _profile_name(self):
        self.ensure_one()
        return self.name or self.partner_id.name

    def action_launch(self):
        self.ensure_one()
        enquiry = self.enquiry_id
        if self.stage_id and not self.stage_id.is_won:
            raise UserError(self.env._("Choose a stage where co-ops are launched."))
        if not self.stage_id and not enquiry.stage_is_won:
            raise UserError(self.env._("Choose the stage the enquiry moves to."))
        coop = self.coop_id if self.mode == "existing" else self._create_coop()
        if not coop:
            raise ValidationError(self.env._("Choose the co-op the enquiry launched."))
        vals = {"coop_id": coop.id}
        if self.stage_id and enquiry.stage_id != self.stage_id:
            vals["stage_id"] = self.stage_id.id
        enquiry.write(vals)
        return {"type": "ir.actions.client", "tag": "soft_reload"}

    def _create_coop(self):
        """The co-op's contact (found or created, flagged as a co-operative)
        and the co-op."""
        partner = self.partner_id
        if not partner:
            if not (self.name or "").strip():
                raise ValidationError(
                    self.env._(
                        "Give the co-op's name, or pick its contact if it is one "
                        "already."
                    )
                )
            partner = self.env["res.partner"].create(
                {
                    "name": self.name.strip(),
                    "is_company": True,
                    "is_coop": True,
                    "email": self.email or False,
                    "phone": self.phone or False,
                    "city": self.city or False,
                    "website": self.website or False,
                    "country_id": self.enquiry_id.company_id.country_id.id or False,
                }
            )
        return self.env["provide.coop"].create(
            {
                **self._profile_values(),
                "partner_id": partner.id,
                "company_id": self.enquiry_id.company_id.id,
                "user_id": (self.user_id or self.enquiry_id.user_id).id,
                "date_launched": self.date_launched,
            }
        )
