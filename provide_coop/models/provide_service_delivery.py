from odoo import api, fields, models
from odoo.exceptions import UserError, ValidationError

DELIVERY_KINDS = [
    ("phone", "Telephone support"),
    ("meeting", "Face-to-face meeting"),
    ("workshop", "Workshop"),
    ("feasibility", "Pre-feasibility study"),
    ("other", "Other"),
]
DEFAULT_HOURS_PER_DAY = 7.0


class ProvideServiceDelivery(models.Model):
    """One piece of support the service gave on an enquiry: when, by whom (an
    adviser, or an outside partner such as the consultancy that supports
    co-ops on the service's behalf), what kind and for how long.

    The one record of support given: the support team's days used and the
    funder report's support hours are sums of these lines. Marking one of
    the app's activities done proposes a line, which counts once the adviser
    confirms its hours."""

    _name = "provide.service.delivery"
    _description = "Service delivery"
    _order = "date desc, id desc"
    _check_company_auto = True

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
    date = fields.Date(required=True, index=True, default=fields.Date.context_today)
    user_id = fields.Many2one(
        "res.users",
        string="Adviser",
        index="btree_not_null",
        default=lambda self: self.env.user,
        domain="[('share', '=', False)]",
        help="The adviser who gave the support; leave empty for an outside partner.",
    )
    partner_id = fields.Many2one(
        "res.partner",
        string="Delivered By",
        compute="_compute_partner_id",
        store=True,
        readonly=False,
        index=True,
        help="Who gave the support: the adviser, or an outside partner such as "
        "a consultancy. Their lines make up their days used on the support team.",
    )
    kind = fields.Selection(DELIVERY_KINDS, required=True, default="phone")
    hours = fields.Float(digits=(16, 2))
    attendees = fields.Integer(help="People who attended the workshop.")
    description = fields.Char()
    state = fields.Selection(
        [("proposed", "To confirm"), ("confirmed", "Confirmed")],
        default="confirmed",
        required=True,
        index=True,
        help="A line proposed by a done activity counts once its hours are "
        "confirmed.",
    )
    activity_type_id = fields.Many2one(
        "mail.activity.type",
        string="From Activity",
        ondelete="set null",
        readonly=True,
    )
    study_id = fields.Many2one(
        "provide.feasibility.study",
        index="btree_not_null",
        ondelete="set null",
        check_company=True,
        domain="[('enquiry_id', '=', enquiry_id)]",
    )

    @api.depends("user_id")
    def _compute_partner_id(self):
        for line in self:
            if line.user_id:
                line.partner_id = line.user_id.partner_id

    _sql_constraints = [
        (
            "hours_not_negative",
            "CHECK(hours >= 0)",
            "The hours of support given cannot be negative.",
        ),
        (
            "attendees_not_negative",
            "CHECK(attendees >= 0)",
            "The attendees of a workshop cannot be negative.",
        ),
    ]

    @api.constrains("partner_id", "state")
    def _check_partner(self):
        for line in self:
            if line.state == "confirmed" and not line.partner_id:
                raise ValidationError(
                    self.env._(
                        "Say who gave the support on “%(enquiry)s”: an adviser or "
                        "an outside partner.",
                        enquiry=line.enquiry_id.name,
                    )
                )

    @api.depends("kind", "date", "partner_id")
    def _compute_display_name(self):
        kinds = dict(self._fields["kind"]._description_selection(self.env))
        for line in self:
            line.display_name = ", ".join(
                filter(
                    None,
                    [
                        kinds.get(line.kind),
                        fields.Date.to_string(line.date) if line.date else "",
                        line.partner_id.name,
                    ],
                )
            )

    @api.model_create_multi
    def create(self, vals_list):
        # A line left without hours (a new row the form saved on its own)
        # waits to be confirmed: it counts nowhere until it has hours.
        for vals in vals_list:
            if not vals.get("hours") and vals.get("state", "confirmed") == "confirmed":
                vals["state"] = "proposed"
        return super().create(vals_list)

    def write(self, vals):
        if "hours" in vals and not vals["hours"] and "state" not in vals:
            vals = dict(vals, state="proposed")
        return super().write(vals)

    def action_confirm(self):
        to_confirm = self.filtered(lambda line: line.state == "proposed")
        missing = to_confirm.filtered(lambda line: not line.hours)
        if missing:
            raise UserError(
                self.env._(
                    "Give the hours of the support on “%(enquiry)s” before "
                    "confirming it.",
                    enquiry=missing[0].enquiry_id.name,
                )
            )
        to_confirm.write({"state": "confirmed"})
        return True

    @api.model
    def _hours_per_day(self):
        """Hours in a day of support (a setting): support team members are
        allocated days, lines give hours."""
        value = (
            self.env["ir.config_parameter"]
            .sudo()
            .get_param("provide_coop.hours_per_day", DEFAULT_HOURS_PER_DAY)
        )
        try:
            value = float(value)
        except (TypeError, ValueError):
            return DEFAULT_HOURS_PER_DAY
        return value if value > 0 else DEFAULT_HOURS_PER_DAY

    @api.model
    def _hour_rate(self):
        """What an hour of support costs, for the funder report (a setting)."""
        value = (
            self.env["ir.config_parameter"]
            .sudo()
            .get_param("provide_coop.hour_rate", 0.0)
        )
        try:
            return max(float(value), 0.0)
        except (TypeError, ValueError):
            return 0.0

    @api.model
    def _propose_from_activities(self, activities):
        """Lines for the app's activities being marked done on enquiries, to
        be confirmed by the adviser: kind and usual hours come from the
        activity type. One create for the batch."""
        vals_list = []
        today = fields.Date.context_today(self)
        for activity in activities:
            activity_type = activity.activity_type_id
            if (
                activity.res_model != "provide.enquiry"
                or not activity.res_id
                or not activity_type.provide_delivery_kind
            ):
                continue
            vals_list.append(
                {
                    "enquiry_id": activity.res_id,
                    "date": today,
                    "user_id": activity.user_id.id or self.env.user.id,
                    "kind": activity_type.provide_delivery_kind,
                    "hours": activity_type.provide_delivery_hours,
                    "description": activity.summary or activity_type.name,
                    "activity_type_id": activity_type.id,
                    "state": "proposed",
                }
            )
        if vals_list:
            self.sudo().create(vals_list)
