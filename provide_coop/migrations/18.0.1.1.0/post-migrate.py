from odoo import SUPERUSER_ID, api


def migrate(cr, version):
    """From 18.0.1.0.0: the shipped stages get their gates and activity plans
    (the stage records are not updated from data once installed), and every
    enquiry gets an open stay in its current stage for the time-in-stage
    report."""
    if not version:
        return
    env = api.Environment(cr, SUPERUSER_ID, {})
    env["provide.assessment.stage"]._apply_shipped_gates_and_plans()
    env["provide.enquiry"]._seed_stage_history()
