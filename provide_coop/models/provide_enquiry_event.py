from odoo import fields, models


class ProvideEnquiry(models.Model):
    """Where an enquiry came from when it started at a conference."""

    _inherit = "provide.enquiry"  # pylint: disable=consider-merging-classes-inherited

    event_id = fields.Many2one(
        "event.event",
        string="Origin Event",
        index="btree_not_null",
        tracking=True,
        ondelete="set null",
        copy=False,
    )
    registration_id = fields.Many2one(
        "event.registration",
        string="Origin Booking",
        index="btree_not_null",
        ondelete="set null",
        copy=False,
    )
    event_rule_id = fields.Many2one(
        "provide.event.enquiry.rule",
        index="btree_not_null",
        ondelete="set null",
        copy=False,
        readonly=True,
    )
