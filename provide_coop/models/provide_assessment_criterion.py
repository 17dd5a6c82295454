from odoo import api, fields, models
from odoo.exceptions import ValidationError


class ProvideAssessmentCriterion(models.Model):
    """One question of the formal assessment (community need, commissioner
    support, ...), with the weight it carries in the overall score.

    Archiving a criterion takes it off new assessments; assessments already
    scored keep their line and the weight it had, so their score never moves."""

    _name = "provide.assessment.criterion"
    _description = "Assessment criterion"
    _order = "sequence, id"

    name = fields.Char(required=True, translate=True)
    sequence = fields.Integer(default=10)
    guidance = fields.Text(
        translate=True,
        help="What a 1 and a 5 look like, shown to the assessor beside the score.",
    )
    weight = fields.Float(
        default=1.0,
        digits=(16, 2),
        help="How much this criterion counts in the weighted score, relative "
        "to the others.",
    )
    active = fields.Boolean(default=True)

    @api.constrains("weight")
    def _check_weight(self):
        for criterion in self:
            if criterion.weight <= 0:
                raise ValidationError(
                    self.env._(
                        "The weight of “%(name)s” must be more than zero; archive "
                        "the criterion to stop using it.",
                        name=criterion.name,
                    )
                )
