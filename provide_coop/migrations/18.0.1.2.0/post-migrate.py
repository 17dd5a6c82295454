from odoo import SUPERUSER_ID, api
from odoo.tools import SQL

KPIS = (
    "kpi_provide_enquiry_new",
    "kpi_provide_enquiry_launched",
    "kpi_provide_enquiry_closed",
)


def set_date_received(cr):
    """Enquiries get the date they were received: the earliest date known of
    them (creation, a stage move, a close or a stay in the stage history), so
    no duration is negative."""
    cr.execute(
        SQL(
            """UPDATE provide_enquiry e
                  SET date_received = LEAST(
                          e.create_date,
                          e.date_last_stage_update,
                          e.date_closed,
                          (SELECT MIN(h.date_in)
                             FROM provide_enquiry_stage_history h
                            WHERE h.enquiry_id = e.id))"""
        )
    )


def move_weekly_digest_to_odoo_digest(env):
    """The weekly pipeline e-mail is now Odoo's digest.

    Odoo removes the old scheduled action and mail template itself, as they
    are gone from the data files. The pipeline KPIs are ticked on the default
    digest, as an install does (its data is not loaded on an upgrade); if the
    old weekly e-mail was switched on, the managers who received it become
    recipients of that digest, whose period is set on the digest. The old
    setting goes."""
    params = env["ir.config_parameter"]
    was_on = params.get_param("provide_coop.weekly_digest")
    params.search([("key", "=", "provide_coop.weekly_digest")]).unlink()
    digest = env.ref("digest.digest_digest_default", raise_if_not_found=False)
    if not digest:
        return
    digest.write(dict.fromkeys(KPIS, True))
    if was_on:
        managers = env.ref("provide_coop.group_provide_manager").users.filtered(
            lambda user: user.active and user.email and not user.share
        )
        digest.user_ids |= managers


def migrate(cr, version):
    """From 18.0.1.1.0."""
    if not version:
        return
    set_date_received(cr)
    move_weekly_digest_to_odoo_digest(api.Environment(cr, SUPERUSER_ID, {}))
