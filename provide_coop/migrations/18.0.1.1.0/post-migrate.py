from odoo import SUPERUSER_ID, api
from odoo.tools import SQL

# Shipped stage -> (requires a done assessment, accepted recommendations,
# activity plan), as data/provide_assessment_data.xml ships them.
SHIPPED_GATES = {
    "provide_stage_first_contact": (False, [], "provide_plan_first_contact"),
    "provide_stage_formal_assessment": (False, [], "provide_plan_formal_assessment"),
    "provide_stage_feasibility": (
        True,
        ["provide_recommendation_feasibility", "provide_recommendation_support_team"],
        "provide_plan_feasibility",
    ),
    "provide_stage_support_team": (
        True,
        ["provide_recommendation_feasibility", "provide_recommendation_support_team"],
        "provide_plan_support_team",
    ),
    "provide_stage_launched": (True, [], None),
}


def apply_shipped_gates_and_plans(env):
    """Give the shipped stages their gates and plans (stage records are not
    updated from data once installed), leaving alone any stage a manager has
    already configured."""
    for xmlid, (requires, recommendations, plan) in SHIPPED_GATES.items():
        stage = env.ref(f"provide_coop.{xmlid}", raise_if_not_found=False)
        if not stage:
            continue
        env.cr.execute(
            SQL(
                """UPDATE provide_assessment_stage s
                      SET requires_assessment = %(requires)s,
                          activity_plan_id = %(plan)s
                    WHERE s.id = %(stage)s
                      AND NOT COALESCE(s.requires_assessment, FALSE)
                      AND s.activity_plan_id IS NULL
                      AND NOT EXISTS (
                          SELECT 1 FROM provide_assessment_stage_recommendation_rel r
                           WHERE r.stage_id = s.id)""",
                requires=requires,
                plan=plan and env.ref(f"provide_coop.{plan}").id,
                stage=stage.id,
            )
        )
        if env.cr.rowcount and recommendations:
            env.cr.execute(
                SQL(
                    """INSERT INTO provide_assessment_stage_recommendation_rel
                           (stage_id, recommendation_id)
                       SELECT %s, unnest(%s)""",
                    stage.id,
                    [env.ref(f"provide_coop.{r}").id for r in recommendations],
                )
            )
    env["provide.assessment.stage"].invalidate_model()


def seed_stage_history(cr):
    """An open stay in the current stage, from its last move, for every
    enquiry that has none (enquiries from before stage history existed)."""
    cr.execute(
        SQL(
            """INSERT INTO provide_enquiry_stage_history
                   (enquiry_id, company_id, stage_id, user_id, date_in)
               SELECT e.id, e.company_id, e.stage_id, e.user_id,
                      COALESCE(e.date_last_stage_update, e.create_date)
                 FROM provide_enquiry e
                WHERE e.stage_id IS NOT NULL
                  AND NOT EXISTS (SELECT 1 FROM provide_enquiry_stage_history h
                                   WHERE h.enquiry_id = e.id)"""
        )
    )
    return cr.rowcount


def migrate(cr, version):
    """From 18.0.1.0.0: the shipped stages get their gates and activity plans
    and every enquiry an open stay in its current stage."""
    if not version:
        return
    env = api.Environment(cr, SUPERUSER_ID, {})
    apply_shipped_gates_and_plans(env)
    seed_stage_history(cr)
    env["provide.enquiry.stage.history"].invalidate_model()
