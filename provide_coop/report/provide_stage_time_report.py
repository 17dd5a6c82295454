from odoo import fields, models, tools
from odoo.tools import SQL


class ProvideStageTimeReport(models.Model):
    """Time in stage as a manager reads it: one row per stay of an enquiry in
    a stage, all stays counted (an enquiry that goes back and forth adds up),
    a stay still going counted up to now, or up to the enquiry's closing.
    Launched is where an enquiry ends, not a stage it waits in: its stays are
    left out, as they would only grow every average. A read-only SQL view
    over the stage history, so averages by stage, sector or adviser are one
    SQL statement."""

    _name = "provide.stage.time.report"
    _description = "Time in stage"
    _auto = False
    _order = "date_in desc"

    enquiry_id = fields.Many2one("provide.enquiry", readonly=True)
    company_id = fields.Many2one("res.company", readonly=True)
    stage_id = fields.Many2one("provide.assessment.stage", readonly=True)
    user_id = fields.Many2one("res.users", string="Adviser", readonly=True)
    sector_id = fields.Many2one("provide.sector", readonly=True)
    source = fields.Selection(
        selection=lambda self: self.env["provide.enquiry"]
        ._fields["source"]
        ._description_selection(self.env),
        readonly=True,
    )
    date_in = fields.Datetime(string="Entered", readonly=True)
    date_out = fields.Datetime(string="Left", readonly=True)
    is_current = fields.Boolean(string="Still in Stage", readonly=True)
    days = fields.Float(string="Days in Stage", readonly=True, aggregator="avg")

    def init(self):
        tools.drop_view_if_exists(self.env.cr, self._table)
        self.env.cr.execute(
            SQL(
                """CREATE OR REPLACE VIEW %s AS (
                SELECT
                    h.id AS id,
                    h.enquiry_id AS enquiry_id,
                    h.company_id AS company_id,
                    h.stage_id AS stage_id,
                    -- The adviser when the stay began, not today's.
                    h.user_id AS user_id,
                    e.sector_id AS sector_id,
                    e.source AS source,
                    h.date_in AS date_in,
                    h.date_out AS date_out,
                    h.date_out IS NULL AS is_current,
                    GREATEST(EXTRACT(EPOCH FROM
                        COALESCE(h.date_out, e.date_closed,
                            NOW() AT TIME ZONE 'UTC')
                        - h.date_in) / 86400.0, 0) AS days
                FROM provide_enquiry_stage_history h
                JOIN provide_enquiry e ON e.id = h.enquiry_id
                LEFT JOIN provide_assessment_stage s ON s.id = h.stage_id
                WHERE s.is_won IS NOT TRUE
            )""",
                SQL.identifier(self._table),
            )
        )
