from odoo import fields, models, tools
from odoo.tools import SQL, create_index

from ..models.provide_service_delivery import DELIVERY_KINDS

EVENT_KINDS = [
    ("received", "Enquiry received"),
    ("stage", "Entered a stage"),
    ("assessed", "Formal assessment done"),
    ("study", "Pre-feasibility study delivered"),
    ("launched", "Co-op launched"),
    ("closed", "Closed as not proceeding"),
    ("support", "Support delivered"),
]


class ProvideEnquiryEvent(models.Model):
    """What happened to the enquiries, one row per event, each on the day it
    happened: an enquiry received, a stay in a stage begun (the stage
    history), a formal assessment done, a pre-feasibility study delivered, a
    co-op launched, an enquiry closed as not proceeding, an hour of support
    given (the service-delivery lines).

    The one definition of "what happened in a period" for the printed
    pipeline summary and the funder report: both count these rows by date,
    whenever the enquiry itself came in. A read-only SQL view, so every
    figure is one grouped statement.

    - A launch is dated when its enquiry last entered a launched stage (its
      close date) and counts while the enquiry stays launched. The co-op's
      figures at launch (jobs kept and created, members) count once, with the
      enquiry that launched it.
    - A support line counts once confirmed.
    - Sector and area are the enquiry's."""

    _name = "provide.enquiry.event"
    _description = "Enquiry event"
    _auto = False
    _order = "date desc, id desc"
    _rec_name = "kind"

    kind = fields.Selection(EVENT_KINDS, readonly=True)
    date = fields.Date(readonly=True)
    enquiry_id = fields.Many2one("provide.enquiry", readonly=True)
    company_id = fields.Many2one("res.company", readonly=True)
    sector_id = fields.Many2one("provide.sector", readonly=True)
    local_authority_id = fields.Many2one("res.partner", readonly=True)
    user_id = fields.Many2one("res.users", string="Adviser", readonly=True)
    stage_id = fields.Many2one(
        "provide.assessment.stage", string="Stage Entered", readonly=True
    )
    partner_id = fields.Many2one("res.partner", string="Delivered By", readonly=True)
    coop_id = fields.Many2one("provide.coop", string="Co-op", readonly=True)
    delivery_kind = fields.Selection(
        DELIVERY_KINDS, string="Kind of Support", readonly=True
    )
    event_count = fields.Integer(string="Events", readonly=True, aggregator="sum")
    hours = fields.Float(string="Support Hours", readonly=True, aggregator="sum")
    cost = fields.Float(string="Study Cost", readonly=True, aggregator="sum")
    jobs_kept = fields.Integer(readonly=True, aggregator="sum")
    jobs_created = fields.Integer(readonly=True, aggregator="sum")
    members = fields.Integer(
        string="Members at Launch", readonly=True, aggregator="sum"
    )

    def _query(self):
        # Each branch keeps the enquiry's sector and area, so a programme's
        # coverage is a filter on the events themselves. Ids are the source
        # row's id times 8 plus the branch: unique across branches.
        return SQL(
            """
            SELECT e.id * 8 AS id, 'received' AS kind,
                   e.date_received::date AS date, e.id AS enquiry_id,
                   e.company_id, e.sector_id, e.local_authority_id, e.user_id,
                   NULL::integer AS stage_id, NULL::integer AS partner_id,
                   e.coop_id, NULL::varchar AS delivery_kind, 1 AS event_count,
                   0.0 AS hours, 0.0 AS cost, 0 AS jobs_kept, 0 AS jobs_created,
                   0 AS members
              FROM provide_enquiry e
            UNION ALL
            SELECT h.id * 8 + 1, 'stage', h.date_in::date, e.id, e.company_id,
                   e.sector_id, e.local_authority_id, h.user_id, h.stage_id, NULL,
                   e.coop_id, NULL, 1, 0.0, 0.0, 0, 0, 0
              FROM provide_enquiry_stage_history h
              JOIN provide_enquiry e ON e.id = h.enquiry_id
            UNION ALL
            SELECT a.id * 8 + 2, 'assessed', a.date, e.id, e.company_id,
                   e.sector_id, e.local_authority_id, a.assessor_id, NULL, NULL,
                   e.coop_id, NULL, 1, 0.0, 0.0, 0, 0, 0
              FROM provide_assessment a
              JOIN provide_enquiry e ON e.id = a.enquiry_id
             WHERE a.state = 'done' AND a.date IS NOT NULL
            UNION ALL
            SELECT s.id * 8 + 3, 'study', s.date_delivered, e.id, e.company_id,
                   e.sector_id, e.local_authority_id, s.author_id, NULL, NULL,
                   e.coop_id, NULL, 1, 0.0, COALESCE(s.cost, 0.0), 0, 0, 0
              FROM provide_feasibility_study s
              JOIN provide_enquiry e ON e.id = s.enquiry_id
             WHERE s.state = 'delivered' AND s.date_delivered IS NOT NULL
            UNION ALL
            SELECT e.id * 8 + 4, 'launched', e.date_closed::date, e.id,
                   e.company_id, e.sector_id, e.local_authority_id, e.user_id,
                   e.stage_id, NULL, e.coop_id, NULL, 1, 0.0, 0.0,
                   COALESCE(c.jobs_transferred, 0), COALESCE(c.jobs_created, 0),
                   COALESCE(c.member_count, 0)
              FROM provide_enquiry e
              LEFT JOIN provide_coop c ON c.enquiry_id = e.id
             WHERE e.outcome = 'won' AND e.date_closed IS NOT NULL
            UNION ALL
            SELECT e.id * 8 + 5, 'closed', e.date_closed::date, e.id,
                   e.company_id, e.sector_id, e.local_authority_id, e.user_id,
                   NULL, NULL, e.coop_id, NULL, 1, 0.0, 0.0, 0, 0, 0
              FROM provide_enquiry e
             WHERE e.outcome = 'lost' AND e.date_closed IS NOT NULL
            UNION ALL
            SELECT d.id * 8 + 6, 'support', d.date, e.id, e.company_id,
                   e.sector_id, e.local_authority_id, d.user_id, NULL,
                   d.partner_id, e.coop_id, d.kind, 1, COALESCE(d.hours, 0.0),
                   0.0, 0, 0, 0
              FROM provide_service_delivery d
              JOIN provide_enquiry e ON e.id = d.enquiry_id
             WHERE d.state = 'confirmed'
            """
        )

    def init(self):
        # Indexes on the day of each date give the planner its row estimates.
        for table, column in (
            ("provide_enquiry", "date_received"),
            ("provide_enquiry", "date_closed"),
            ("provide_enquiry_stage_history", "date_in"),
        ):
            index = f"{table}__{column}_day_index"
            create_index(self.env.cr, index, table, [f"({column}::date)"])
        tools.drop_view_if_exists(self.env.cr, self._table)
        self.env.cr.execute(
            SQL(
                "CREATE OR REPLACE VIEW %s AS (%s)",
                SQL.identifier(self._table),
                self._query(),
            )
        )
