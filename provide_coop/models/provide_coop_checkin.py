from odoo import api, fields, models
from odoo.exceptions import ValidationError

CONTRACT_RENEWED = [
    ("not_due", "Not due yet"),
    ("yes", "Renewed"),
    ("no", "Not renewed"),
]


class ProvideCoopCheckin(models.Model):
    """An outcome check-in: a dated snapshot of how a launched co-op is doing
    (still trading, members by kind, jobs, turnover, its contract, people
    served), recorded by its adviser at the schedule set in the settings.
    Recording one marks the check-in activity it answers done."""

    _name = "provide.coop.checkin"
    _description = "Co-op outcome check-in"
    _inherit = ["provide.coop.members"]
    _order = "date desc, id desc"
    _check_company_auto = True

    coop_id = fields.Many2one(
        "provide.coop",
        string="Co-op",
        required=True,
        index=True,
        ondelete="cascade",
        check_company=True,
    )
    company_id = fields.Many2one(
        related="coop_id.company_id", store=True, index=True, precompute=True
    )
    currency_id = fields.Many2one(related="company_id.currency_id")
    sector_id = fields.Many2one(related="coop_id.sector_id", store=True)
    date = fields.Date(required=True, index=True, default=fields.Date.context_today)
    user_id = fields.Many2one(
        "res.users",
        string="Recorded By",
        default=lambda self: self.env.user,
        domain="[('share', '=', False)]",
    )
    still_trading = fields.Boolean(default=True)
    jobs = fields.Integer(help="People employed by the co-op.")
    turnover = fields.Monetary(
        string="Annual Turnover",
        currency_field="currency_id",
        help="Income over the co-op's last twelve months or its last accounts.",
    )
    contract_renewed = fields.Selection(
        CONTRACT_RENEWED, default="not_due", required=True
    )
    service_users = fields.Integer(string="Service Users Reached")
    note = fields.Text(help="A few words on how the co-op is doing.")
    months_after_launch = fields.Integer(
        compute="_compute_months_after_launch",
        store=True,
        aggregator="max",
        help="Whole months between the launch and the check-in.",
    )
    # Check-ins are snapshots: adding two of one co-op counts its members
    # twice. Totals over co-ops read the latest snapshot of each.
    is_latest = fields.Boolean(
        string="Latest of its Co-op",
        compute="_compute_is_latest",
        store=True,
        index=True,
    )

    @api.depends("date", "coop_id.date_launched")
    def _compute_months_after_launch(self):
        for checkin in self:
            launched = checkin.coop_id.date_launched
            if checkin.date and launched and checkin.date >= launched:
                months = (checkin.date.year - launched.year) * 12 + (
                    checkin.date.month - launched.month
                )
                if checkin.date.day < launched.day:
                    months -= 1
                checkin.months_after_launch = max(months, 0)
            else:
                checkin.months_after_launch = 0

    @api.depends("coop_id.latest_checkin_id")
    def _compute_is_latest(self):
        for checkin in self:
            checkin.is_latest = checkin.coop_id.latest_checkin_id == checkin

    @api.depends("coop_id", "date")
    def _compute_display_name(self):
        for checkin in self:
            checkin.display_name = self.env._(
                "%(coop)s on %(date)s",
                coop=checkin.coop_id.name or "",
                date=fields.Date.to_string(checkin.date) if checkin.date else "",
            )

    _sql_constraints = [
        (
            "figures_not_negative",
            "CHECK(jobs >= 0 AND turnover >= 0 AND service_users >= 0)",
            "The jobs, turnover and service users of a check-in cannot be negative.",
        ),
    ]

    @api.constrains("date", "coop_id")
    def _check_date(self):
        for checkin in self:
            launched = checkin.coop_id.date_launched
            if launched and checkin.date < launched:
                raise ValidationError(
                    self.env._(
                        "A check-in of %(coop)s cannot be dated before its "
                        "launch on %(date)s.",
                        coop=checkin.coop_id.name,
                        date=fields.Date.to_string(launched),
                    )
                )

    @api.model_create_multi
    def create(self, vals_list):
        checkins = super().create(vals_list)
        self.env["provide.coop"]._checkin_activities_done_by(checkins)
        return checkins
