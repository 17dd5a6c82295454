from odoo import api, fields, models
from odoo.exceptions import ValidationError


class ProvideAssessmentStage(models.Model):
    """A step of the enquiry pipeline, from first contact to a launched co-op.

    A stage can be gated: an enquiry only enters it with a done formal
    assessment, and/or with one of the recommendations the stage accepts.
    Entering a stage can start an activity plan (calls, meetings, studies)."""

    _name = "provide.assessment.stage"
    _description = "Assessment stage"
    _order = "sequence, name, id"

    name = fields.Char(required=True, translate=True)
    sequence = fields.Integer(default=10)
    fold = fields.Boolean(
        string="Folded in Pipeline",
        help="Folded columns are collapsed on the enquiry kanban.",
    )
    is_won = fields.Boolean(
        string="Co-op Launched",
        help="Enquiries in this stage count as launched co-ops in the reports.",
    )
    requirements = fields.Text(
        translate=True,
        help="What must be true before an enquiry moves into this stage. "
        "Shown as the tooltip of the kanban column.",
    )
    requires_assessment = fields.Boolean(
        string="Requires a Done Assessment",
        help="Enquiries can only enter this stage once their formal assessment "
        "is done.",
    )
    recommendation_ids = fields.Many2many(
        "provide.assessment.recommendation",
        "provide_assessment_stage_recommendation_rel",
        "stage_id",
        "recommendation_id",
        string="Accepted Recommendations",
        help="When set, enquiries can only enter this stage if their done "
        "assessment recommends one of these.",
    )
    activity_plan_id = fields.Many2one(
        "mail.activity.plan",
        domain="[('res_model', '=', 'provide.enquiry')]",
        ondelete="set null",
        help="Activities scheduled for the enquiry's adviser when an enquiry "
        "enters this stage (not again while the same activities are still open).",
    )
    plan_in_working_days = fields.Boolean(
        string="Plan Delays in Working Days",
        default=True,
        help="Count the plan's delays in days as working days, Monday to Friday.",
    )

    @api.constrains("activity_plan_id")
    def _check_activity_plan_id(self):
        for stage in self:
            plan = stage.activity_plan_id
            if plan and plan.res_model != "provide.enquiry":
                raise ValidationError(
                    self.env._(
                        "The plan “%(plan)s” is not for enquiries; pick a plan "
                        "made for Co-op enquiries.",
                        plan=plan.name,
                    )
                )

    def _is_gated(self):
        """Whether entering this stage needs a done assessment."""
        self.ensure_one()
        return bool(self.requires_assessment or self.recommendation_ids)

    def _gate_problem(self, enquiry):
        """Why `enquiry` cannot enter this stage, or False when it can."""
        if not self._is_gated():
            return False
        assessment = enquiry.assessment_id
        if not assessment or assessment.state != "done":
            return self.env._(
                "“%(enquiry)s” cannot move to “%(stage)s” until its formal "
                "assessment is done. Fill in the assessment and mark it done first.",
                enquiry=enquiry.name,
                stage=self.name,
            )
        if (
            self.recommendation_ids
            and assessment.recommendation_id not in self.recommendation_ids
        ):
            return self.env._(
                "“%(enquiry)s” cannot move to “%(stage)s”: its assessment "
                "recommends “%(recommendation)s”, and this stage needs one of: "
                "%(accepted)s.",
                enquiry=enquiry.name,
                stage=self.name,
                recommendation=assessment.recommendation_id.name
                or self.env._("nothing"),
                accepted=", ".join(self.recommendation_ids.mapped("name")),
            )
        return False
