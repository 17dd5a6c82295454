from odoo import api, fields, models
from odoo.exceptions import UserError, ValidationError


class StageGateError(UserError):
    """A move refused by a stage's gate; `enquiries` are those refused and
    `reason` what the first of them misses ("assessment" or "coop")."""

    def __init__(self, message, enquiries, reason="assessment"):
        super().__init__(message)
        self.enquiries = enquiries
        self.reason = reason


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
    is_gated = fields.Boolean(
        string="Gated",
        compute="_compute_is_gated",
        store=True,
        help="Entering this stage needs a done assessment (and, when the stage "
        "lists recommendations, one of them).",
    )
    requires_coop = fields.Boolean(
        string="Requires the Co-op",
        help="Enquiries can only enter this stage once the co-op they launched "
        "is recorded (its contact, legal form, members, jobs and contract). "
        "Moving a card here from the pipeline asks for it.",
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
        help="Count the plan's delays in days as working days of the company's "
        "working calendar, public holidays left out.",
    )

    @api.depends("requires_assessment", "recommendation_ids")
    def _compute_is_gated(self):
        # Stored: every move reads it with the stage, where the accepted
        # recommendations would take a query of their own.
        for stage in self:
            stage.is_gated = bool(stage.requires_assessment or stage.recommendation_ids)

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

    @api.constrains("requires_coop", "is_won")
    def _check_requires_coop(self):
        for stage in self:
            if stage.requires_coop and not stage.is_won:
                raise ValidationError(
                    self.env._(
                        "Only a stage where co-ops are launched can require the "
                        "co-op (“%(stage)s”).",
                        stage=stage.name,
                    )
                )

    # ------------------------------------------------------------------
    # Gates: what a stage demands of an enquiry
    # ------------------------------------------------------------------

    def _check_new_enquiry(self, name, coop_id=False):
        """A new enquiry has no assessment yet: it cannot start in a gated
        stage (`self` may be empty: no stage given), nor in a stage that needs
        the co-op unless it is given."""
        if self and self.requires_coop and not coop_id and not self.is_gated:
            raise UserError(
                self.env._(
                    "“%(enquiry)s” cannot start in “%(stage)s” without the co-op "
                    "it launched. Record the co-op, or create the enquiry in an "
                    "earlier stage and launch it from there.",
                    enquiry=name or self.env._("New enquiry"),
                    stage=self.name,
                )
            )
        if self and self.is_gated:
            raise UserError(
                self.env._(
                    "“%(enquiry)s” cannot start in “%(stage)s”: that stage "
                    "needs a done formal assessment. Create it in an earlier "
                    "stage, assess it, then move it on.",
                    enquiry=name or self.env._("New enquiry"),
                    stage=self.name,
                )
            )

    def _check_can_enter(self, enquiries, coop_id=False):
        """Refuse the whole move when any of `enquiries` misses what this
        stage needs, before anything is written (`coop_id`: the co-op the
        move itself links them to)."""
        if not (self and enquiries and (self.is_gated or self.requires_coop)):
            return
        refused, problems, reasons = enquiries.browse(), [], []
        for enquiry in enquiries:
            reason, problem = "assessment", self._gate_problem(enquiry)
            if not problem:
                reason, problem = "coop", self._coop_problem(enquiry, coop_id)
            if problem:
                refused |= enquiry
                problems.append(problem)
                reasons.append(reason)
        if problems:
            more = len(problems) - 5
            message = "\n".join(problems[:5])
            if more == 1:
                message += "\n" + self.env._("… and 1 more enquiry.")
            elif more > 1:
                message += "\n" + self.env._(
                    "… and %(count)s more enquiries.", count=more
                )
            raise StageGateError(message, refused, reasons[0])

    def _gate_problem(self, enquiry):
        """Why `enquiry` cannot enter this stage, or False when it can."""
        if not self.is_gated:
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

    def _coop_problem(self, enquiry, coop_id=False):
        """Why `enquiry` cannot enter this stage for want of its co-op, or
        False."""
        if not self.requires_coop or coop_id or enquiry.coop_id:
            return False
        return self.env._(
            "“%(enquiry)s” cannot move to “%(stage)s” until the co-op it launched "
            "is recorded: its contact, legal form, members, jobs and contract.",
            enquiry=enquiry.name,
            stage=self.name,
        )

    # ------------------------------------------------------------------
    # Activity plans
    # ------------------------------------------------------------------

    def _plan_deadlines(self, templates, company, base_date):
        """{template: due date} for the activities this stage plans on
        `base_date`: on the company's working calendar when the stage plans
        in working days, public holidays left out (see
        `mail.activity.plan.template._provide_deadlines`)."""
        self.ensure_one()
        calendar = company.resource_calendar_id
        if not self.plan_in_working_days:
            calendar = calendar.browse()
        return templates._provide_deadlines(calendar, base_date)
