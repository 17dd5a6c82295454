from odoo.tools import SQL

KEPT_COLUMN = "provide_days_used_before_lines"


def keep_days_used(cr):
    """Support team members' days used were typed; they are now the sum of
    service-delivery lines. Keep the typed days aside before the new field
    is computed, so the post-migration turns them into lines."""
    cr.execute(
        SQL(
            """ALTER TABLE provide_support_member
                 ADD COLUMN IF NOT EXISTS %s double precision""",
            SQL.identifier(KEPT_COLUMN),
        )
    )
    cr.execute(
        SQL(
            "UPDATE provide_support_member SET %s = days_used",
            SQL.identifier(KEPT_COLUMN),
        )
    )


def migrate(cr, version):
    """From 18.0.1.3.0 and before."""
    if not version:
        return
    keep_days_used(cr)
