from odoo import fields, models


class ProvideCloseReason(models.Model):
    """Why an enquiry did not proceed (reported as lost in the pipeline)."""

    _name = "provide.close.reason"
    _description = "Enquiry close reason"
    _order = "sequence, name, id"

    name = fields.Char(required=True, translate=True)
    sequence = fields.Integer(default=10)
    description = fields.Text(translate=True)
    active = fields.Boolean(default=True)
