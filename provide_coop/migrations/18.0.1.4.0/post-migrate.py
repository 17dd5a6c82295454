from odoo import SUPERUSER_ID, api
from odoo.tools import SQL

# The advisers' rule on bookings, as security/provide_coop_security.xml has it
# since confidential enquiries (the rule is noupdate, so set here once).
BOOKING_RULE_DOMAIN = (
    "[('provide_enquiry_id', '!=', False), '|', "
    "('provide_enquiry_id.is_confidential', '=', False), "
    "('provide_enquiry_id.confidential_readers', 'like', "
    "',%s,' % user.partner_id.id)]"
)


def migrate(cr, version):
    """From 18.0.1.3.0: enquiries that came with a consent (the public page)
    are held on consent, the others on the agency's legitimate interest (the
    column's default); advisers stop seeing the bookings of confidential
    enquiries that are not theirs. Case studies can now be kept internal;
    those already in the library were kept to show enquirers, so they stay
    visible: published."""
    if not version:
        return
    cr.execute(
        SQL(
            """UPDATE provide_enquiry e SET lawful_basis = 'consent'
                WHERE EXISTS (SELECT 1 FROM provide_consent c
                               WHERE c.enquiry_id = e.id)"""
        )
    )
    cr.execute(SQL("UPDATE provide_case_study SET is_published = TRUE"))
    env = api.Environment(cr, SUPERUSER_ID, {})
    rule = env.ref(
        "provide_coop.event_registration_rule_provide_user", raise_if_not_found=False
    )
    if rule:
        rule.domain_force = BOOKING_RULE_DOMAIN
