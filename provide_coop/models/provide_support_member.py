from odoo import api, fields, models
from odoo.exceptions import AccessError
from odoo.tools import float_round

SUPPORT_ROLES = [
    ("lead_adviser", "Lead adviser"),
    ("legal", "Legal"),
    ("finance", "Finance"),
    ("local_partner", "Local partner"),
    ("development_worker", "Development worker"),
    ("commissioner_contact", "Commissioner contact"),
    ("other", "Other"),
]


class ProvideSupportMember(models.Model):
    """One person on the support team the service brings together to take an
    enquiry forward, with the days of help they were given and have used.

    Days used are not typed: they are the hours of the enquiry's confirmed
    service-delivery lines given by this person, in days of support (hours
    per day are a setting)."""

    _name = "provide.support.member"
    _description = "Support team member"
    _order = "enquiry_id, sequence, id"
    _rec_name = "partner_id"
    _check_company_auto = True

    sequence = fields.Integer(default=10)
    enquiry_id = fields.Many2one(
        "provide.enquiry",
        required=True,
        index=True,
        ondelete="cascade",
        check_company=True,
    )
    company_id = fields.Many2one(
        related="enquiry_id.company_id", store=True, index=True, precompute=True
    )
    partner_id = fields.Many2one(
        "res.partner",
        string="Contact",
        required=True,
        index=True,
        check_company=True,
    )
    user_id = fields.Many2one(
        "res.users",
        compute="_compute_user_id",
        help="The contact's internal user, if they have one: they follow the "
        "enquiry.",
    )
    role = fields.Selection(SUPPORT_ROLES, required=True, default="other")
    days_allocated = fields.Float(help="Days of support agreed for this person.")
    days_used = fields.Float(
        compute="_compute_days_used",
        store=True,
        help="Days of support this person has given so far: the hours of "
        "their confirmed service-delivery lines on the enquiry.",
    )
    is_over = fields.Boolean(
        string="Over Allocation",
        compute="_compute_is_over",
        store=True,
        index=True,
    )

    @api.depends("partner_id")
    def _compute_user_id(self):
        # One search for every line, whichever enquiries they belong to.
        users = self.env["res.users"].search(
            [("partner_id", "in", self.partner_id.ids), ("share", "=", False)],
            order="id",
        )
        user_by_partner = {}
        for user in users:
            user_by_partner.setdefault(user.partner_id.id, user)
        for member in self:
            member.user_id = user_by_partner.get(member.partner_id.id, False)

    @api.depends(
        "partner_id",
        "enquiry_id.service_delivery_ids.hours",
        "enquiry_id.service_delivery_ids.state",
        "enquiry_id.service_delivery_ids.partner_id",
    )
    def _compute_days_used(self):
        # The lines of the whole batch's enquiries are read in one query.
        hours_per_day = self.env["provide.service.delivery"]._hours_per_day()
        for member in self:
            hours = sum(
                line.hours
                for line in member.enquiry_id.service_delivery_ids
                if line.state == "confirmed" and line.partner_id == member.partner_id
            )
            member.days_used = float_round(hours / hours_per_day, precision_digits=2)

    @api.depends("days_allocated", "days_used")
    def _compute_is_over(self):
        for member in self:
            member.is_over = member.days_used > member.days_allocated

    _sql_constraints = [
        (
            "days_allocated_not_negative",
            "CHECK(days_allocated >= 0)",
            "Support days cannot be negative.",
        ),
    ]

    @api.model_create_multi
    def create(self, vals_list):
        self._check_can_change_team(
            self.env["provide.enquiry"].browse(
                {vals["enquiry_id"] for vals in vals_list if vals.get("enquiry_id")}
            )
        )
        members = super().create(vals_list)
        members.enquiry_id._flush_confidential_readers()
        members._subscribe_users()
        return members

    def write(self, vals):
        if "partner_id" not in vals and "enquiry_id" not in vals:
            return super().write(vals)
        enquiries = self.enquiry_id
        self._check_can_change_team(
            enquiries | self.env["provide.enquiry"].browse(vals.get("enquiry_id"))
        )
        res = super().write(vals)
        (enquiries | self.enquiry_id)._flush_confidential_readers()
        self._subscribe_users()
        enquiries._unsubscribe_non_readers()
        return res

    def unlink(self):
        enquiries = self.enquiry_id
        self._check_can_change_team(enquiries)
        res = super().unlink()
        enquiries = enquiries.exists()
        enquiries._flush_confidential_readers()
        enquiries._unsubscribe_non_readers()
        return res

    def _check_can_change_team(self, enquiries):
        """Who is on a support team decides who reads a confidential
        enquiry: only someone who may edit the enquiry changes its team."""
        if not enquiries.has_access("write"):
            raise AccessError(
                self.env._(
                    "Only someone who may edit an enquiry can change its support "
                    "team."
                )
            )

    def _subscribe_users(self):
        """Members who are internal users follow their enquiry: one
        subscription per distinct set of partners, not one per line."""
        partners_by_enquiry = {}
        for member in self.filtered("user_id"):
            partners_by_enquiry.setdefault(member.enquiry_id, set()).add(
                member.partner_id.id
            )
        enquiries_by_partners = {}
        for enquiry, partner_ids in partners_by_enquiry.items():
            key = frozenset(partner_ids)
            enquiries_by_partners[key] = (
                enquiries_by_partners.get(key, self.env["provide.enquiry"]) | enquiry
            )
        for partner_ids, enquiries in enquiries_by_partners.items():
            enquiries.message_subscribe(partner_ids=list(partner_ids))
