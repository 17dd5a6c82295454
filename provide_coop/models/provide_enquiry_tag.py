from odoo import fields, models


class ProvideEnquiryTag(models.Model):
    """A free label advisers put on enquiries (e.g. 'council-led', 'urgent')."""

    _name = "provide.enquiry.tag"
    _description = "Enquiry tag"
    _order = "name"

    name = fields.Char(required=True, translate=True)
    color = fields.Integer()

    _sql_constraints = [
        ("name_uniq", "unique (name)", "A tag with this name already exists."),
    ]
