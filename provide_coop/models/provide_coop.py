from collections import defaultdict
from datetime import timedelta

from odoo import api, fields, models
from odoo.exceptions import UserError, ValidationError

LEGAL_FORMS = [
    ("coop_society", "Co-operative society"),
    ("community_benefit", "Community benefit society"),
    ("cic", "Community interest company"),
    ("guarantee", "Company limited by guarantee"),
    ("other", "Other"),
]
REGISTERS = [
    ("fca", "FCA Mutuals Public Register"),
    ("companies_house", "Companies House"),
    ("other", "Other"),
]
MEMBERSHIP_MODELS = [
    ("worker", "Worker"),
    ("multi_stakeholder", "Multi-stakeholder"),
    ("user", "User"),
    ("community", "Community"),
]
TRADING_STATUSES = [
    ("not_checked", "Not checked in yet"),
    ("trading", "Still trading"),
    ("ceased", "Stopped trading"),
]
# The case study's model of a co-op, from the co-op's membership model.
CASE_STUDY_MODEL = {
    "worker": "worker",
    "multi_stakeholder": "multi_stakeholder",
    "user": "consumer",
    "community": "community_benefit",
}
# A check-in completes the co-op's check-in activity due up to this long
# after it: a check-in a few weeks early still counts as the one planned.
CHECKIN_EARLY_DAYS = 31


class ProvideCoopMembers(models.AbstractModel):
    """Members of a co-op by kind, and their total: what the co-op reports
    at launch and at every outcome check-in."""

    _name = "provide.coop.members"
    _description = "Co-op members by kind"

    members_worker = fields.Integer(
        string="Worker Members", help="People who work for the co-op."
    )
    members_user = fields.Integer(
        string="User Members", help="People who use its services, or their families."
    )
    members_community = fields.Integer(
        string="Community Members", help="Local residents and supporters."
    )
    members_other = fields.Integer(
        string="Other Members", help="Organisations and any other kind of member."
    )
    member_count = fields.Integer(
        string="Members", compute="_compute_member_count", store=True
    )

    _sql_constraints = [
        (
            "members_not_negative",
            "CHECK(members_worker >= 0 AND members_user >= 0"
            " AND members_community >= 0 AND members_other >= 0)",
            "The members of a co-op cannot be negative.",
        ),
    ]

    @api.depends("members_worker", "members_user", "members_community", "members_other")
    def _compute_member_count(self):
        for record in self:
            record.member_count = (
                record.members_worker
                + record.members_user
                + record.members_community
                + record.members_other
            )

    @api.model
    def _members_fields(self):
        return ["members_worker", "members_user", "members_community", "members_other"]


class ProvideCoopProfile(models.AbstractModel):
    """What the service records of a co-op when it launches: its legal form
    and registration, its members, the jobs it kept and made, and the
    contract it won. Shared by the co-op and the launch wizard, which asks
    for it when an enquiry reaches a launched stage."""

    _name = "provide.coop.profile"
    _description = "Co-op at launch"
    _inherit = ["provide.coop.members"]

    # Each model that records a profile says whose currency it is in.
    currency_id = fields.Many2one("res.currency")
    legal_form = fields.Selection(LEGAL_FORMS)
    registration_number = fields.Char(
        help="The number the register gave the co-op (society or company number)."
    )
    register = fields.Selection(
        REGISTERS,
        help="Co-operative and community benefit societies register with the "
        "FCA; companies with Companies House.",
    )
    date_registered = fields.Date(string="Registered On")
    membership_model = fields.Selection(MEMBERSHIP_MODELS)
    jobs_transferred = fields.Integer(
        string="Jobs Kept",
        help="Jobs transferred from the public body to the co-op.",
    )
    jobs_created = fields.Integer(help="New jobs the co-op created at launch.")
    sector_id = fields.Many2one(
        "provide.sector", string="Services Delivered", index=True
    )
    commissioner_id = fields.Many2one(
        "res.partner",
        index="btree_not_null",
        domain="[('is_local_authority', '=', True)]",
        help="The local authority or body that awarded the contract.",
    )
    contract_value = fields.Monetary(
        string="Contract Value per Year", currency_field="currency_id"
    )
    contract_date_start = fields.Date(string="Contract Starts")
    contract_date_end = fields.Date(string="Contract Ends")
    service_users = fields.Integer(
        string="Service Users Reached",
        help="People who use the services the co-op delivers.",
    )

    @api.model
    def _profile_fields(self):
        return [
            "legal_form",
            "registration_number",
            "register",
            "date_registered",
            "membership_model",
            *self._members_fields(),
            "jobs_transferred",
            "jobs_created",
            "sector_id",
            "commissioner_id",
            "contract_value",
            "contract_date_start",
            "contract_date_end",
            "service_users",
        ]

    def _profile_values(self):
        """The profile as values for `create` or `write`."""
        self.ensure_one()
        return self._convert_to_write(
            {fname: self[fname] for fname in self._profile_fields()}
        )

    _sql_constraints = [
        (
            "jobs_not_negative",
            "CHECK(jobs_transferred >= 0 AND jobs_created >= 0)",
            "The jobs a co-op kept or created cannot be negative.",
        ),
        (
            "service_users_not_negative",
            "CHECK(service_users >= 0)",
            "The service users a co-op reached cannot be negative.",
        ),
        (
            "contract_value_not_negative",
            "CHECK(contract_value >= 0)",
            "The value of a co-op's contract cannot be negative.",
        ),
    ]

    def _profile_name(self):
        """The co-op's name in messages."""
        self.ensure_one()
        return self.display_name

    @api.constrains("contract_date_start", "contract_date_end")
    def _check_contract_dates(self):
        for record in self:
            start, end = record.contract_date_start, record.contract_date_end
            if start and end and end < start:
                raise ValidationError(
                    self.env._(
                        "The contract of %(name)s cannot end before it starts.",
                        name=record._profile_name(),
                    )
                )

    @api.onchange("legal_form")
    def _onchange_legal_form(self):
        if self.legal_form in ("coop_society", "community_benefit"):
            self.register = "fca"
        elif self.legal_form in ("cic", "guarantee"):
            self.register = "companies_house"


