from odoo import fields, models, tools
from odoo.tools import SQL

from ..models.event_registration import ATTENDEE_ROLES


class ProvideEventImpactReport(models.Model):
    """What a conference led to: who came in which role, who wanted to start
    a co-op, and the enquiries it started, assessed and launched. One row per
    booking and one per enquiry started at the event, so a pivot by event and
    role counts both in one SQL statement."""

    _name = "provide.event.impact.report"
    _description = "Event impact"
    _auto = False
    _order = "event_id, id"

    event_id = fields.Many2one("event.event", readonly=True)
    company_id = fields.Many2one("res.company", readonly=True)
    attendee_role = fields.Selection(ATTENDEE_ROLES, readonly=True)
    registration_count = fields.Integer(
        string="Registrations", readonly=True, aggregator="sum"
    )
    attended_count = fields.Integer(string="Attended", readonly=True, aggregator="sum")
    interested_count = fields.Integer(
        string="Want to Start a Co-op", readonly=True, aggregator="sum"
    )
    enquiry_count = fields.Integer(
        string="Enquiries Created", readonly=True, aggregator="sum"
    )
    assessed_count = fields.Integer(string="Assessed", readonly=True, aggregator="sum")
    launched_count = fields.Integer(string="Launched", readonly=True, aggregator="sum")
    enquiry_id = fields.Many2one("provide.enquiry", readonly=True)
    registration_id = fields.Many2one("event.registration", readonly=True)

    def init(self):
        tools.drop_view_if_exists(self.env.cr, self._table)
        # "Assessed" is the pipeline analysis's definition (one place).
        assessed = self.env["provide.pipeline.report"]._assessed_sql()
        self.env.cr.execute(
            SQL(
                """CREATE OR REPLACE VIEW %(table)s AS (
                SELECT
                    r.id * 2 AS id,
                    r.event_id AS event_id,
                    ev.company_id AS company_id,
                    r.provide_attendee_role AS attendee_role,
                    CASE WHEN r.state != 'cancel' THEN 1 ELSE 0 END
                        AS registration_count,
                    CASE WHEN r.state = 'done' THEN 1 ELSE 0 END AS attended_count,
                    CASE WHEN r.provide_interest AND r.state != 'cancel'
                        THEN 1 ELSE 0 END AS interested_count,
                    0 AS enquiry_count,
                    0 AS assessed_count,
                    0 AS launched_count,
                    NULL::integer AS enquiry_id,
                    r.id AS registration_id
                FROM event_registration r
                JOIN event_event ev ON ev.id = r.event_id
                WHERE r.active IS NOT FALSE
                UNION ALL
                SELECT
                    e.id * 2 + 1 AS id,
                    e.event_id AS event_id,
                    -- The enquiry's own company: an agency never counts
                    -- another agency's enquiries from a shared event.
                    e.company_id AS company_id,
                    r.provide_attendee_role AS attendee_role,
                    0, 0, 0,
                    1 AS enquiry_count,
                    CASE WHEN %(assessed)s THEN 1 ELSE 0 END AS assessed_count,
                    CASE WHEN e.outcome = 'won' THEN 1 ELSE 0 END AS launched_count,
                    e.id AS enquiry_id,
                    e.registration_id AS registration_id
                FROM provide_enquiry e
                JOIN event_event ev ON ev.id = e.event_id
                LEFT JOIN provide_assessment_stage s ON s.id = e.stage_id
                LEFT JOIN event_registration r ON r.id = e.registration_id
            )""",
                table=SQL.identifier(self._table),
                assessed=assessed,
            )
        )
