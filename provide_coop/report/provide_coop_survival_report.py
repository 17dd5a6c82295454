from odoo import fields, models, tools
from odoo.tools import SQL

from ..models.provide_coop import TRADING_STATUSES

AGE_BANDS = [
    ("00_05", "Under 6 months"),
    ("06_11", "6 to 11 months"),
    ("12_23", "12 to 23 months"),
    ("24_35", "24 to 35 months"),
    ("36_up", "36 months or more"),
]


class ProvideCoopSurvivalReport(models.Model):
    """Survival of the co-ops the service launched: one row per launched co-op
    with how long ago it launched and whether its latest outcome check-in says
    it is still trading. Grouped by age, "of the co-ops launched 12 to 23
    months ago, how many still trade"; by launch year, a cohort."""

    _name = "provide.coop.survival.report"
    _description = "Co-op survival"
    _auto = False
    _order = "date_launched desc, id desc"
    _rec_name = "coop_id"

    coop_id = fields.Many2one("provide.coop", string="Co-op", readonly=True)
    company_id = fields.Many2one("res.company", readonly=True)
    sector_id = fields.Many2one("provide.sector", readonly=True)
    user_id = fields.Many2one("res.users", string="Adviser", readonly=True)
    date_launched = fields.Date(string="Launched On", readonly=True)
    months_since_launch = fields.Integer(readonly=True, aggregator="avg")
    age_band = fields.Selection(AGE_BANDS, string="Launched", readonly=True)
    trading_status = fields.Selection(TRADING_STATUSES, readonly=True)
    coop_count = fields.Integer(string="Co-ops", readonly=True, aggregator="sum")
    trading_count = fields.Integer(
        string="Still Trading", readonly=True, aggregator="sum"
    )
    ceased_count = fields.Integer(
        string="Stopped Trading", readonly=True, aggregator="sum"
    )
    unchecked_count = fields.Integer(
        string="Not Checked In Yet", readonly=True, aggregator="sum"
    )
    survival_rate = fields.Float(
        string="Still Trading (%)",
        readonly=True,
        aggregator="avg",
        help="Of the co-ops checked in at least once, the share still trading.",
    )

    def init(self):
        tools.drop_view_if_exists(self.env.cr, self._table)
        self.env.cr.execute(
            SQL(
                """CREATE OR REPLACE VIEW %s AS (
                WITH aged AS (
                    SELECT c.*,
                           (EXTRACT(YEAR FROM AGE(CURRENT_DATE, c.date_launched)) * 12
                            + EXTRACT(MONTH FROM AGE(CURRENT_DATE, c.date_launched))
                           )::integer AS months
                      FROM provide_coop c
                     WHERE c.date_launched IS NOT NULL AND c.active
                )
                SELECT
                    a.id AS id,
                    a.id AS coop_id,
                    a.company_id AS company_id,
                    a.sector_id AS sector_id,
                    a.user_id AS user_id,
                    a.date_launched AS date_launched,
                    GREATEST(a.months, 0) AS months_since_launch,
                    CASE WHEN a.months < 6 THEN '00_05'
                         WHEN a.months < 12 THEN '06_11'
                         WHEN a.months < 24 THEN '12_23'
                         WHEN a.months < 36 THEN '24_35'
                         ELSE '36_up' END AS age_band,
                    a.trading_status AS trading_status,
                    1 AS coop_count,
                    CASE WHEN a.trading_status = 'trading' THEN 1 ELSE 0 END
                        AS trading_count,
                    CASE WHEN a.trading_status = 'ceased' THEN 1 ELSE 0 END
                        AS ceased_count,
                    CASE WHEN a.trading_status = 'not_checked' THEN 1 ELSE 0 END
                        AS unchecked_count,
                    CASE WHEN a.trading_status = 'trading' THEN 100.0
                         WHEN a.trading_status = 'ceased' THEN 0.0 END
                        AS survival_rate
                  FROM aged a
            )""",
                SQL.identifier(self._table),
            )
        )
