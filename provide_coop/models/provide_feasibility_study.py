from odoo import api, fields, models


class ProvideFeasibilityStudy(models.Model):
    """A pre-feasibility study an adviser (or the partner consultancy) carries
    out on an enquiry: what it looks at, what it found, the papers behind it,
    and what it cost in money and adviser days."""

    _name = "provide.feasibility.study"
    _description = "Pre-feasibility study"
    _inherit = ["mail.thread", "mail.activity.mixin"]
    _order = "date_due, id desc"
    _check_company_auto = True

    name = fields.Char(string="Study", required=True, tracking=True)
    enquiry_id = fields.Many2one(
        "provide.enquiry",
        required=True,
        index=True,
        ondelete="cascade",
        tracking=True,
        check_company=True,
    )
    company_id = fields.Many2one(
        related="enquiry_id.company_id", store=True, index=True, precompute=True
    )
    currency_id = fields.Many2one(related="company_id.currency_id")
    scope = fields.Text(
        help="The questions the study answers: the service, the market, the "
        "workforce, the commissioner's intentions."
    )
    findings = fields.Html(help="What the study found and what it recommends.")
    date_due = fields.Date(string="Due Date", tracking=True)
    cost = fields.Monetary(
        currency_field="currency_id",
        tracking=True,
        help="What the study costs the service (consultancy fees, expenses).",
    )
    days_spent = fields.Float(help="Adviser days spent on the study so far.")
    state = fields.Selection(
        [
            ("planned", "Planned"),
            ("in_progress", "In Progress"),
            ("delivered", "Delivered"),
        ],
        default="planned",
        required=True,
        index=True,
        tracking=True,
        copy=False,
    )
    date_delivered = fields.Date(
        string="Delivered On",
        index=True,
        copy=False,
        tracking=True,
        help="When the findings went to the enquirer; the funder report counts "
        "studies delivered in its period from this date.",
    )
    author_id = fields.Many2one(
        "res.users",
        index=True,
        tracking=True,
        default=lambda self: self.env.user,
        domain="[('share', '=', False)]",
    )

    _sql_constraints = [
        (
            "cost_not_negative",
            "CHECK(cost >= 0)",
            "The cost of a feasibility study cannot be negative.",
        ),
        (
            "days_spent_not_negative",
            "CHECK(days_spent >= 0)",
            "The days spent on a feasibility study cannot be negative.",
        ),
    ]

    def write(self, vals):
        if "state" in vals and "date_delivered" not in vals:
            if vals["state"] == "delivered":
                undated = self.filtered(
                    lambda study: study.state != "delivered" or not study.date_delivered
                )
                result = super().write(vals)
                if undated:
                    super(ProvideFeasibilityStudy, undated).write(
                        {"date_delivered": fields.Date.context_today(self)}
                    )
                return result
            vals = dict(vals, date_delivered=False)
        return super().write(vals)

    @api.model_create_multi
    def create(self, vals_list):
        for vals in vals_list:
            if vals.get("state") == "delivered" and not vals.get("date_delivered"):
                vals["date_delivered"] = fields.Date.context_today(self)
        return super().create(vals_list)

    def action_start(self):
        self.write({"state": "in_progress"})
        return True

    def action_deliver(self):
        self.write({"state": "delivered"})
        return True

    def action_plan(self):
        self.write({"state": "planned"})
        return True
