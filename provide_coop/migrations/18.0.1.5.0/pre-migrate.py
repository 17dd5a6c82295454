import logging

from odoo.tools import SQL
from odoo.tools.sql import column_exists

_logger = logging.getLogger(__name__)

# The figures the database now keeps from being negative (SQL CHECK
# constraints), by table.
NOT_NEGATIVE = {
    "provide_enquiry": ["workforce_size", "annual_contract_value"],
    "provide_case_study": ["member_count", "workforce_size", "people_served"],
    "provide_feasibility_study": ["cost", "days_spent"],
    "provide_support_member": ["days_allocated"],
    "provide_service_delivery": ["hours", "attendees"],
    "provide_programme": ["budget"],
    "provide_programme_target": ["target"],
    "provide_coop": [
        "members_worker",
        "members_user",
        "members_community",
        "members_other",
        "jobs_transferred",
        "jobs_created",
        "service_users",
        "contract_value",
    ],
    "provide_coop_checkin": [
        "members_worker",
        "members_user",
        "members_community",
        "members_other",
        "jobs",
        "turnover",
        "service_users",
    ],
}


def no_negative_figures(cr):
    """A negative figure written past the old checks (an SQL import, say)
    becomes 0 before the update adds the constraints, which would otherwise
    be left out with a warning."""
    for table, columns in NOT_NEGATIVE.items():
        for column in columns:
            if not column_exists(cr, table, column):
                continue
            cr.execute(
                SQL(
                    "UPDATE %s SET %s = 0 WHERE %s < 0",
                    SQL.identifier(table),
                    SQL.identifier(column),
                    SQL.identifier(column),
                )
            )
            if cr.rowcount:
                _logger.info(
                    "%s.%s: %s negative values set to 0", table, column, cr.rowcount
                )


def migrate(cr, version):
    """From 18.0.1.4.0 and before."""
    if not version:
        return
    no_negative_figures(cr)
