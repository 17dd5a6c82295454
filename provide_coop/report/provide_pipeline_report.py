from odoo import fields, models, tools
from odoo.tools import SQL

from ..models.provide_enquiry import PRIORITIES


class ProvidePipelineReport(models.Model):
    """The pipeline as a manager reads it: one row per enquiry, open or
    closed, with the stage, the sector, where it came from and how long it has
    been in the pipeline. A read-only SQL view over stored, indexed enquiry
    columns, so every grouping is one SQL statement."""

    _name = "provide.pipeline.report"
    _description = "Pipeline analysis"
    _auto = False
    _order = "stage_sequence, id desc"
    _rec_name = "name"

    enquiry_id = fields.Many2one("provide.enquiry", readonly=True)
    name = fields.Char(string="Opportunity", readonly=True)
    company_id = fields.Many2one("res.company", readonly=True)
    user_id = fields.Many2one("res.users", string="Adviser", readonly=True)
    stage_id = fields.Many2one("provide.assessment.stage", readonly=True)
    stage_sequence = fields.Integer(readonly=True, aggregator=False)
    sector_id = fields.Many2one("provide.sector", readonly=True)
    local_authority_id = fields.Many2one("res.partner", readonly=True)
    source = fields.Selection(
        selection=lambda self: self.env["provide.enquiry"]
        ._fields["source"]
        ._description_selection(self.env),
        readonly=True,
    )
    enquirer_type = fields.Selection(
        selection=lambda self: self.env["provide.enquiry"]
        ._fields["enquirer_type"]
        ._description_selection(self.env),
        readonly=True,
    )
    priority = fields.Selection(PRIORITIES, readonly=True)
    outcome = fields.Selection(
        [("open", "Open"), ("won", "Co-op launched"), ("lost", "Not proceeding")],
        readonly=True,
    )
    date_received = fields.Datetime(string="Received", readonly=True)
    date_closed = fields.Datetime(string="Closed On", readonly=True)
    date_last_stage_update = fields.Datetime(string="Last Stage Move", readonly=True)
    last_touch_date = fields.Datetime(string="Last Touched", readonly=True)

    workforce_size = fields.Integer(readonly=True, aggregator="sum")
    annual_contract_value = fields.Float(
        string="Contract Value", readonly=True, aggregator="sum"
    )
    days_open = fields.Float(readonly=True, aggregator="avg")
    days_in_stage = fields.Float(
        string="Days in Current Stage", readonly=True, aggregator="avg"
    )
    # Conversion is counted by cohort: each row is an enquiry, so of the
    # enquiries received in a period (grouped by date received), these say
    # how many have gone on so far, and the rates can never pass 100 %.
    received_count = fields.Integer(
        string="Enquiries Received", readonly=True, aggregator="sum"
    )
    assessed_count = fields.Integer(string="Assessed", readonly=True, aggregator="sum")
    launched_count = fields.Integer(string="Launched", readonly=True, aggregator="sum")
    assessed_rate = fields.Float(
        string="Assessed (% of Received)",
        readonly=True,
        aggregator="avg",
        help="Of the enquiries received, the share assessed so far.",
    )
    launched_rate = fields.Float(
        string="Launched (% of Received)",
        readonly=True,
        aggregator="avg",
        help="Of the enquiries received, the share launched as a co-op so far.",
    )
    open_count = fields.Integer(string="Open", readonly=True, aggregator="sum")
    assessment_score = fields.Float(readonly=True, aggregator="avg")
    recommendation_id = fields.Many2one(
        "provide.assessment.recommendation", readonly=True
    )
    event_id = fields.Many2one("event.event", string="Origin Event", readonly=True)
    overdue_activity_count = fields.Integer(
        string="Overdue Activities", readonly=True, aggregator="sum"
    )
    support_days_allocated = fields.Float(readonly=True, aggregator="sum")
    support_days_used = fields.Float(readonly=True, aggregator="sum")

    def _assessed_sql(self):
        """An enquiry counts as assessed once its current formal assessment
        is done; a launched co-op went through the gate, so it counts too.

        The one place that defines "assessed" for the conversion figures;
        `e` is the enquiry and `s` its stage."""
        return SQL("(e.assessment_state = 'done' OR s.is_won IS TRUE)")

    def _select(self):
        return SQL(
            """
            SELECT
                e.id AS id,
                e.id AS enquiry_id,
                -- A confidential enquiry is counted, not named.
                CASE WHEN e.is_confidential
                     THEN 'Confidential enquiry ' || COALESCE(e.reference, '')
                     ELSE e.name END AS name,
                e.company_id AS company_id,
                e.user_id AS user_id,
                e.stage_id AS stage_id,
                s.sequence AS stage_sequence,
                e.sector_id AS sector_id,
                e.local_authority_id AS local_authority_id,
                e.source AS source,
                e.enquirer_type AS enquirer_type,
                e.priority AS priority,
                e.outcome AS outcome,
                e.date_received AS date_received,
                e.date_closed AS date_closed,
                e.date_last_stage_update AS date_last_stage_update,
                e.last_touch_date AS last_touch_date,
                COALESCE(e.workforce_size, 0) AS workforce_size,
                COALESCE(e.annual_contract_value, 0) AS annual_contract_value,
                -- Durations are never negative, even for dates set by hand.
                GREATEST(EXTRACT(EPOCH FROM
                    COALESCE(e.date_closed, NOW() AT TIME ZONE 'UTC')
                    - e.date_received) / 86400.0, 0) AS days_open,
                GREATEST(EXTRACT(EPOCH FROM NOW() AT TIME ZONE 'UTC'
                    - COALESCE(e.date_last_stage_update, e.date_received))
                    / 86400.0, 0) AS days_in_stage,
                1 AS received_count,
                CASE WHEN %(assessed)s THEN 1 ELSE 0 END AS assessed_count,
                CASE WHEN e.outcome = 'won' THEN 1 ELSE 0 END AS launched_count,
                -- Averaged over a group of enquiries: the share of them.
                CASE WHEN %(assessed)s THEN 1.0 ELSE 0.0 END AS assessed_rate,
                CASE WHEN e.outcome = 'won' THEN 1.0 ELSE 0.0 END AS launched_rate,
                CASE WHEN e.outcome = 'open' THEN 1 ELSE 0 END AS open_count,
                (
                    SELECT COUNT(*) FROM mail_activity a
                    WHERE a.res_model = 'provide.enquiry' AND a.res_id = e.id
                      AND a.date_deadline < CURRENT_DATE
                ) AS overdue_activity_count,
                COALESCE(sm.days_allocated, 0) AS support_days_allocated,
                COALESCE(sm.days_used, 0) AS support_days_used,
                -- A draft assessment's score is provisional: not averaged.
                CASE WHEN e.assessment_state = 'done'
                    THEN e.assessment_score END AS assessment_score,
                e.assessment_recommendation_id AS recommendation_id,
                e.event_id AS event_id
            """,
            assessed=self._assessed_sql(),
        )

    def _from(self):
        return SQL(
            """
            FROM provide_enquiry e
            LEFT JOIN provide_assessment_stage s ON s.id = e.stage_id
            -- The support team's days, summed once per enquiry: a plain join
            -- on the lines would repeat the enquiry once per member.
            LEFT JOIN (
                SELECT enquiry_id,
                       SUM(days_allocated) AS days_allocated,
                       SUM(days_used) AS days_used
                  FROM provide_support_member
                 GROUP BY enquiry_id
            ) sm ON sm.enquiry_id = e.id
            """
        )

    def init(self):
        tools.drop_view_if_exists(self.env.cr, self._table)
        self.env.cr.execute(
            SQL(
                # Closed enquiries stay in: they are the "not proceeding" outcome.
                "CREATE OR REPLACE VIEW %s AS (%s %s)",
                SQL.identifier(self._table),
                self._select(),
                self._from(),
            )
        )
