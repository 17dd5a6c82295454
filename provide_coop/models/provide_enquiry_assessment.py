from collections import defaultdict
from datetime import timedelta

from odoo import api, fields, models
from odoo.exceptions import UserError


class ProvideEnquiry(models.Model):
    """What the formal assessment, the stage gates, the stage activity plans
    and the stage history add to an enquiry. Every stage move goes through
    `write` (drag and drop, status bar, RPC, import), so the gate check, the
    history and the plan hang off that one path."""

    _inherit = "provide.enquiry"  # pylint: disable=consider-merging-classes-inherited

    assessment_ids = fields.One2many(
        "provide.assessment", "enquiry_id", string="Assessments"
    )
    assessment_id = fields.Many2one(
        "provide.assessment",
        string="Current Assessment",
        compute="_compute_assessment_id",
        store=True,
        index="btree_not_null",
    )
    assessment_score = fields.Float(
        related="assessment_id.score",
        string="Assessment Score",
        store=True,
        aggregator="avg",
    )
    assessment_state = fields.Selection(
        related="assessment_id.state", string="Assessment Status", store=True
    )
    assessment_recommendation_id = fields.Many2one(
        related="assessment_id.recommendation_id",
        string="Recommendation",
        store=True,
        index="btree_not_null",
    )
    assessment_count = fields.Integer(compute="_compute_assessment_count", store=True)
    stage_history_ids = fields.One2many("provide.enquiry.stage.history", "enquiry_id")

    @api.depends("assessment_ids")
    def _compute_assessment_id(self):
        for enquiry in self:
            # The latest assessment is the current one; the others are history.
            enquiry.assessment_id = enquiry.assessment_ids.sorted("id", reverse=True)[
                :1
            ]

    @api.depends("assessment_ids")
    def _compute_assessment_count(self):
        # Stored, so opening the form costs no count query.
        for enquiry in self:
            enquiry.assessment_count = len(enquiry.assessment_ids)

    # ------------------------------------------------------------------
    # Stage moves: gates, history, activity plans
    # ------------------------------------------------------------------

    @api.model_create_multi
    def create(self, vals_list):
        Stage = self.env["provide.assessment.stage"]
        for vals in vals_list:
            stage = Stage.browse(vals.get("stage_id"))
            if stage and stage._is_gated():
                # A new enquiry has no assessment yet: it starts before the gate.
                raise UserError(
                    self.env._(
                        "“%(enquiry)s” cannot start in “%(stage)s”: that stage "
                        "needs a done formal assessment. Create it in an earlier "
                        "stage, assess it, then move it on.",
                        enquiry=vals.get("name") or self.env._("New enquiry"),
                        stage=stage.name,
                    )
                )
        enquiries = super().create(vals_list)
        enquiries._stage_entered()
        return enquiries

    def write(self, vals):
        if self.env.context.get("provide_stage_move_checked"):
            # Inner write of a move already checked and recorded by the outer one.
            return super().write(vals)
        moved = self.browse()
        if vals.get("stage_id"):
            stage = self.env["provide.assessment.stage"].browse(vals["stage_id"])
            moved = self.filtered(lambda e: e.stage_id != stage)
            moved._check_stage_gate(stage)
        elif "stage_id" in vals:
            moved = self.filtered("stage_id")
        if not moved:
            return super().write(vals)
        result = super(
            ProvideEnquiry, self.with_context(provide_stage_move_checked=True)
        ).write(vals)
        moved._stage_left()
        moved._stage_entered()
        return result

    def _check_stage_gate(self, stage):
        """Refuse the whole move when any enquiry misses what the stage needs,
        before anything is written."""
        problems = [
            problem
            for problem in (stage._gate_problem(enquiry) for enquiry in self)
            if problem
        ]
        if problems:
            more = len(problems) - 5
            message = "\n".join(problems[:5])
            if more > 0:
                message += "\n" + self.env._(
                    "… and %(count)s more enquiries.", count=more
                )
            raise UserError(message)

    def _stage_left(self):
        History = self.env["provide.enquiry.stage.history"]
        History.flush_model()
        self.env.cr.execute(
            """UPDATE provide_enquiry_stage_history
                  SET date_out = %s
                WHERE enquiry_id IN %s AND date_out IS NULL""",
            (fields.Datetime.now(), tuple(self.ids)),
        )
        History.invalidate_model(["date_out"])

    def _stage_entered(self):
        """Open a stay in the new stage and start the stage's activity plan."""
        staged = self.filtered("stage_id")
        if not staged:
            return
        now = fields.Datetime.now()
        self.env["provide.enquiry.stage.history"].sudo().create(
            [
                {
                    "enquiry_id": enquiry.id,
                    "company_id": enquiry.company_id.id,
                    "stage_id": enquiry.stage_id.id,
                    "user_id": enquiry.user_id.id,
                    "date_in": now,
                }
                for enquiry in staged
            ]
        )
        staged._schedule_stage_plan()

    def _schedule_stage_plan(self):
        """Schedule the activities of each stage's plan, once: an activity of
        the same type and summary still open on the enquiry is not repeated.
        One search and one create for all the enquiries of a stage."""
        Activity = self.env["mail.activity"]
        model_id = self.env["ir.model"]._get_id(self._name)
        today = fields.Date.context_today(self)
        vals_list = []
        for stage, enquiries in self.grouped("stage_id").items():
            templates = stage.activity_plan_id.template_ids
            if not templates:
                continue
            open_keys = {
                (
                    activity["res_id"],
                    activity["activity_type_id"][0],
                    activity["summary"] or "",
                )
                for activity in Activity.search_read(
                    [
                        ("res_model", "=", self._name),
                        ("res_id", "in", enquiries.ids),
                        ("activity_type_id", "in", templates.activity_type_id.ids),
                    ],
                    ["res_id", "activity_type_id", "summary"],
                )
            }
            for template in templates:
                deadline = stage._plan_deadline(template, today)
                for enquiry in enquiries:
                    key = (
                        enquiry.id,
                        template.activity_type_id.id,
                        template.summary or "",
                    )
                    if key in open_keys:
                        continue
                    if template.responsible_type == "other" and template.responsible_id:
                        responsible = template.responsible_id
                    else:
                        responsible = enquiry.user_id or self.env.user
                    vals_list.append(
                        {
                            "res_model_id": model_id,
                            "res_id": enquiry.id,
                            "activity_type_id": template.activity_type_id.id,
                            "summary": template.summary,
                            "note": template.note,
                            "user_id": responsible.id,
                            "date_deadline": deadline,
                            "automated": True,
                        }
                    )
        if vals_list:
            Activity.with_context(mail_activity_quick_update=True).create(vals_list)

    # ------------------------------------------------------------------
    # Chatter: one batch of tracking lines for a batch of moves
    # ------------------------------------------------------------------

    def _message_track(self, fields_iter, initial_values_dict):
        """Log the tracking lines of many enquiries at once (one insert of
        messages and one of tracking values), not one message per enquiry:
        moving a whole column on the kanban then costs the same whatever its
        size. Messages with a subtype still go through `message_post`."""
        buffer = []
        tracking = super(
            ProvideEnquiry, self.with_context(provide_tracking_buffer=buffer)
        )._message_track(fields_iter, initial_values_dict)
        by_author = defaultdict(list)
        for record, values in buffer:
            by_author[values.get("author_id")].append((record, values))
        for author_id, items in by_author.items():
            records = self.browse([record.id for record, _values in items])
            messages = records._message_log_batch(
                {record.id: values.get("body") or "" for record, values in items},
                author_id=author_id,
            )
            tracking_values = [
                dict(command[2], mail_message_id=message.id)
                for message, (_record, values) in zip(messages, items, strict=True)
                for command in values.get("tracking_value_ids") or []
            ]
            self.env["mail.tracking.value"].sudo().create(tracking_values)
        return tracking

    def _message_log(self, **kwargs):
        buffer = self.env.context.get("provide_tracking_buffer")
        if buffer is None or set(kwargs) - {"body", "author_id", "tracking_value_ids"}:
            return super()._message_log(**kwargs)
        buffer.append((self, kwargs))
        return self.env["mail.message"]

    @api.model
    def _seed_stage_history(self):
        """An open stay in the current stage, from its last move, for every
        enquiry that has none (enquiries from before stage history existed)."""
        self.env.cr.execute(
            """INSERT INTO provide_enquiry_stage_history
                   (enquiry_id, company_id, stage_id, user_id, date_in)
               SELECT e.id, e.company_id, e.stage_id, e.user_id,
                      COALESCE(e.date_last_stage_update, e.create_date)
                 FROM provide_enquiry e
                WHERE e.stage_id IS NOT NULL
                  AND NOT EXISTS (SELECT 1 FROM provide_enquiry_stage_history h
                                   WHERE h.enquiry_id = e.id)"""
        )
        self.env["provide.enquiry.stage.history"].invalidate_model()
        return self.env.cr.rowcount

    def _stage_durations(self, now=None):
        """Seconds spent in each stage, all stays added up: {stage: seconds}."""
        self.ensure_one()
        durations = {}
        seconds = self.stage_history_ids._duration_seconds(now)
        for stay in self.stage_history_ids:
            durations[stay.stage_id] = (
                durations.get(stay.stage_id, 0) + seconds[stay.id]
            )
        return durations

    # ------------------------------------------------------------------
    # Actions
    # ------------------------------------------------------------------

    def action_open_assessment(self):
        """Open the current assessment, or start one when there is none or the
        last one is done and the adviser wants a fresh look."""
        self.ensure_one()
        assessment = self.assessment_id
        if not assessment or (
            assessment.state == "done"
            and self.env.context.get("provide_new_assessment")
        ):
            assessment = self.env["provide.assessment"].create({"enquiry_id": self.id})
        return {
            "type": "ir.actions.act_window",
            "name": self.env._("Assessment"),
            "res_model": "provide.assessment",
            "res_id": assessment.id,
            "view_mode": "form",
            "target": "current",
        }

    def action_view_assessments(self):
        self.ensure_one()
        return {
            "type": "ir.actions.act_window",
            "name": self.env._("Assessments"),
            "res_model": "provide.assessment",
            "view_mode": "list,form",
            "domain": [("enquiry_id", "=", self.id)],
            "context": {"default_enquiry_id": self.id},
        }


