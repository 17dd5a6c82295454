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


# The confidentiality rules as security/provide_coop_security.xml has them
# since the readers of a confidential enquiry are a relation to users (the
# rules are noupdate, so rewritten here once). The rules the version adds
# (assessment lines, co-ops, check-ins) are created by the update itself.
READERS = "('{path}confidential_user_ids', 'in', user.id)"
CONFIDENTIAL = "['|', ('{path}is_confidential', '=', False), " + READERS + "]"
RULE_DOMAINS = {
    "provide_enquiry_rule_confidential": CONFIDENTIAL.format(path=""),
    "provide_assessment_rule_confidential": CONFIDENTIAL.format(path="enquiry_id."),
    "provide_feasibility_study_rule_confidential": CONFIDENTIAL.format(
        path="enquiry_id."
    ),
    "provide_support_member_rule_confidential": CONFIDENTIAL.format(path="enquiry_id."),
    "provide_enquiry_stage_history_rule_confidential": CONFIDENTIAL.format(
        path="enquiry_id."
    ),
    "provide_service_delivery_rule_confidential": CONFIDENTIAL.format(
        path="enquiry_id."
    ),
    "provide_consent_rule_confidential": "['|', ('enquiry_id', '=', False), "
    + CONFIDENTIAL.format(path="enquiry_id.")[1:],
    "event_registration_rule_provide_user": "[('provide_enquiry_id', '!=', False), "
    + CONFIDENTIAL.format(path="provide_enquiry_id.")[1:],
}


def confidential_rules(env):
    for xmlid, domain in RULE_DOMAINS.items():
        rule = env.ref(f"provide_coop.{xmlid}", raise_if_not_found=False)
        if rule:
            rule.domain_force = domain


def confidential_readers(env):
    """Who reads each confidential enquiry, from its adviser and support
    team (the others have none)."""
    Enquiry = env["provide.enquiry"].with_context(active_test=False)
    enquiries = Enquiry.search([("is_confidential", "=", True)])
    env.add_to_compute(Enquiry._fields["confidential_user_ids"], enquiries)
    env.flush_all()


def migrate(cr, version):
    """From 18.0.1.4.0 and before."""
    if not version:
        return
    env = api.Environment(cr, SUPERUSER_ID, {})
    companies_everywhere(env)
    confidential_rules(env)
    confidential_readers(env)
