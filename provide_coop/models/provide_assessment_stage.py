from odoo import fields, models


class ProvideAssessmentStage(models.Model):
    """A step of the enquiry pipeline, from first contact to a launched co-op."""

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
