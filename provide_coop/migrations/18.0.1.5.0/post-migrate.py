from odoo import SUPERUSER_ID, api
from odoo.tools import SQL


def companies_everywhere(env):
    """Consents, erasures and the public page's submissions gained a company
    (each agency reads its own only). Existing rows get theirs: a consent its
    enquiry's, else its booking's event's; an erasure the company of the
    manager who did it; submissions are dropped (a rate limit of an hour has
    no use for them, and network addresses go)."""
    cr = env.cr
    cr.execute(
        SQL(
            """UPDATE provide_consent c
                  SET company_id = COALESCE(e.company_id, ev.company_id, c.company_id)
                 FROM provide_consent c2
            LEFT JOIN provide_enquiry e ON e.id = c2.enquiry_id
            LEFT JOIN event_registration r ON r.id = c2.registration_id
            LEFT JOIN event_event ev ON ev.id = r.event_id
                WHERE c.id = c2.id
                  AND COALESCE(e.company_id, ev.company_id) IS NOT NULL
                  AND c.company_id IS DISTINCT FROM
                      COALESCE(e.company_id, ev.company_id)"""
        )
    )
    cr.execute(
        SQL(
            """UPDATE provide_erasure er
                  SET company_id = u.company_id
                 FROM res_users u
                WHERE u.id = er.user_id
                  AND er.company_id IS DISTINCT FROM u.company_id"""
        )
    )
    cr.execute(SQL("DELETE FROM provide_web_submission"))
    env.invalidate_all()


def migrate(cr, version):
    env = api.Environment(cr, SUPERUSER_ID, {})
    companies_everywhere(env)
