from odoo import fields, models

ATTENDEE_ROLES = [
    ("councillor", "Councillor"),
    ("council_officer", "Council officer"),
    ("frontline_worker", "Front-line worker"),
    ("service_user", "Service user"),
    ("coop_practitioner", "Co-op practitioner"),
    ("other", "Other"),
]


class EventRegistration(models.Model):
    """A conference booking, with what the co-op pipeline needs to know: who
    the attendee is in public services and whether they want help to set up
    a co-op."""

    _inherit = "event.registration"

    provide_attendee_role = fields.Selection(
        ATTENDEE_ROLES, string="Attendee Role", index=True
    )
    provide_organisation = fields.Char(
        string="Organisation",
        help="The council, service or co-op the attendee works for or uses.",
    )
    provide_interest = fields.Boolean(
        string="Wants to Start a Co-op",
        index=True,
        help="The attendee wants help to set up a co-op to deliver a public service.",
    )
    provide_idea = fields.Text(
        string="Co-op Idea",
        help="In a few words, the service the attendee thinks a co-op could run.",
    )
    provide_enquiry_ids = fields.One2many(
        "provide.enquiry",
        "registration_id",
        string="Co-op Enquiries",
        groups="provide_coop.group_provide_user",
    )
