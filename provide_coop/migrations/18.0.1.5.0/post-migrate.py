from odoo import SUPERUSER_ID, api

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
    confidential_rules(env)
    confidential_readers(env)
