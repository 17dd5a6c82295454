from odoo import fields, models


class ProvideAssessmentRecommendation(models.Model):
    """What the formal assessment recommends: a pre-feasibility study, a
    support team, signposting elsewhere, or not to proceed. Stages can only
    be entered with some recommendations (see the stage's gate)."""

    _name = "provide.assessment.recommendation"
    _description = "Assessment recommendation"
    _order = "sequence, id"

    name = fields.Char(required=True, translate=True)
    sequence = fields.Integer(default=10)
    description = fields.Text(translate=True)
    active = fields.Boolean(default=True)