class ProvideCoop(models.Model):
    """A co-operative the service helped to launch, and what it achieved.

    A record of its own, linked one to one to the co-op's company contact
    (flagged as a co-operative), like an employee to their work contact:
    contacts are shared by every app and read by every employee, while a
    co-op's launch figures, contract and outcomes belong to the agency that
    helped it (its company), are kept by its advisers, followed up with
    check-ins (activities and a chatter of their own) and reported to
    funders by managers."""

    _name = "provide.coop"
    _description = "Launched co-op"
    _inherit = ["provide.coop.profile", "mail.thread", "mail.activity.mixin"]
    _order = "date_launched desc, id desc"
    _check_company_auto = True

    partner_id = fields.Many2one(
        "res.partner",
        string="Co-op Contact",
        required=True,
        index=True,
        ondelete="restrict",
        check_company=True,
        tracking=True,
        domain="[('is_company', '=', True)]",
        help="The co-op as a company contact: its address, e-mail and phone.",
    )
    name = fields.Char(related="partner_id.name", store=True, readonly=False)
    active = fields.Boolean(default=True)
    company_id = fields.Many2one(
        "res.company",
        required=True,
        index=True,
        default=lambda self: self.env.company,
    )
    currency_id = fields.Many2one(related="company_id.currency_id")
    user_id = fields.Many2one(
        "res.users",
        string="Adviser",
        index=True,
        tracking=True,
        default=lambda self: self.env.user,
        domain="[('share', '=', False)]",
        help="Who follows the co-op up: its outcome check-ins are planned for them.",
    )
    date_launched = fields.Date(
        string="Launched On",
        index=True,
        tracking=True,
        help="When its enquiry reached a launched stage; check-ins are planned "
        "from this date.",
    )
    note = fields.Html(string="Notes")
    # One-line summary of what it does, for lists and case studies.
    summary = fields.Text(
        help="Two or three sentences: what the co-op delivers and for whom."
    )

    enquiry_ids = fields.One2many("provide.enquiry", "coop_id", string="Enquiries")
    enquiry_id = fields.Many2one(
        "provide.enquiry",
        string="Launched From",
        compute="_compute_enquiry_id",
        store=True,
        index="btree_not_null",
        help="The enquiry that launched the co-op. Its figures at launch "
        "count once, with this enquiry, in the funder report.",
    )
    enquiry_count = fields.Integer(compute="_compute_enquiry_id", store=True)

    checkin_ids = fields.One2many(
        "provide.coop.checkin", "coop_id", string="Outcome Check-ins"
    )
    checkin_count = fields.Integer(compute="_compute_latest_checkin", store=True)
    latest_checkin_id = fields.Many2one(
        "provide.coop.checkin",
        string="Latest Check-in",
        compute="_compute_latest_checkin",
        store=True,
        index="btree_not_null",
    )
    trading_status = fields.Selection(
        TRADING_STATUSES,
        compute="_compute_latest_checkin",
        store=True,
        index=True,
        help="As its latest outcome check-in says.",
    )
    latest_date = fields.Date(related="latest_checkin_id.date", string="Checked In")
    latest_member_count = fields.Integer(
        related="latest_checkin_id.member_count", string="Members Now"
    )
    latest_jobs = fields.Integer(related="latest_checkin_id.jobs", string="Jobs Now")
    latest_turnover = fields.Monetary(
        related="latest_checkin_id.turnover", string="Annual Turnover"
    )
    latest_contract_renewed = fields.Selection(
        related="latest_checkin_id.contract_renewed", string="Contract Renewed"
    )
    latest_service_users = fields.Integer(
        related="latest_checkin_id.service_users", string="Service Users Now"
    )
    latest_note = fields.Text(related="latest_checkin_id.note", string="Latest Note")

    next_checkin_date = fields.Date(
        string="Next Check-in",
        compute="_compute_checkin_due",
        help="Deadline of the earliest outcome check-in still to do.",
    )
    checkin_overdue = fields.Boolean(
        string="Check-in Overdue",
        compute="_compute_checkin_due",
        search="_search_checkin_overdue",
        help="An outcome check-in is past its deadline and not recorded.",
    )

    support_member_ids = fields.Many2many(
        "provide.support.member",
        string="Support Team",
        compute="_compute_support",
    )
    feasibility_study_ids = fields.Many2many(
        "provide.feasibility.study",
        string="Pre-feasibility Studies",
        compute="_compute_support",
    )
    support_hours = fields.Float(
        compute="_compute_support",
        help="Hours of support its enquiries received (confirmed lines).",
    )
    case_study_count = fields.Integer(compute="_compute_case_study_count")

    _sql_constraints = [
        (
            "partner_company_uniq",
            "UNIQUE(partner_id, company_id)",
            "A contact is already recorded as a launched co-op: open that co-op.",
        ),
    ]

    @api.depends("enquiry_ids")
    def _compute_enquiry_id(self):
        for coop in self:
            enquiries = coop.enquiry_ids.with_context(active_test=False)
            coop.enquiry_id = enquiries.sorted("id")[:1]
            coop.enquiry_count = len(enquiries)

    @api.depends("checkin_ids.date", "checkin_ids.still_trading")
    def _compute_latest_checkin(self):
        for coop in self:
            checkins = coop.checkin_ids.sorted(
                lambda checkin: (checkin.date, checkin.id or 0), reverse=True
            )
            latest = checkins[:1]
            coop.latest_checkin_id = latest
            coop.checkin_count = len(checkins)
            if not latest:
                coop.trading_status = "not_checked"
            else:
                coop.trading_status = "trading" if latest.still_trading else "ceased"

    def _compute_checkin_due(self):
        activity_type = self._checkin_activity_type()
        deadlines = {}
        if activity_type and self.ids:
            deadlines = dict(
                self.env["mail.activity"]._read_group(
                    [
                        ("res_model", "=", self._name),
                        ("res_id", "in", self.ids),
                        ("activity_type_id", "=", activity_type.id),
                    ],
                    ["res_id"],
                    ["date_deadline:min"],
                )
            )
        today = fields.Date.context_today(self)
        for coop in self:
            deadline = deadlines.get(coop._origin.id)
            coop.next_checkin_date = deadline
            coop.checkin_overdue = bool(deadline and deadline < today)

    def _search_checkin_overdue(self, operator, value):
        if operator not in ("=", "!=") or value not in (True, False):
            raise UserError(
                self.env._("Filter overdue check-ins with “is set” or “is not set”.")
            )
        activity_type = self._checkin_activity_type()
        overdue = [
            (
                "activity_ids",
                "any",
                [
                    ("activity_type_id", "=", activity_type.id),
                    ("date_deadline", "<", fields.Date.context_today(self)),
                ],
            )
        ]
        if (operator == "=") == bool(value):
            return overdue
        return ["!", *overdue]

    def _compute_support(self):
        for coop in self:
            enquiries = coop.enquiry_ids
            coop.support_member_ids = enquiries.support_member_ids
            coop.feasibility_study_ids = enquiries.feasibility_study_ids
            coop.support_hours = sum(enquiries.mapped("support_hours"))

    def _compute_case_study_count(self):
        counts = {}
        if self.partner_id:
            counts = dict(
                self.env["provide.case.study"]._read_group(
                    [("partner_id", "in", self.partner_id.ids)],
                    ["partner_id"],
                    ["__count"],
                )
            )
        for coop in self:
            coop.case_study_count = counts.get(coop.partner_id, 0)

    # ------------------------------------------------------------------
    # CRUD: the contact is flagged as a co-operative
    # ------------------------------------------------------------------

    @api.model_create_multi
    def create(self, vals_list):
        coops = super().create(vals_list)
        coops.partner_id.filtered(lambda partner: not partner.is_coop).write(
            {"is_coop": True}
        )
        coops.filtered("date_launched")._schedule_checkins()
        return coops

    def write(self, vals):
        result = super().write(vals)
        if vals.get("partner_id"):
            self.partner_id.filtered(lambda partner: not partner.is_coop).write(
                {"is_coop": True}
            )
        if vals.get("date_launched"):
            self._schedule_checkins()
        return result

    # ------------------------------------------------------------------
    # Launch and outcome check-ins
    # ------------------------------------------------------------------

    @api.model
    def _checkin_activity_type(self):
        return self.env.ref(
            "provide_coop.mail_activity_type_provide_checkin", raise_if_not_found=False
        )

    @api.model
    def _checkin_plan(self):
        return self.env.ref(
            "provide_coop.provide_plan_checkin", raise_if_not_found=False
        )

    def _launch(self, dates):
        """Date the launch of the co-ops not launched yet ({coop: date}) and
        plan their outcome check-ins."""
        to_launch = self.filtered(lambda coop: not coop.date_launched)
        for date, coops in to_launch.grouped(lambda coop: dates[coop]).items():
            coops.write({"date_launched": date})

    def _schedule_checkins(self):
        """Plan the outcome check-ins of the check-in plan (Settings: 6, 12
        and 36 months after launch unless changed) for each co-op's adviser,
        once: a check-in of the plan still open is not planned again. Each
        deadline falls on a working day of the company's working calendar
        (weekends and public holidays move it to the next working day). One
        search and one create for the batch."""
        plan = self._checkin_plan()
        templates = (
            plan.template_ids if plan else self.env["mail.activity.plan.template"]
        )
        coops = self.filtered("date_launched")
        if not templates or not coops:
            return
        open_keys = templates._provide_open_keys(coops)
        vals_list = []
        for (company, date), group in coops.grouped(
            lambda coop: (coop.company_id, coop.date_launched)
        ).items():
            deadlines = templates._provide_deadlines(company.resource_calendar_id, date)
            vals_list += templates._provide_activity_vals(group, deadlines, open_keys)
        if vals_list:
            # Responsibles follow their co-ops first: Odoo subscribes them one
            # activity at a time, and a co-op gets several at once here.
            by_user = defaultdict(set)
            for vals in vals_list:
                by_user[vals["user_id"]].add(vals["res_id"])
            for user_id, coop_ids in by_user.items():
                self.browse(sorted(coop_ids)).message_subscribe(
                    partner_ids=self.env["res.users"].browse(user_id).partner_id.ids
                )
            self.env["mail.activity"].with_context(
                mail_activity_quick_update=True
            ).create(vals_list)

    def _checkin_activities_done_by(self, checkins):
        """Mark done, for each check-in, the earliest open check-in activity of
        its co-op due no later than a month after it."""
        activity_type = self._checkin_activity_type()
        if not activity_type:
            return
        activities = self.env["mail.activity"].search(
            [
                ("res_model", "=", self._name),
                ("res_id", "in", checkins.coop_id.ids),
                ("activity_type_id", "=", activity_type.id),
            ],
            order="date_deadline, id",
        )
        by_coop = defaultdict(list)
        for activity in activities:
            by_coop[activity.res_id].append(activity)
        done = self.env["mail.activity"]
        for checkin in checkins.sorted("date"):
            limit = checkin.date + timedelta(days=CHECKIN_EARLY_DAYS)
            pending = by_coop[checkin.coop_id.id]
            if pending and pending[0].date_deadline <= limit:
                done |= pending.pop(0)
        if done:
            done._action_done(feedback=self.env._("Check-in recorded."))

    # ------------------------------------------------------------------
    # Actions
    # ------------------------------------------------------------------

    def action_record_checkin(self):
        """A new check-in of the co-op, filled in with its latest figures (or
        those at launch) for the adviser to update."""
        self.ensure_one()
        source = self.latest_checkin_id or self
        context = {
            "default_coop_id": self.id,
            "default_still_trading": True,
            "default_jobs": source.jobs
            if self.latest_checkin_id
            else self.jobs_transferred + self.jobs_created,
            "default_service_users": source.service_users,
        }
        for fname in self._members_fields():
            context[f"default_{fname}"] = source[fname]
        if self.latest_checkin_id:
            context["default_turnover"] = source.turnover
        return {
            "type": "ir.actions.act_window",
            "name": self.env._("Outcome check-in"),
            "res_model": "provide.coop.checkin",
            "views": [(False, "form")],
            "target": "new",
            "context": context,
        }

    def action_view_checkins(self):
        self.ensure_one()
        action = self.env["ir.actions.act_window"]._for_xml_id(
            "provide_coop.provide_coop_checkin_action"
        )
        action["domain"] = [("coop_id", "=", self.id)]
        action["context"] = {"default_coop_id": self.id}
        return action

    def action_view_enquiries(self):
        self.ensure_one()
        action = self.env["ir.actions.act_window"]._for_xml_id(
            "provide_coop.provide_enquiry_action_all"
        )
        action["domain"] = [("coop_id", "=", self.id)]
        action["context"] = {"active_test": False}
        if len(self.enquiry_ids) == 1:
            action.update(views=[(False, "form")], res_id=self.enquiry_ids.id)
        return action

    def action_view_case_studies(self):
        self.ensure_one()
        action = self.env["ir.actions.act_window"]._for_xml_id(
            "provide_coop.provide_case_study_action"
        )
        action["domain"] = [("partner_id", "=", self.partner_id.id)]
        action["context"] = {"default_partner_id": self.partner_id.id}
        return action

    def action_case_study(self):
        """A draft case study from the co-op's data, in a form the adviser
        completes and saves into the case-study library (nothing is written
        until then)."""
        self.ensure_one()
        return {
            "type": "ir.actions.act_window",
            "name": self.env._("New case study"),
            "res_model": "provide.case.study",
            "views": [(False, "form")],
            "target": "current",
            "context": {
                f"default_{fname}": value
                for fname, value in self._case_study_values().items()
            },
        }

    def _case_study_values(self):
        self.ensure_one()
        year = self.date_registered or self.date_launched
        values = {
            "name": self.name,
            "partner_id": self.partner_id.id,
            "sector_id": self.sector_id.id
            or self.enquiry_id.sector_id.id
            or self.env.ref("provide_coop.provide_sector_other").id,
            "city": self.partner_id.city or False,
            "summary": self.summary or self._case_study_summary(),
            "member_count": self.latest_checkin_id.member_count or self.member_count,
            "year_founded": str(year.year) if year else False,
            "website": self.partner_id.website or False,
            "company_id": self.company_id.id,
        }
        if self.membership_model:
            values["model_type"] = CASE_STUDY_MODEL[self.membership_model]
        elif self.legal_form == "community_benefit":
            values["model_type"] = "community_benefit"
        image = self.partner_id.image_1920
        if image:
            values["image_1920"] = image
        return values

    def _case_study_summary(self):
        """A first draft of the case study's summary, from what the co-op
        recorded at launch: what it delivers, for whom, who owns it."""
        parts = []
        forms = dict(self._fields["legal_form"]._description_selection(self.env))
        models_ = dict(
            self._fields["membership_model"]._description_selection(self.env)
        )
        what = self.sector_id.name or self.enquiry_id.sector_id.name
        if self.legal_form:
            parts.append(
                self.env._(
                    "%(name)s is a %(form)s",
                    name=self.name,
                    form=forms[self.legal_form].lower(),
                )
            )
        else:
            parts.append(self.env._("%(name)s is a co-operative", name=self.name))
        if what:
            parts[-1] += self.env._(" delivering %(what)s", what=what.lower())
        if self.commissioner_id:
            parts[-1] += self.env._(
                " for %(commissioner)s", commissioner=self.commissioner_id.name
            )
        parts[-1] += "."
        if self.membership_model:
            parts.append(
                self.env._(
                    "It is a %(model)s co-op.",
                    model=models_[self.membership_model].lower(),
                )
            )
        jobs = self.jobs_transferred + self.jobs_created
        if jobs:
            parts.append(
                self.env._(
                    "At launch it kept %(kept)s jobs and created %(created)s.",
                    kept=self.jobs_transferred,
                    created=self.jobs_created,
                )
            )
        return " ".join(parts)
