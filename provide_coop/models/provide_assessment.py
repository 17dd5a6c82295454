from odoo import Command, api, fields, models
from odoo.exceptions import UserError

SCORE_MIN = 1
SCORE_MAX = 5


class ProvideAssessment(models.Model):
    """The formal assessment of an enquiry: each criterion scored 1 to 5 with
    a note, a weighted score out of 100 and a recommendation. An enquiry keeps
    every assessment it had; the latest is its current one. Once done, an
    assessment is the record of a decision and only a manager can reopen it."""

    _name = "provide.assessment"
    _description = "Formal assessment"
    _inherit = ["mail.thread"]
    _order = "id desc"
    _check_company_auto = True

    enquiry_id = fields.Many2one(
        "provide.enquiry",
        required=True,
        index=True,
        ondelete="cascade",
        check_company=True,
    )
    company_id = fields.Many2one(
        related="enquiry_id.company_id", store=True, index=True, precompute=True
    )
    name = fields.Char(compute="_compute_name")
    assessor_id = fields.Many2one(
        "res.users",
        default=lambda self: self.env.user,
        domain="[('share', '=', False)]",
        tracking=True,
    )
    date = fields.Date(default=fields.Date.context_today, tracking=True)
    state = fields.Selection(
        [("draft", "Draft"), ("done", "Done")],
        default="draft",
        required=True,
        index=True,
        tracking=True,
        copy=False,
    )
    line_ids = fields.One2many(
        "provide.assessment.line",
        "assessment_id",
        string="Criteria",
        copy=True,
        default=lambda self: self._default_line_ids(),
    )
    score = fields.Float(
        string="Weighted Score",
        compute="_compute_score",
        store=True,
        digits=(16, 1),
        aggregator="avg",
        help="0 when every criterion scores 1, 100 when every criterion scores 5, "
        "each criterion counting by its weight.",
    )
    criteria_count = fields.Integer(compute="_compute_score", store=True)
    scored_count = fields.Integer(compute="_compute_score", store=True)
    progress = fields.Char(
        compute="_compute_progress",
        help="Until the assessment is done its score is provisional: how many "
        "criteria are scored so far.",
    )
    recommendation_id = fields.Many2one(
        "provide.assessment.recommendation",
        index=True,
        tracking=True,
        ondelete="restrict",
    )
    summary = fields.Html(help="The assessor's conclusion, in a few sentences.")

    @api.model
    def _default_line_ids(self):
        criteria = self.env["provide.assessment.criterion"].search([])
        return [
            Command.create({"criterion_id": criterion.id, "weight": criterion.weight})
            for criterion in criteria
        ]

    @api.depends("enquiry_id.name", "date")
    def _compute_name(self):
        for assessment in self:
            assessment.name = self.env._(
                "Assessment of %(enquiry)s", enquiry=assessment.enquiry_id.name or ""
            )

    @api.depends("line_ids.score", "line_ids.weight")
    def _compute_score(self):
        for assessment in self:
            assessment.score = self._weighted_score(
                [(line.score, line.weight) for line in assessment.line_ids]
            )
            assessment.criteria_count = len(assessment.line_ids)
            assessment.scored_count = len(assessment.line_ids.filtered("score"))

    @api.depends("state", "scored_count", "criteria_count")
    def _compute_progress(self):
        for assessment in self:
            assessment.progress = self.env._(
                "%(scored)s of %(total)s scored",
                scored=assessment.scored_count,
                total=assessment.criteria_count,
            )

    @api.model
    def _weighted_score(self, scores_and_weights):
        """The one place the overall score is worked out: each scored
        criterion moves from 0 (scored 1) to 100 (scored 5), weighted.
        Unscored criteria do not count yet."""
        scored = [(s, w) for s, w in scores_and_weights if s and w > 0]
        total_weight = sum(w for _s, w in scored)
        if not total_weight:
            return 0.0
        points = sum((s - SCORE_MIN) / (SCORE_MAX - SCORE_MIN) * w for s, w in scored)
        return round(100.0 * points / total_weight, 1)

    @api.model_create_multi
    def create(self, vals_list):
        enquiry_ids = [
            vals["enquiry_id"] for vals in vals_list if vals.get("enquiry_id")
        ]
        if len(enquiry_ids) != len(set(enquiry_ids)):
            raise UserError(
                self.env._("An enquiry can only have one assessment in progress.")
            )
        drafts = self.search(
            [("enquiry_id", "in", enquiry_ids), ("state", "=", "draft")]
        )
        if drafts:
            raise UserError(
                self.env._(
                    "“%(enquiry)s” already has an assessment in progress; finish "
                    "it or change it rather than starting another.",
                    enquiry=drafts[0].enquiry_id.name,
                )
            )
        if any(vals.get("state") == "done" for vals in vals_list):
            raise UserError(self.env._("Fill in an assessment, then mark it done."))
        return super().create(vals_list)

    def write(self, vals):
        self._check_editable(set(vals) - {"message_main_attachment_id"})
        return super().write(vals)

    def unlink(self):
        if self.filtered(lambda a: a.state == "done") and not self.env.user.has_group(
            "provide_coop.group_provide_manager"
        ):
            raise UserError(
                self.env._(
                    "A done assessment is part of the enquiry's record; "
                    "only a manager can delete it."
                )
            )
        return super().unlink()

    def _check_editable(self, fnames):
        """Done assessments are read-only, except to a manager reopening them."""
        if not fnames or self.env.su:
            return
        done = self.filtered(lambda a: a.state == "done")
        if not done:
            return
        if fnames == {"state"} and self.env.user.has_group(
            "provide_coop.group_provide_manager"
        ):
            return
        raise UserError(
            self.env._(
                "The assessment of “%(enquiry)s” is done and can no longer be "
                "changed. A manager can reset it to draft.",
                enquiry=done[0].enquiry_id.name,
            )
        )

    def action_done(self):
        for assessment in self:
            if assessment.state == "done":
                continue
            if not assessment.line_ids:
                raise UserError(
                    self.env._(
                        "The assessment of “%(enquiry)s” has no criteria to score.",
                        enquiry=assessment.enquiry_id.name,
                    )
                )
            unscored = assessment.line_ids.filtered(lambda line: not line.score)
            if unscored:
                raise UserError(
                    self.env._(
                        "Score every criterion from 1 to 5 before marking the "
                        "assessment of “%(enquiry)s” done. Not scored yet: "
                        "%(criteria)s.",
                        enquiry=assessment.enquiry_id.name,
                        criteria=", ".join(unscored.mapped("criterion_id.name")),
                    )
                )
            if not assessment.recommendation_id:
                raise UserError(
                    self.env._(
                        "Choose a recommendation before marking the assessment of "
                        "“%(enquiry)s” done.",
                        enquiry=assessment.enquiry_id.name,
                    )
                )
        self.filtered(lambda a: a.state == "draft").write(
            {"state": "done", "date": fields.Date.context_today(self)}
        )
        return True

    def action_reset_draft(self):
        if not self.env.user.has_group("provide_coop.group_provide_manager"):
            raise UserError(self.env._("Only a manager can reopen a done assessment."))
        self.write({"state": "draft"})
        return True
