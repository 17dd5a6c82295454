from odoo.tools import SQL


def migrate(cr, version):
    """From 18.0.1.1.0: enquiries get the date they were received, the
    earliest date known of them (creation, a stage move, a close or a stay
    in the stage history), so no duration is negative."""
    if not version:
        return
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
