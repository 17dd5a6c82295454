from odoo import api, fields, models
from odoo.exceptions import ValidationError

SCORE_MIN = 1
SCORE_MAX = 5


class ProvideAssessmentLine(models.Model):
    """One criterion of one assessment: its score, 1 to 5, and why."""

    _name = "provide.assessment.line"
    _description = "Assessment criterion score"
    _order = "sequence, id"

    assessment_id = fields.Many2one(
        "provide.assessment", required=True, index=True, ondelete="cascade"
    )
    criterion_id = fields.Many2one(
        "provide.assessment.criterion",
        required=True,
        ondelete="restrict",
        context={"active_test": False},
    )
    sequence = fields.Integer(related="criterion_id.sequence", store=True)
    guidance = fields.Text(related="criterion_id.guidance")
    weight = fields.Float(
        digits=(16, 2),
        help="The criterion's weight when it was scored: later changes to the "
        "criterion do not rewrite past assessments.",
    )
    score = fields.Integer(help="1 (weak) to 5 (strong); empty until scored.")
    note = fields.Text()
    state = fields.Selection(related="assessment_id.state")

    _sql_constraints = [
        (
            "criterion_unique",
            "UNIQUE(assessment_id, criterion_id)",
            "Each criterion is scored once per assessment.",
        ),
    ]

    @api.constrains("score")
    def _check_score(self):
        for line in self:
            if line.score and not SCORE_MIN <= line.score <= SCORE_MAX:
                raise ValidationError(
                    self.env._(
                        "“%(criterion)s” is scored %(score)s: scores go from "
                        "%(min)s to %(max)s.",
                        criterion=line.criterion_id.name,
                        score=line.score,
                        min=SCORE_MIN,
                        max=SCORE_MAX,
                    )
                )

    @api.model_create_multi
    def create(self, vals_list):
        criteria = self.env["provide.assessment.criterion"].browse(
            [vals["criterion_id"] for vals in vals_list if vals.get("criterion_id")]
        )
        weights = {c.id: c.weight for c in criteria.with_context(active_test=False)}
        for vals in vals_list:
            if "weight" not in vals and vals.get("criterion_id"):
                vals["weight"] = weights.get(vals["criterion_id"], 1.0)
        lines = super().create(vals_list)
        lines.assessment_id._check_editable({"line_ids"})
        return lines

    def write(self, vals):
        self.assessment_id._check_editable(set(vals))
        return super().write(vals)

    def unlink(self):
        self.assessment_id._check_editable({"line_ids"})
        return super().unlink()