class ProvideAssessmentStage(models.Model):
    _inherit = "provide.assessment.stage"

    # Shipped stage -> (requires a done assessment, accepted recommendations,
    # activity plan), as in data/provide_assessment_data.xml.
    _SHIPPED_GATES = {
        "provide_stage_first_contact": (False, [], "provide_plan_first_contact"),
        "provide_stage_formal_assessment": (
            False,
            [],
            "provide_plan_formal_assessment",
        ),
        "provide_stage_feasibility": (
            True,
            [
                "provide_recommendation_feasibility",
                "provide_recommendation_support_team",
            ],
            "provide_plan_feasibility",
        ),
        "provide_stage_support_team": (
            True,
            [
                "provide_recommendation_feasibility",
                "provide_recommendation_support_team",
            ],
            "provide_plan_support_team",
        ),
        "provide_stage_launched": (True, [], None),
    }

    @api.model
    def _apply_shipped_gates_and_plans(self):
        """Give the shipped stages their gates and plans, leaving alone any
        stage a manager has already configured."""
        ref = self.env.ref
        for xmlid, (requires, recommendations, plan) in self._SHIPPED_GATES.items():
            stage = ref(f"provide_coop.{xmlid}", raise_if_not_found=False)
            if not stage or (
                stage.requires_assessment
                or stage.recommendation_ids
                or stage.activity_plan_id
            ):
                continue
            stage.write(
                {
                    "requires_assessment": requires,
                    "recommendation_ids": [
                        fields.Command.set(
                            [ref(f"provide_coop.{r}").id for r in recommendations]
                        )
                    ],
                    "activity_plan_id": plan
                    and ref(f"provide_coop.{plan}", raise_if_not_found=False).id,
                }
            )

    def _plan_deadline(self, template, base_date):
        """The due date of a plan activity; delays in days count working days
        (Monday to Friday) when the stage says so."""
        self.ensure_one()
        if not (self.plan_in_working_days and template.delay_unit == "days"):
            return template._get_date_deadline(base_date)
        step = 1 if template.delay_from == "after_plan_date" else -1
        remaining = template.delay_count
        day = base_date
        while remaining > 0:
            day += timedelta(days=step)
            if day.weekday() < 5:
                remaining -= 1
        return day
