from odoo import fields, models, tools
from odoo.tools import SQL

from ..models.event_registration import ATTENDEE_ROLES


class ProvideEventImpactReport(models.Model):
    """What a conference led to, as a funnel: bookings, attendees who want
    to start a co-op, the enquiries it started, and how many of those were
    assessed and launched. One row per booking and one per enquiry started at
    the event, so grouping by event gives one line per event and the
    attendee role splits it on drill-down, all in one SQL statement."""

    _name = "provide.event.impact.report"
    _description = "Event impact"
    _auto = False
    _order = "event_id, id"

    event_id = fields.Many2one("event.event", readonly=True)
    company_id = fields.Many2one("res.company", readonly=True)
    attendee_role = fields.Selection(ATTENDEE_ROLES, readonly=True)
    registration_count = fields.Integer(
        string="Bookings",
        readonly=True,
        aggregator="sum",
        help="Bookings not cancelled.",
    )
    interested_count = fields.Integer(
        string="Interested",
        readonly=True,
        aggregator="sum",
        help="Bookings of attendees who want to start a co-op.",
    )
    enquiry_count = fields.Integer(
        string="Enquiries",
        readonly=True,
        aggregator="sum",
        help="Enquiries started at the event.",
    )
    assessed_count = fields.Integer(
        string="Assessed",
        readonly=True,
        aggregator="sum",
        help="Enquiries from the event with a done formal assessment, or " "launched.",
    )
    launched_count = fields.Integer(
        string="Launched",
        readonly=True,
        aggregator="sum",
        help="Enquiries from the event that became a co-op.",
    )
    attended_count = fields.Integer(
        string="Attended",
        readonly=True,
        aggregator="sum",
        help="Bookings marked as attended.",
    )
    enquiry_id = fields.Many2one("provide.enquiry", readonly=True)
    registration_id = fields.Many2one(
        "event.registration", string="Booking", readonly=True
    )

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
                    1 AS registration_count,
                    CASE WHEN r.provide_interest THEN 1 ELSE 0 END
                        AS interested_count,
                    0 AS enquiry_count,
                    0 AS assessed_count,
                    0 AS launched_count,
                    CASE WHEN r.state = 'done' THEN 1 ELSE 0 END AS attended_count,
                    NULL::integer AS enquiry_id,
                    r.id AS registration_id
                FROM event_registration r
                JOIN event_event ev ON ev.id = r.event_id
                -- A booking counts as the event's own seat count does:
                -- confirmed or attended. Cancelled and unconfirmed ones are
                -- no booking, and an event with none has no line of zeros.
                WHERE r.active IS NOT FALSE AND r.state IN ('open', 'done')
                  -- Only conferences the agency works from: some booking
                  -- records an attendee role or a wish to start a co-op, or
                  -- an enquiry came of it. Other events of the database
                  -- (Odoo's own demo events, say) are not the pipeline's.
                  AND (EXISTS (SELECT 1 FROM event_registration r2
                                WHERE r2.event_id = r.event_id
                                  AND (r2.provide_attendee_role IS NOT NULL
                                       OR r2.provide_interest))
                       OR EXISTS (SELECT 1 FROM provide_enquiry e2
                                   WHERE e2.event_id = r.event_id))
                UNION ALL
                SELECT
                    e.id * 2 + 1 AS id,
                    e.event_id AS event_id,
                    -- The enquiry's own company: an agency never counts
                    -- another agency's enquiries from a shared event.
                    e.company_id AS company_id,
                    r.provide_attendee_role AS attendee_role,
                    0, 0,
                    1 AS enquiry_count,
                    CASE WHEN %(assessed)s THEN 1 ELSE 0 END AS assessed_count,
                    CASE WHEN e.outcome = 'won' THEN 1 ELSE 0 END AS launched_count,
                    0 AS attended_count,
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
