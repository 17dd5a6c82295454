from odoo import SUPERUSER_ID, api
from odoo.tools import SQL, float_round

# The advisers' rule on bookings, as security/provide_coop_security.xml has it
# since confidential enquiries (the rule is noupdate, so set here once). An
# upgrade runs this script with today's code, where the readers of a
# confidential enquiry are a relation to users (18.0.1.5.0): the domain names
# it, as the rule is checked against today's fields when it is written.
BOOKING_RULE_DOMAIN = (
    "[('provide_enquiry_id', '!=', False), '|', "
    "('provide_enquiry_id.is_confidential', '=', False), "
    "('provide_enquiry_id.confidential_user_ids', 'in', user.id)]"
)

KEPT_COLUMN = "provide_days_used_before_lines"

# The shipped activity types and the support they deliver (as in
# data/provide_coop_data.xml, loaded on a new install only).
DELIVERY_KINDS = {
    "mail_activity_type_provide_phone": ("phone", 0.5),
    "mail_activity_type_provide_meeting": ("meeting", 2.0),
    "mail_activity_type_provide_workshop": ("workshop", 3.0),
    "mail_activity_type_provide_feasibility": ("feasibility", 7.0),
    "mail_activity_type_provide_assessment_call": ("phone", 1.0),
}


def launched_stage_requires_the_coop(env):
    """The shipped Launched stage asks for the co-op, unless a manager made
    it a stage where nothing is launched."""
    stage = env.ref("provide_coop.provide_stage_launched", raise_if_not_found=False)
    if stage and stage.is_won:
        stage.requires_coop = True


def activity_types_propose_support_lines(env):
    for xmlid, (kind, hours) in DELIVERY_KINDS.items():
        activity_type = env.ref(f"provide_coop.{xmlid}", raise_if_not_found=False)
        if activity_type and not activity_type.provide_delivery_kind:
            activity_type.write(
                {"provide_delivery_kind": kind, "provide_delivery_hours": hours}
            )


def date_delivered_studies(cr):
    """Studies already delivered: the day they were last changed, the best
    date known of their delivery."""
    cr.execute(
        SQL(
            """UPDATE provide_feasibility_study
                  SET date_delivered = COALESCE(write_date, create_date)::date
                WHERE state = 'delivered' AND date_delivered IS NULL"""
        )
    )


def days_used_into_lines(env):
    """Each member's typed days used become a confirmed service-delivery
    line of that many days' hours (kind Other, dated when the member joined
    the team), less any hours lines already give them: days used come out
    the same, now as the sum of lines."""
    cr = env.cr
    cr.execute(
        SQL(
            """SELECT 1 FROM information_schema.columns
                WHERE table_name = 'provide_support_member' AND column_name = %s""",
            KEPT_COLUMN,
        )
    )
    if not cr.fetchone():
        return
    env.flush_all()
    # Typed days, and the hours lines give each member already (the demo's
    # lines, on a database with demo data).
    cr.execute(
        SQL(
            """SELECT m.id, m.%s,
                      COALESCE((SELECT SUM(d.hours)
                                  FROM provide_service_delivery d
                                 WHERE d.enquiry_id = m.enquiry_id
                                   AND d.partner_id = m.partner_id
                                   AND d.state = 'confirmed'), 0)
                 FROM provide_support_member m
                WHERE COALESCE(m.%s, 0) > 0""",
            SQL.identifier(KEPT_COLUMN),
            SQL.identifier(KEPT_COLUMN),
        )
    )
    typed, given = {}, {}
    for member_id, days, hours in cr.fetchall():
        typed[member_id] = days
        given[member_id] = hours
    Member = env["provide.support.member"].with_context(active_test=False)
    members = Member.browse(sorted(typed))
    hours_per_day = env["provide.service.delivery"]._hours_per_day()
    users = (
        env["res.users"]
        .with_context(active_test=False)
        .search(
            [("partner_id", "in", members.partner_id.ids), ("share", "=", False)],
            order="id",
        )
    )
    user_by_partner = {}
    for user in users:
        user_by_partner.setdefault(user.partner_id, user)
    vals_list = []
    for member in members:
        missing = float_round(
            typed[member.id] * hours_per_day - given[member.id], precision_digits=2
        )
        if missing <= 0:
            continue
        user = user_by_partner.get(member.partner_id, env["res.users"])
        vals_list.append(
            {
                "enquiry_id": member.enquiry_id.id,
                "date": member.create_date.date(),
                "user_id": user.id,
                "partner_id": member.partner_id.id,
                "kind": "other",
                "hours": missing,
                "description": env._(
                    "Days of support recorded on the team before service-delivery "
                    "lines"
                ),
                "state": "confirmed",
            }
        )
    env["provide.service.delivery"].create(vals_list)
    # Every member's days used, counted from the lines now.
    all_members = Member.search([])
    env.add_to_compute(Member._fields["days_used"], all_members)
    all_members.modified(["days_used"])
    env.flush_all()
    cr.execute(
        SQL(
            "ALTER TABLE provide_support_member DROP COLUMN %s",
            SQL.identifier(KEPT_COLUMN),
        )
    )


def personal_data(env):
    """Enquiries that came with a consent (the public page) are held on
    consent, the others on the agency's legitimate interest (the column's
    default); advisers stop seeing the bookings of confidential enquiries that
    are not theirs."""
    env.cr.execute(
        SQL(
            """UPDATE provide_enquiry e SET lawful_basis = 'consent'
                WHERE EXISTS (SELECT 1 FROM provide_consent c
                               WHERE c.enquiry_id = e.id)"""
        )
    )
    rule = env.ref(
        "provide_coop.event_registration_rule_provide_user", raise_if_not_found=False
    )
    if rule:
        rule.domain_force = BOOKING_RULE_DOMAIN


def publish_case_studies(cr):
    """Case studies can now be kept internal; those already in the library
    were kept to show enquirers, so they stay visible: published."""
    cr.execute(SQL("UPDATE provide_case_study SET is_published = TRUE"))


def migrate(cr, version):
    """From 18.0.1.3.0 and before."""
    if not version:
        return
    env = api.Environment(cr, SUPERUSER_ID, {})
    personal_data(env)
    publish_case_studies(cr)
    launched_stage_requires_the_coop(env)
    activity_types_propose_support_lines(env)
    date_delivered_studies(cr)
    days_used_into_lines(env)
