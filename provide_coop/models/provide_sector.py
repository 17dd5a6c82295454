from odoo import fields, models


class ProvideSector(models.Model):
    """A public-service sector a co-op can deliver in (housing, social care, ...)."""

    _name = "provide.sector"
    _description = "Public-service sector"
    _order = "sequence, name, id"

    name = fields.Char(required=True, translate=True)
    sequence = fields.Integer(default=10)
    color = fields.Integer()
    description = fields.Text(translate=True)
    active = fields.Boolean(default=True)

    _sql_constraints = [
        ("name_uniq", "unique (name)", "A sector with this name already exists."),
    ]
