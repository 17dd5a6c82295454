from odoo import fields, models

CONSENT_CHANNELS = [
    ("web", "Web page"),
    ("booking", "Conference booking"),
    ("phone", "Phone"),
    ("email", "E-mail"),
]


class ProvideConsent(models.Model):
    """What someone agreed to when they gave us their details: the exact
    statement they were shown, its version, when and through which channel.
    Kept as a record, not a tick box on the contact, so an adviser can show
    what was agreed and when it was withdrawn."""

    _name = "provide.consent"
    _description = "Consent to hold an enquirer's details"
    _order = "date desc, id desc"
    _rec_name = "partner_id"

    partner_id = fields.Many2one(
        "res.partner", string="Contact", required=True, index=True, ondelete="cascade"
    )
    enquiry_id = fields.Many2one(
        "provide.enquiry", index="btree_not_null", ondelete="set null"
    )
    text = fields.Text(
        string="Statement", required=True, help="The exact statement they agreed to."
    )
    version = fields.Char(required=True)
    date = fields.Datetime(required=True, default=fields.Datetime.now)
    channel = fields.Selection(CONSENT_CHANNELS, required=True, default="web")
    withdrawn_date = fields.Datetime(string="Withdrawn On")

    def action_withdraw(self):
        self.filtered(
            lambda consent: not consent.withdrawn_date
        ).withdrawn_date = fields.Datetime.now()
