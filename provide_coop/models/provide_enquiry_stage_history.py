from odoo import fields, models


class ProvideEnquiryStageHistory(models.Model):
    """One stay of an enquiry in a stage: when it came in and when it left.

    The one record of time in stage. Odoo's `mail.tracking.duration.mixin`
    gives each record a JSON of seconds per stage, computed in Python from
    chatter tracking; the Time in Stage report needs rows it can group and
    average in SQL by stage, sector and adviser (the adviser at the time),
    closed enquiries included. So the stays are kept here, written by the
    enquiry's stage moves (one search, one update and one insert per move,
    however many enquiries move), and the status bar's durations are read
    from them too."""

    _name = "provide.enquiry.stage.history"
    _description = "Enquiry stage history"
    _order = "date_in desc, id desc"
    _log_access = False

    enquiry_id = fields.Many2one(
        "provide.enquiry", required=True, index=True, ondelete="cascade"
    )
    company_id = fields.Many2one("res.company", required=True, index=True)
    stage_id = fields.Many2one(
        "provide.assessment.stage", required=True, index=True, ondelete="cascade"
    )
    user_id = fields.Many2one(
        "res.users", string="Adviser", help="The adviser when the enquiry came in."
    )
    date_in = fields.Datetime(required=True, index=True)
    date_out = fields.Datetime(index="btree_not_null")
