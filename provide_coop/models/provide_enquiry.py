import logging
from collections import defaultdict
from datetime import timedelta

from markupsafe import Markup

from odoo import SUPERUSER_ID, Command, api, fields, models
from odoo.exceptions import AccessError, RedirectWarning, UserError, ValidationError
from odoo.osv import expression
from odoo.tools import (
    SQL,
    create_index,
    email_normalize,
    format_date,
    html2plaintext,
)
from odoo.tools.mail import email_split_tuples

from .event_registration import ATTENDEE_ROLES
from .provide_assessment_stage import StageGateError
from .provide_consent import LAWFUL_BASES

PRIORITIES = [
    ("0", "Normal"),
    ("1", "Good"),
    ("2", "Very Good"),
    ("3", "Excellent"),
]
DEFAULT_STALL_DAYS = 30
# Web intake defaults, until a manager sets them in Settings (the consent
# statement is a record: provide_consent_statement.py).
WEB_MIN_SECONDS = 3
WEB_RATE_LIMIT = 5
WEB_NAME_LENGTH = 80
# Kept by the app, never by users: read-only in the views, yet Odoo lets RPC
# write read-only fields, so `create` and `write` refuse them. The sequence,
# the close date (set by a close or a stage move), the merge link and the
# erasure stamp (which takes an enquiry out of the retention period).
APP_KEPT_FIELDS = ("reference", "date_closed", "merged_into_id", "anonymised_date")
# Given when an enquiry is created, as for the history of enquiries
# imported from elsewhere (with their date received).
APP_KEPT_FIELDS_ON_CREATE = ("date_closed",)

_logger = logging.getLogger(__name__)


class ProvideEnquiry(models.Model):
    """An opportunity someone has spotted for a co-operative to deliver a public
    service. Advisers work it through the assessment stages until a co-op is
    launched, or close it as not proceeding (archived with a reason, never deleted).

    Every stage move goes through `write` (drag and drop, status bar, RPC,
    import), which says in order what a move does: the gate, the write, the
    dates, the stage history, the stage's activity plan, the chatter's
    tracking line and the last touch.
    """

    _name = "provide.enquiry"
    _description = "Co-op enquiry"
    # As crm.lead: the enquirer's normalised address and sanitised phone are
    # stored (`email_normalized`, `phone_sanitized`), so a person is found
    # exactly, and Odoo's blacklists and bounces apply to them.
    _inherit = [
        "mail.thread.blacklist",
        "mail.thread.phone",
        "mail.activity.mixin",
        "mail.tracking.duration.mixin",
        "utm.mixin",
    ]
    _order = "priority desc, id desc"
    _rec_names_search = ["name", "reference", "partner_id.name", "email_from"]
    _check_company_auto = True
    _track_duration_field = "stage_id"
    _primary_email = "email_from"

    name = fields.Char(string="Opportunity", required=True, tracking=True)
    reference = fields.Char(readonly=True, copy=False, index="trigram")
    # Not tracked: the chatter shows a close as its reason and outcome.
    active = fields.Boolean(default=True)
    company_id = fields.Many2one(
        "res.company",
        required=True,
        index=True,
        default=lambda self: self.env.company,
    )
    currency_id = fields.Many2one(related="company_id.currency_id")

    # The enquirer: a contact, or a name / e-mail / phone typed by the adviser
    # from which the contact is found or created.
    partner_id = fields.Many2one(
        "res.partner",
        string="Enquirer",
        index=True,
        tracking=True,
        check_company=True,
    )
    commercial_partner_id = fields.Many2one(
        related="partner_id.commercial_partner_id",
        string="Enquirer's Organisation",
        store=True,
        index="btree_not_null",
    )
    contact_name = fields.Char(
        compute="_compute_contact_name", store=True, readonly=False
    )
    email_from = fields.Char(
        string="Email", compute="_compute_email_from", store=True, readonly=False
    )
    phone = fields.Char(compute="_compute_phone", store=True, readonly=False)
    enquirer_type = fields.Selection(
        [
            ("public_sector_workers", "Public-sector workers"),
            ("community_group", "Community group"),
            ("service_users", "Service users"),
            ("existing_coop", "Existing co-op"),
            ("councillor_officer", "Councillor or officer"),
            ("other", "Other"),
        ],
        index=True,
    )
    source = fields.Selection(
        [
            ("phone", "Phone"),
            ("email", "E-mail"),
            ("web", "Website"),
            ("event", "Event"),
            ("referral", "Referral"),
            ("other", "Other"),
        ],
        default="phone",
        index=True,
        tracking=True,
    )
    # Personal data: why the agency holds the enquirer's details (see the
    # "Personal data" section below).
    lawful_basis = fields.Selection(
        LAWFUL_BASES,
        required=True,
        default="legitimate_interest",
        tracking=True,
        help="Why the agency holds the enquirer's details. Consent: they agreed "
        "to a statement, kept as a consent record (an adviser choosing it for a "
        "phone call or an e-mail records that they agreed). Legitimate interest: "
        "answering someone who got in touch. Contract: an agreement with them.",
    )
    consent_withdrawn_date = fields.Datetime(
        string="Consent Withdrawn On",
        readonly=True,
        copy=False,
        help="When the enquirer withdrew their consent; the app sends them no "
        "more e-mail.",
    )
    is_confidential = fields.Boolean(
        string="Confidential",
        index=True,
        tracking=True,
        help="A worker speaking about their own employer's plans: only the "
        "adviser, the support team's members who are users and managers see "
        "it. Reports still count it, without its name.",
    )
    anonymised_date = fields.Datetime(
        string="Anonymised On",
        readonly=True,
        copy=False,
        index="btree_not_null",
        help="When the enquirer's name, e-mail and phone were removed (they "
        "asked to be forgotten, or the retention period ran out).",
    )
    # Who may read a confidential enquiry besides managers: a real relation
    # the record rules match (`confidential_user_ids in [user.id]`), kept by
    # the enquiry from its adviser and support team. Empty while the enquiry
    # is not confidential.
    confidential_user_ids = fields.Many2many(
        "res.users",
        "provide_enquiry_confidential_user_rel",
        "enquiry_id",
        "user_id",
        string="Confidential Readers",
        compute="_compute_confidential_user_ids",
        store=True,
        # Read by the rules when they are checked, not with every read of
        # the enquiry's other fields.
        prefetch=False,
        help="The adviser and the support team's members who are users: who "
        "may read the enquiry while it is confidential (managers read all).",
    )

    # The opportunity
    sector_id = fields.Many2one("provide.sector", index=True, tracking=True)
    local_authority_id = fields.Many2one(
        "res.partner",
        index=True,
        tracking=True,
        check_company=True,
        domain="[('is_local_authority', '=', True)]",
        help="The council or commissioning body that buys or runs the service today.",
    )
    service_description = fields.Text(
        help="The public service a co-op could deliver, in the enquirer's words."
    )
    workforce_size = fields.Integer(
        help="People who deliver the service today (staff who could become members)."
    )
    annual_contract_value = fields.Monetary(
        currency_field="currency_id",
        help="What the service is worth per year to the commissioner.",
    )

    _sql_constraints = [
        (
            "workforce_size_not_negative",
            "CHECK(workforce_size >= 0)",
            "The workforce size of an enquiry cannot be negative.",
        ),
        (
            "annual_contract_value_not_negative",
            "CHECK(annual_contract_value >= 0)",
            "The annual contract value of an enquiry cannot be negative.",
        ),
    ]
    case_study_ids = fields.Many2many(
        "provide.case.study",
        "provide_enquiry_case_study_rel",
        "enquiry_id",
        "case_study_id",
        string="Case Studies",
        help="Co-ops already delivering a similar service, to show the enquirer.",
    )

    # Pipeline. Tracked by `write` itself, a batch of moves at a time (see
    # `_log_stage_moves`), not by Odoo's per-record tracking.
    stage_id = fields.Many2one(
        "provide.assessment.stage",
        index=True,
        copy=False,
        ondelete="restrict",
        group_expand="_read_group_stage_ids",
        default=lambda self: self._default_stage_id(),
    )
    stage_is_won = fields.Boolean(related="stage_id.is_won")
    user_id = fields.Many2one(
        "res.users",
        string="Adviser",
        index=True,
        tracking=True,
        default=lambda self: self.env.user,
        domain="[('share', '=', False)]",
    )
    priority = fields.Selection(PRIORITIES, default="0", index=True)
    color = fields.Integer()
    tag_ids = fields.Many2many(
        "provide.enquiry.tag",
        "provide_enquiry_tag_rel",
        "enquiry_id",
        "tag_id",
        string="Tags",
    )
    date_received = fields.Datetime(
        string="Received",
        required=True,
        index=True,
        copy=False,
        default=fields.Datetime.now,
        help="When the enquiry came in. Set it when logging a call after the "
        "event or importing enquiries kept elsewhere; the pipeline reports "
        "count from it.",
    )
    date_last_stage_update = fields.Datetime(
        string="Last Stage Update",
        index=True,
        copy=False,
        readonly=True,
        default=fields.Datetime.now,
    )
    date_closed = fields.Datetime(
        string="Closed On",
        index=True,
        copy=False,
        readonly=True,
        help="When the co-op was launched or the enquiry closed as not proceeding.",
    )
    close_reason_id = fields.Many2one(
        "provide.close.reason",
        index=True,
        tracking=True,
        copy=False,
        ondelete="restrict",
    )
    outcome = fields.Selection(
        [("open", "Open"), ("won", "Co-op launched"), ("lost", "Not proceeding")],
        compute="_compute_outcome",
        store=True,
        index=True,
        tracking=True,
    )

    # ------------------------------------------------------------------
    # Formal assessment
    # ------------------------------------------------------------------

    assessment_ids = fields.One2many(
        "provide.assessment", "enquiry_id", string="Assessments"
    )
    assessment_id = fields.Many2one(
        "provide.assessment",
        string="Current Assessment",
        compute="_compute_assessment_id",
        store=True,
        index="btree_not_null",
    )
    assessment_score = fields.Float(
        related="assessment_id.score",
        string="Assessment Score",
        store=True,
        aggregator="avg",
    )
    assessment_state = fields.Selection(
        related="assessment_id.state", string="Assessment Status", store=True
    )
    assessment_recommendation_id = fields.Many2one(
        related="assessment_id.recommendation_id",
        string="Recommendation",
        store=True,
        index="btree_not_null",
    )
    assessment_progress = fields.Char(
        related="assessment_id.progress", string="Assessment Progress"
    )
    assessment_count = fields.Integer(compute="_compute_assessment_count", store=True)
    stage_history_ids = fields.One2many("provide.enquiry.stage.history", "enquiry_id")

    # ------------------------------------------------------------------
    # Stalled enquiries
    # ------------------------------------------------------------------

    last_touch_date = fields.Datetime(
        string="Last Touched",
        index=True,
        copy=False,
        readonly=True,
        default=fields.Datetime.now,
        help="Last stage move, activity or message on the enquiry.",
    )
    is_stalled = fields.Boolean(
        string="Stalled",
        compute="_compute_is_stalled",
        search="_search_is_stalled",
        help="Open, and untouched for longer than the stall period set in the "
        "settings.",
    )
    days_stalled = fields.Integer(
        compute="_compute_is_stalled",
        help="Days since the last stage move, activity or message.",
    )

    # ------------------------------------------------------------------
    # Studies and the support team
    # ------------------------------------------------------------------

    feasibility_study_ids = fields.One2many(
        "provide.feasibility.study", "enquiry_id", string="Pre-feasibility Studies"
    )
    feasibility_study_count = fields.Integer(
        string="Studies",
        compute="_compute_feasibility_study_count",
        store=True,
        help="Stored, so the enquiry form and lists read it with the enquiry.",
    )
    support_member_ids = fields.One2many(
        "provide.support.member", "enquiry_id", string="Support Team"
    )
    support_days_allocated = fields.Float(
        compute="_compute_support_days",
        store=True,
        help="Days of support agreed for the whole support team.",
    )
    support_days_used = fields.Float(
        compute="_compute_support_days",
        store=True,
        help="Days of support the team has given so far.",
    )
    support_over_allocation = fields.Boolean(
        compute="_compute_support_days",
        store=True,
        index=True,
        help="A member of the support team has used more days than allocated.",
    )
    service_delivery_ids = fields.One2many(
        "provide.service.delivery", "enquiry_id", string="Support Delivered"
    )
    support_hours = fields.Float(
        compute="_compute_support_hours",
        store=True,
        help="Hours of support given on the enquiry (confirmed lines).",
    )
    service_delivery_to_confirm = fields.Integer(
        string="Support Lines to Confirm",
        compute="_compute_service_delivery_to_confirm",
        help="Lines proposed by done activities, waiting for their hours.",
    )

    # ------------------------------------------------------------------
    # The co-op it launched
    # ------------------------------------------------------------------

    coop_id = fields.Many2one(
        "provide.coop",
        string="Co-op",
        index="btree_not_null",
        tracking=True,
        copy=False,
        # A co-op deleted by mistake leaves its enquiry launched, listed under
        # "Launched, Co-op Not Recorded" to record it again.
        ondelete="set null",
        check_company=True,
        help="The co-op the enquiry launched, with its figures and outcomes.",
    )

    # ------------------------------------------------------------------
    # Conferences: where the enquiry came from
    # ------------------------------------------------------------------

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
    # The origin conference and booking as plain values on the enquiry, so
    # advisers without the Events app see them without opening either.
    event_date_begin = fields.Datetime(
        related="event_id.date_begin", string="Conference Starts"
    )
    event_date_end = fields.Datetime(
        related="event_id.date_end", string="Conference Ends"
    )
    event_venue = fields.Char(related="event_id.address_inline", string="Venue")
    # Read as the user, not as superuser as a related field would be: a
    # booking they may not read shows nothing.
    registration_attendee_role = fields.Selection(
        ATTENDEE_ROLES,
        string="Attendee Role",
        compute="_compute_registration_details",
        compute_sudo=False,
    )
    registration_company_name = fields.Char(
        string="Attendee's Organisation",
        compute="_compute_registration_details",
        compute_sudo=False,
    )
    registration_idea = fields.Text(
        string="Idea at Booking",
        compute="_compute_registration_details",
        compute_sudo=False,
    )
    event_rule_id = fields.Many2one(
        "provide.event.enquiry.rule",
        index="btree_not_null",
        ondelete="set null",
        copy=False,
        readonly=True,
    )

    # Duplicates: shown on the form to catch the same opportunity twice
    partner_open_enquiry_count = fields.Integer(
        string="Enquirer's Other Open Enquiries",
        compute="_compute_similar_enquiry_count",
        help="Open enquiries of the same contact, this one left out.",
    )
    similar_enquiry_count = fields.Integer(
        string="Similar Open Enquiries",
        compute="_compute_similar_enquiry_count",
        help="Other open enquiries of the same contact, or about the same local "
        "authority and sector: perhaps the same opportunity twice.",
    )

    # Case studies
    suggested_case_study_ids = fields.Many2many(
        "provide.case.study",
        string="Suggested Case Studies",
        compute="_compute_suggested_case_study_ids",
        help="Published case studies not linked yet: same sector first, then "
        "co-ops with a workforce of a similar size, then the rest.",
    )

    # Web intake and consent
    consent_ids = fields.One2many("provide.consent", "enquiry_id", string="Consents")
    provide_withdraw_link = fields.Html(
        string="Consent Withdrawal Link",
        compute="_compute_provide_withdraw_link",
        help="The link that withdraws the enquirer's consent without logging in, "
        "for e-mail templates: a plain placeholder a co-op manager may use.",
    )
    # utm's "Source" would read as the enquiry's own source (phone, website...).
    source_id = fields.Many2one(string="Campaign Source")

    # Merging duplicates
    merged_into_id = fields.Many2one(
        "provide.enquiry",
        readonly=True,
        copy=False,
        index="btree_not_null",
        ondelete="set null",
        help="The enquiry this duplicate was merged into.",
    )

    def init(self):
        res = super().init()
        # The kanban reads each column (stage) in the model's order, active
        # enquiries only: one index answers every column's first page without
        # sorting the stage's whole history (see docs/benchmark.md).
        create_index(
            self.env.cr,
            "provide_enquiry_stage_priority_id_index",
            self._table,
            ["stage_id", "priority DESC", "id DESC"],
            where="active",
        )
        return res

    # ------------------------------------------------------------------
    # Defaults and computes
    # ------------------------------------------------------------------

    @api.model
    def _default_stage_id(self):
        return self.env["provide.assessment.stage"].search([], limit=1)

    @api.model
    def _read_group_stage_ids(self, stages, domain):
        # Every stage is a column of the kanban, empty ones included.
        return stages.search([])

    def _phone_get_number_fields(self):
        return ["phone"]

    @api.depends("partner_id")
    def _compute_contact_name(self):
        for enquiry in self:
            if enquiry.partner_id:
                enquiry.contact_name = enquiry.partner_id.name

    @api.depends("partner_id")
    def _compute_email_from(self):
        for enquiry in self:
            if enquiry.partner_id.email:
                enquiry.email_from = enquiry.partner_id.email

    @api.depends("partner_id")
    def _compute_phone(self):
        for enquiry in self:
            if enquiry.partner_id.phone:
                enquiry.phone = enquiry.partner_id.phone

    @api.depends(
        "is_confidential",
        "user_id",
        "support_member_ids.partner_id.user_ids.share",
    )
    def _compute_confidential_user_ids(self):
        for enquiry in self:
            if not enquiry.is_confidential:
                enquiry.confidential_user_ids = False
                continue
            members = enquiry.support_member_ids.partner_id.user_ids
            enquiry.confidential_user_ids = enquiry.user_id | members.filtered(
                lambda user: not user.share
            )

    @api.depends(
        "registration_id.provide_attendee_role",
        "registration_id.company_name",
        "registration_id.provide_idea",
    )
    @api.depends_context("uid")
    def _compute_registration_details(self):
        readable = self.registration_id._filtered_access("read")
        for enquiry in self:
            booking = enquiry.registration_id & readable
            enquiry.registration_attendee_role = booking.provide_attendee_role
            enquiry.registration_company_name = booking.company_name
            enquiry.registration_idea = booking.provide_idea

    @api.depends("name", "reference", "is_confidential")
    @api.depends_context("uid")
    def _compute_display_name(self):
        """A confidential enquiry is named by its reference alone to a user
        who may not read it: Odoo shows the name of a many2one's record as
        superuser (a co-op's "launched from", a merged duplicate, the merge
        wizard, an activity, a group of a report), so the name itself stays
        with its readers."""
        super()._compute_display_name()
        confidential = self.filtered("is_confidential")
        if not confidential or self.env.uid == SUPERUSER_ID:
            return
        # Whether the user (not the sudo() a caller may be in) reads them.
        readable = confidential.with_env(self.env(su=False))._filtered_access("read")
        for enquiry in confidential - readable:
            enquiry.display_name = enquiry._confidential_name()

    def _confidential_name(self):
        """The name of a confidential enquiry where its readers are not the
        only ones to see it (reports, activities)."""
        self.ensure_one()
        return self.env._(
            "Confidential enquiry %(reference)s", reference=self.reference
        )

    @api.depends("active", "stage_id.is_won")
    def _compute_outcome(self):
        for enquiry in self:
            if not enquiry.active:
                enquiry.outcome = "lost"
            elif enquiry.stage_id.is_won:
                enquiry.outcome = "won"
            else:
                enquiry.outcome = "open"

    @api.depends("assessment_ids")
    def _compute_assessment_id(self):
        for enquiry in self:
            # The latest assessment is the current one; the others are history.
            enquiry.assessment_id = enquiry.assessment_ids.sorted("id", reverse=True)[
                :1
            ]

    @api.depends("assessment_ids")
    def _compute_assessment_count(self):
        # Stored, so opening the form costs no count query.
        for enquiry in self:
            enquiry.assessment_count = len(enquiry.assessment_ids)

    @api.depends("last_touch_date", "outcome")
    @api.depends_context("uid")
    def _compute_is_stalled(self):
        now = fields.Datetime.now()
        limit = self._stall_limit()
        for enquiry in self:
            touched = enquiry.last_touch_date or enquiry.date_received or now
            enquiry.days_stalled = max((now - touched).days, 0)
            enquiry.is_stalled = enquiry.outcome == "open" and touched < limit

    def _search_is_stalled(self, operator, value):
        if operator not in ("=", "!=") or value not in (True, False):
            raise UserError(
                self.env._(
                    "Stalled enquiries can only be filtered with “is set” or "
                    "“is not set”, not “%(operator)s %(value)s”.",
                    operator=operator,
                    value=value,
                )
            )
        stalled = [
            ("outcome", "=", "open"),
            ("last_touch_date", "<", self._stall_limit()),
        ]
        if (operator == "=") == bool(value):
            return stalled
        return ["!", "&", *stalled]

    @api.depends("feasibility_study_ids")
    def _compute_feasibility_study_count(self):
        counts = dict(
            self.env["provide.feasibility.study"]._read_group(
                [("enquiry_id", "in", self.ids)], ["enquiry_id"], ["__count"]
            )
        )
        for enquiry in self:
            enquiry.feasibility_study_count = counts.get(enquiry._origin, 0)

    @api.depends(
        "support_member_ids.days_allocated",
        "support_member_ids.days_used",
        "support_member_ids.is_over",
    )
    def _compute_support_days(self):
        # Reading the lines through the one2many fetches them for the whole
        # batch at once; no query per enquiry.
        for enquiry in self:
            members = enquiry.support_member_ids
            enquiry.support_days_allocated = sum(members.mapped("days_allocated"))
            enquiry.support_days_used = sum(members.mapped("days_used"))
            # Any member over means the team as a whole may be; a member over
            # is also what the adviser needs to act on.
            enquiry.support_over_allocation = any(members.mapped("is_over"))

    @api.depends("service_delivery_ids.hours", "service_delivery_ids.state")
    def _compute_support_hours(self):
        for enquiry in self:
            enquiry.support_hours = sum(
                line.hours
                for line in enquiry.service_delivery_ids
                if line.state == "confirmed"
            )

    @api.depends("service_delivery_ids.state")
    def _compute_service_delivery_to_confirm(self):
        for enquiry in self:
            enquiry.service_delivery_to_confirm = len(
                enquiry.service_delivery_ids.filtered(
                    lambda line: line.state == "proposed"
                )
            )

    def _compute_duration_tracking(self):
        """The status bar's time in each stage, read from the stage history.

        The history is the one record of time in stage. It is kept (rather
        than Odoo's tracking values, which the mixin reads) because the Time
        in Stage report needs what the mixin cannot give: one row per stay,
        with its dates and the adviser at the time, grouped and averaged by
        stage, sector and adviser in one SQL statement, closed enquiries
        included. The status bar shows the same figures from the same rows.
        """
        seconds = defaultdict(dict)
        ids = tuple(self._origin.ids)
        if ids:
            self.env["provide.enquiry.stage.history"].flush_model()
            self.env.cr.execute(
                SQL(
                    """SELECT enquiry_id, stage_id,
                              SUM(EXTRACT(EPOCH FROM COALESCE(date_out, %s) - date_in))
                         FROM provide_enquiry_stage_history
                        WHERE enquiry_id IN %s
                     GROUP BY enquiry_id, stage_id""",
                    fields.Datetime.now(),
                    ids,
                )
            )
            for enquiry_id, stage_id, total in self.env.cr.fetchall():
                seconds[enquiry_id][str(stage_id)] = max(int(total), 0)
        for enquiry in self:
            enquiry.duration_tracking = seconds.get(enquiry._origin.id, {})

    @api.depends("partner_id", "local_authority_id", "sector_id")
    def _compute_similar_enquiry_count(self):
        """Both counts from one grouped query for the whole batch."""
        partners = self.partner_id
        places = self.filtered(lambda e: e.local_authority_id and e.sector_id)
        rows = []
        if partners or places:
            domain = [("partner_id", "in", partners.ids)]
            if places:
                domain = [
                    "|",
                    *domain,
                    "&",
                    ("local_authority_id", "in", places.local_authority_id.ids),
                    ("sector_id", "in", places.sector_id.ids),
                ]
            rows = self._read_group(
                [("outcome", "=", "open"), *domain],
                ["partner_id", "local_authority_id", "sector_id"],
                ["__count"],
            )

        def same_partner(partner, enquiry):
            return bool(partner) and partner == enquiry.partner_id

        def same_place(authority, sector, enquiry):
            return (
                bool(authority and sector)
                and authority == enquiry.local_authority_id
                and sector == enquiry.sector_id
            )

        for enquiry in self:
            partner_count = similar_count = 0
            for partner, authority, sector, count in rows:
                if same_partner(partner, enquiry):
                    partner_count += count
                if same_partner(partner, enquiry) or same_place(
                    authority, sector, enquiry
                ):
                    similar_count += count
            # The enquiry itself is counted when it is saved, open and matches.
            origin = enquiry._origin
            if origin and origin.outcome == "open":
                if same_partner(origin.partner_id, enquiry):
                    partner_count -= 1
                if same_partner(origin.partner_id, enquiry) or same_place(
                    origin.local_authority_id, origin.sector_id, enquiry
                ):
                    similar_count -= 1
            enquiry.partner_open_enquiry_count = max(partner_count, 0)
            enquiry.similar_enquiry_count = max(similar_count, 0)

    @api.depends("sector_id", "workforce_size", "company_id", "case_study_ids")
    def _compute_suggested_case_study_ids(self):
        # One search for the whole batch, with what the ranking reads (and
        # "active", which reading a many2many filters on); the ranking itself
        # runs in memory: no query per study or enquiry.
        candidates = self.env["provide.case.study"].search_fetch(
            [("is_published", "=", True)],
            [
                "name",
                "sector_id",
                "sector_sequence",
                "workforce_size",
                "company_id",
                "active",
            ],
        )
        for enquiry in self:
            enquiry.suggested_case_study_ids = candidates._provide_ranked_for(enquiry)

    def _compute_provide_withdraw_link(self):
        for enquiry in self:
            url = enquiry.consent_ids[:1].withdraw_url
            enquiry.provide_withdraw_link = (
                Markup('<a href="%s">%s</a>') % (url, self.env._("withdraw my consent"))
                if url
                else False
            )

    # ------------------------------------------------------------------
    # Constraints
    # ------------------------------------------------------------------

    @api.constrains("name")
    def _check_name(self):
        for enquiry in self:
            self._check_name_value(enquiry.name)

    @api.constrains("email_from")
    def _check_email_from(self):
        for enquiry in self:
            # What the contact already holds is the contact's business; what
            # the adviser typed on the enquiry must be an address.
            if enquiry.email_from != enquiry.partner_id.email:
                self._check_email_value(enquiry.email_from)

    @api.constrains("date_received", "date_last_stage_update", "date_closed")
    def _check_dates_in_order(self):
        for enquiry in self:
            received = enquiry.date_received
            for date, label in (
                (enquiry.date_last_stage_update, self.env._("moved stage")),
                (enquiry.date_closed, self.env._("closed")),
            ):
                if received and date and date < received:
                    raise ValidationError(
                        self.env._(
                            "“%(name)s” cannot have %(what)s on %(date)s, before "
                            "it was received on %(received)s.",
                            name=enquiry.name,
                            what=label,
                            date=fields.Datetime.to_string(date),
                            received=fields.Datetime.to_string(received),
                        )
                    )

    @api.constrains("active", "close_reason_id")
    def _check_close_reason(self):
        for enquiry in self:
            if not enquiry.active and not enquiry.close_reason_id:
                raise ValidationError(
                    self.env._(
                        "“%(name)s” can only be closed with a reason. Use "
                        "“Not Proceeding” and pick why.",
                        name=enquiry.name,
                    )
                )

    @api.model
    def _check_name_value(self, name):
        if not (name or "").strip():
            raise ValidationError(
                self.env._("Give the enquiry a name: what opportunity is it?")
            )

    @api.model
    def _check_email_value(self, email):
        if email and not email_normalize(email):
            raise ValidationError(
                self.env._("“%(email)s” is not a valid e-mail address.", email=email)
            )

    # ------------------------------------------------------------------
    # CRUD: what creating an enquiry and moving it do, in order
    # ------------------------------------------------------------------

    @api.model_create_multi
    def create(self, vals_list):
        Stage = self.env["provide.assessment.stage"]
        now = fields.Datetime.now()
        self._check_origin_booking(vals_list)
        for vals in vals_list:
            self._check_app_kept_fields(vals, APP_KEPT_FIELDS_ON_CREATE)
            self._check_name_value(vals.get("name"))
            # 1. Gate: a new enquiry has no assessment, so it starts before
            #    any stage that needs one.
            Stage.browse(vals.get("stage_id"))._check_new_enquiry(
                vals.get("name"), vals.get("coop_id")
            )
        # 2. Enquirers typed without a contact are found or created, in one go.
        self._set_enquirers(vals_list)
        for vals in vals_list:
            # 3. Dates: received (now, unless given), in its first stage since
            #    then, launched or closed from the start. Dates imported out of
            #    order are brought into line: nothing happens before the
            #    enquiry was received.
            self._prepare_create_dates(vals, now)
            if not vals.get("reference"):
                vals["reference"] = self._next_reference(vals)
        # 4. Write.
        enquiries = super().create(vals_list)
        # 5. Stage history: a stay opens in the first stage.
        enquiries._record_stage_moves(self.browse(), now)
        # 6. The first stage's activity plan.
        enquiries._schedule_stage_plan()
        # 7. Consent taken by staff is recorded.
        enquiries._provide_record_staff_consent()
        # 8. A co-op recorded with a launched enquiry is launched.
        enquiries.filtered("coop_id")._launch_coops(now)
        # 9. Who reads a confidential one, written for the searches to come.
        enquiries._flush_confidential_readers()
        return enquiries

    def write(self, vals):
        self._check_app_kept_fields(vals)
        if "company_id" in vals:
            self._check_company_move(vals["company_id"])
        now = fields.Datetime.now()
        self._check_origin_booking([vals])
        stage = self.env["provide.assessment.stage"].browse(vals.get("stage_id"))
        moved = self.browse()
        if "stage_id" in vals:
            moved = self.filtered(lambda enquiry: enquiry.stage_id != stage)
            # The stages left are read with the new one, in one query.
            stage = stage.with_prefetch((stage | moved.stage_id).ids)
        left = {enquiry.id: enquiry.stage_id for enquiry in moved}
        # 1. Gate: what the new stage demands of every moved enquiry, checked
        #    for the whole batch before anything is written.
        stage._check_can_enter(moved, vals.get("coop_id"))
        # 2. A typed enquirer becomes a contact; closing or reopening sets
        #    its reason and date.
        vals = self._prepare_write_vals(vals, now)
        # 3. Dates: last stage update and last touch (a moved enquiry is not
        #    stalled); launched, or back in the pipeline.
        dated = moved._stage_move_dates(vals, stage, now)
        if len(dated) == 1 and moved == self:
            vals.update(dated[moved])
            dated = {}
        # 4. Write, with the dates when every enquiry moved the same way.
        result = super().write(vals)
        for enquiries, dates in dated.items():
            super(ProvideEnquiry, enquiries).write(dates)
        # 5. Stage history: the stay in the old stage ends, one in the new starts.
        moved._record_stage_moves(moved, now)
        # 6. The new stage's activity plan, and what the stage left had
        #    planned that nobody changed, to cancel.
        cancelled = moved._schedule_stage_plan(left)
        # 7. Chatter: the move's tracking line on each moved enquiry, naming
        #    what it cancels.
        moved._log_stage_moves(left, moved._cancelled_plan_notes(cancelled, left))
        # 8. Consent taken by staff is recorded.
        if vals.get("lawful_basis") == "consent":
            self._provide_record_staff_consent()
        # 9. Launch: the co-op of an enquiry launched now, or recorded on a
        #    launched enquiry, is dated and its outcome check-ins planned.
        if vals.get("coop_id"):
            self._launch_coops(now)
        elif stage.is_won:
            moved._launch_coops(now)
        # 10. Confidentiality: who may no longer read it stops following it;
        #     its activities no longer name it.
        if {"user_id", "is_confidential", "company_id"} & vals.keys():
            self._flush_confidential_readers()
            self._unsubscribe_non_readers()
        if "is_confidential" in vals:
            self._rename_activities()
        elif {"name", "reference"} & vals.keys():
            self.filtered("is_confidential")._rename_activities()
        # 11. Last, as deleting records empties the whole cache: the left
        #     stages' planned activities are cancelled.
        cancelled.unlink()
        return result

    def _check_company_move(self, company_id):
        """An enquiry stays with the agency that received it: only a
        manager moves it to another company, and its stage history goes
        with it (what else hangs off it follows its company by itself)."""
        moved = self.filtered(lambda enquiry: enquiry.company_id.id != company_id)
        if not moved:
            return
        if not self.env.user.has_group("provide_coop.group_provide_manager"):
            raise UserError(
                self.env._(
                    "Only a co-op manager can move an enquiry to another company "
                    "(%(enquiries)s).",
                    enquiries=", ".join(moved.mapped("display_name")),
                )
            )
        moved.check_access("write")
        # Stage history is written by the system only; the manager's right
        # to write these enquiries is checked above.
        self.env["provide.enquiry.stage.history"].sudo().search(
            [("enquiry_id", "in", moved.ids)]
        ).write({"company_id": company_id})

    @api.model
    def _check_app_kept_fields(self, vals, allowed=()):
        """Refuse values of the fields the app keeps itself, unless the
        app (the superuser) writes them."""
        if self.env.su:
            return
        kept = [
            name for name in APP_KEPT_FIELDS if name in vals and name not in allowed
        ]
        if kept:
            raise AccessError(
                self.env._(
                    "%(fields)s of an enquiry are kept by the app and cannot be "
                    "set by hand.",
                    fields=", ".join(self._fields[name].string for name in kept),
                )
            )

    @api.model
    def _check_origin_booking(self, vals_list):
        """The origin booking is one the user may read: otherwise its
        attendee, organisation and idea would show on their enquiry."""
        ids = {
            vals["registration_id"] for vals in vals_list if vals.get("registration_id")
        }
        bookings = self.env["event.registration"].browse(ids)
        if bookings and not bookings.has_access("read"):
            raise AccessError(
                self.env._(
                    "You may only give an enquiry an origin booking you can "
                    "open yourself."
                )
            )

    def _flush_confidential_readers(self):
        """The rules match the readers in SQL, and Odoo does not write a
        computed many2many before a search that reads it: write them now, so
        that the next search of the same transaction sees who reads what."""
        self.filtered("is_confidential").flush_recordset(["confidential_user_ids"])

    def _unsubscribe_non_readers(self):
        """Internal users following a confidential enquiry they may no longer
        read (a replaced adviser, a removed support team member, everyone
        but its readers once it is made confidential) stop following it: no
        more of its messages by e-mail. Contacts who are not users (the
        enquirer) keep following it."""
        # As superuser: the user who just changed the enquiry may have handed
        # it over (no right on it any more), and followers are read and
        # removed only on the confidential enquiries in hand.
        for enquiry in self.sudo().filtered("is_confidential"):
            users = enquiry.message_partner_ids.user_ids.filtered(
                lambda user: not user.share
            )
            readers = users.filtered(
                lambda user, enquiry=enquiry: enquiry.with_user(user).has_access("read")
            )
            lost = users.partner_id - readers.partner_id
            if lost:
                enquiry.message_unsubscribe(partner_ids=lost.ids)

    def _rename_activities(self):
        """Activities keep the name of their document (mail.activity's
        stored res_name): those of a confidential enquiry are renamed to its
        reference, as its assignee may not read it."""
        if not self:
            return
        activities = (
            self.env["mail.activity"]
            .sudo()
            .search([("res_model", "=", self._name), ("res_id", "in", self.ids)])
        )
        if activities:
            activities._compute_res_name()

    @api.model
    def _prepare_create_dates(self, vals, now):
        received = fields.Datetime.to_datetime(vals.get("date_received")) or now
        vals["date_received"] = received
        moved = fields.Datetime.to_datetime(vals.get("date_last_stage_update"))
        vals["date_last_stage_update"] = max(moved or received, received)
        stage = self.env["provide.assessment.stage"].browse(vals.get("stage_id"))
        closed = fields.Datetime.to_datetime(vals.get("date_closed"))
        if closed or stage.is_won or vals.get("active") is False:
            vals["date_closed"] = max(
                closed or max(now, vals["date_last_stage_update"]),
                vals["date_last_stage_update"],
            )

    @api.model
    def _next_reference(self, vals):
        """The next reference, its year that of the day the enquiry was
        received (ENQ/2011/… for an enquiry made at a 2011 conference),
        by the user's clock. `sequence_date` alone dates only a
        sequence numbered per year (date ranges): the prefix's %(year)s
        reads the `ir_sequence_date` context, so both are given."""
        company = self.env["res.company"].browse(vals.get("company_id"))
        received = fields.Datetime.context_timestamp(self, vals["date_received"])
        return (
            self.env["ir.sequence"]
            .with_company(company or self.env.company)
            .with_context(ir_sequence_date=received.date())
            .next_by_code("provide.enquiry", sequence_date=received.date())
        )

    def web_save(self, vals, specification, next_id=None):
        """What the form and the kanban save. A move one enquiry's gate refuses
        comes back with the way on: a button that opens its assessment. (Other
        paths, RPC and imports, get the plain message.)"""
        try:
            return super().web_save(vals, specification, next_id=next_id)
        except StageGateError as error:
            if len(error.enquiries) != 1:
                raise
            raise error.enquiries._gate_way_on(error, vals.get("stage_id")) from error

    def check_stage_move(self, stage_id, coop_id=False):
        """What the form's status bar asks before it shows a move: the gate's
        refusal, with its way on, while the bar still shows where the enquiry
        is (a move undone on screen after the server refused it could be left
        drawn on the bar)."""
        self.ensure_one()
        self.check_access("write")
        stage = self.env["provide.assessment.stage"].browse(stage_id).exists()
        if self.stage_id != stage:
            try:
                stage._check_can_enter(self, coop_id or self.coop_id.id)
            except StageGateError as error:
                raise self._gate_way_on(error, stage_id) from error
        return True

    def _gate_way_on(self, error, stage_id):
        """The gate's refusal of this enquiry's move to `stage_id` as the
        message with a button to what it misses."""
        self.ensure_one()
        if error.reason == "coop":
            way_on = RedirectWarning(
                error.args[0],
                self._launch_action(stage_id),
                self.env._("Record the co-op"),
            )
        else:
            way_on = RedirectWarning(
                error.args[0],
                self._gate_assessment_action(),
                self.env._("Open the assessment"),
            )
        # A refused move is a user's everyday step, not a server fault:
        # the server logs it as one line, not as an error with its
        # traceback (Odoo logs at an exception's own `loglevel`).
        way_on.loglevel = logging.INFO
        return way_on

    def _prepare_write_vals(self, vals, now):
        vals = dict(vals)
        if "active" in vals:
            if vals["active"]:
                vals.update(close_reason_id=False, date_closed=False)
            else:
                vals.setdefault("date_closed", now)
        without_partner = self.filtered(lambda enquiry: not enquiry.partner_id)
        if (
            without_partner
            and "partner_id" not in vals
            and (vals.get("email_from") or vals.get("contact_name"))
        ):
            enquirer = self._find_or_create_enquirers(
                [
                    {
                        "name": vals.get("contact_name")
                        or without_partner[:1].contact_name,
                        "email": vals.get("email_from"),
                        "phone": vals.get("phone"),
                        "company_id": without_partner[:1].company_id.id,
                    }
                ]
            )[0]
            if enquirer:
                super(ProvideEnquiry, without_partner).write(
                    {"partner_id": enquirer.id}
                )
        return vals

    def _stage_move_dates(self, vals, stage, now):
        """{enquiries: the dates of their move into `stage`}, for these
        enquiries written with `vals`: the last stage update and last touch
        now; open enquiries moved into a launched stage are launched now,
        moved out of it they are back in the pipeline; a card closed as not
        proceeding keeps the date it was closed (`vals` closing or reopening
        them date that)."""
        if not self:
            return {}
        dates = {"date_last_stage_update": now, "last_touch_date": now}
        if "date_closed" in vals:
            return {self: dates}
        to_date = self.filtered(
            lambda enquiry: enquiry.active and bool(enquiry.date_closed) != stage.is_won
        )
        dated = {self - to_date: dates}
        if to_date:
            dated[to_date] = dict(dates, date_closed=stage.is_won and now)
        return {enquiries: dates for enquiries, dates in dated.items() if enquiries}

    def _launch_coops(self, now):
        """The co-ops of the launched enquiries among these, not launched yet,
        are launched on the day their enquiry was (its close date)."""
        launched = self.filtered(
            lambda enquiry: enquiry.coop_id
            and enquiry.outcome == "won"
            and not enquiry.coop_id.date_launched
        )
        if not launched:
            return
        dates = {}
        for enquiry in launched.sorted("id"):
            dates.setdefault(
                enquiry.coop_id,
                fields.Date.context_today(self, enquiry.date_closed or now),
            )
        launched.coop_id._launch(dates)

    def _record_stage_moves(self, left, now):
        """Close the open stays of `left` now and open a stay in the current
        stage of each enquiry of `self`, from its last stage update: one
        search, one update and one insert for the whole batch."""
        # Stays are read-only to users: the move, checked by this write or
        # create, is what writes them.
        History = self.env["provide.enquiry.stage.history"].sudo()
        if left:
            History.search(
                [("enquiry_id", "in", left.ids), ("date_out", "=", False)]
            ).write({"date_out": now})
        staged = self.filtered("stage_id")
        if staged:
            History.create(
                [
                    {
                        "enquiry_id": enquiry.id,
                        "company_id": enquiry.company_id.id,
                        "stage_id": enquiry.stage_id.id,
                        "user_id": enquiry.user_id.id,
                        "date_in": enquiry.date_last_stage_update or now,
                    }
                    for enquiry in staged
                ]
            )

    def _schedule_stage_plan(self, left=None):
        """Schedule the activities of each enquiry's stage plan, once: an
        activity of the same type and summary still open on the enquiry is
        not repeated. The responsible comes from the plan's template (the
        enquiry's adviser when the template leaves it to the user) and the
        deadline from the company's working calendar.

        An enquiry that moved on (`left`: {enquiry id: the stage it left})
        no longer needs the activities the left stage's plan scheduled and
        nobody has changed since (see `mail.activity.write`), unless the new
        stage plans them too: they are returned for the caller to cancel
        (delete, as Odoo cancels an activity), and the move's line in the
        chatter names them. Activities an adviser added or changed stay.
        One search and one create for the batch."""
        left = left or {}
        Stage = self.env["provide.assessment.stage"]
        left_stages = Stage.union(*left.values())
        steps_of = self._stage_plan_steps(self.stage_id | left_stages)
        if not steps_of:
            return self.env["mail.activity"]
        templates = self.env["mail.activity.plan.template"].union(*steps_of.values())
        # As superuser: the user may write these enquiries (checked by the
        # write that moved them, or they are being created), which in Odoo's
        # rules lets them see and cancel every activity on them.
        open_activities = (
            self.env["mail.activity"]
            .sudo()
            .search_fetch(
                [
                    ("res_model", "=", self._name),
                    ("res_id", "in", self.ids),
                    ("activity_type_id", "in", templates.activity_type_id.ids),
                ],
                [
                    "res_id",
                    "activity_type_id",
                    "summary",
                    "automated",
                    "date_deadline",
                ],
                order="date_deadline, id",
            )
        )
        plan_keys = {
            stage: steps._provide_keys()
            for stage in self.stage_id | left_stages
            if (steps := steps_of.get(stage.activity_plan_id))
        }
        cancelled_ids = []
        open_keys = set()
        for activity in open_activities:
            key = (activity.activity_type_id.id, activity.summary or "")
            enquiry = self.browse(activity.res_id)
            if (
                # Planned by the app, and not changed by a person since.
                activity.automated
                and key in plan_keys.get(left.get(enquiry.id), ())
                and key not in plan_keys.get(enquiry.stage_id, ())
            ):
                cancelled_ids.append(activity.id)
            else:
                open_keys.add((enquiry.id, *key))
        cancelled = open_activities.browse(cancelled_ids)
        today = fields.Date.context_today(self)
        vals_list = []
        for (stage, company), enquiries in (
            self.filtered("stage_id")
            .grouped(lambda enquiry: (enquiry.stage_id, enquiry.company_id))
            .items()
        ):
            stage_templates = steps_of.get(stage.activity_plan_id)
            if not stage_templates:
                continue
            deadlines = stage._plan_deadlines(stage_templates, company, today)
            vals_list += stage_templates._provide_activity_vals(
                enquiries, deadlines, open_keys
            )
        if vals_list:
            # A move has touched its enquiries at its own time already: the
            # activities it plans do not touch them again a moment later.
            self.env["mail.activity"].with_context(
                mail_activity_quick_update=True,
                provide_activity_no_touch=bool(left),
            ).create(vals_list)
        return cancelled

    @api.model
    def _stage_plan_steps(self, stages):
        """{plan: its steps} of the activity plans of `stages`, read with
        what scheduling them needs in one query (the plans' `template_ids`
        and then their fields would take two)."""
        plans = stages.activity_plan_id
        if not plans:
            return {}
        steps = self.env["mail.activity.plan.template"].search_fetch(
            [("plan_id", "in", plans.ids)],
            [
                "plan_id",
                "activity_type_id",
                "summary",
                "note",
                "delay_count",
                "delay_unit",
                "delay_from",
                "responsible_type",
                "responsible_id",
            ],
        )
        return steps.grouped("plan_id")

    def _cancelled_plan_notes(self, activities, left):
        """{enquiry id: a note naming its cancelled `activities`}, for the
        chatter line of the move that cancelled them."""
        notes = {}
        for enquiry_id, cancelled in activities.grouped("res_id").items():
            items = "; ".join(
                self.env._(
                    "%(activity)s, due %(date)s",
                    activity=activity.summary or activity.activity_type_id.name,
                    date=format_date(self.env, activity.date_deadline),
                )
                for activity in cancelled
            )
            notes[enquiry_id] = Markup("<p>%s</p>") % self.env._(
                "Planned in “%(stage)s” and cancelled with this move: "
                "%(activities)s.",
                stage=left[enquiry_id].name,
                activities=items,
            )
        return notes

    # ------------------------------------------------------------------
    # Actions
    # ------------------------------------------------------------------

    def action_close(self):
        """Open the wizard that closes enquiries as not proceeding."""
        return {
            "type": "ir.actions.act_window",
            "name": self.env._("Close as not proceeding"),
            "res_model": "provide.enquiry.close",
            "view_mode": "form",
            "target": "new",
            "context": {"active_model": self._name, "active_ids": self.ids},
        }

    def action_archive(self):
        # Archiving an enquiry means closing it, which needs a reason.
        if self.filtered(lambda e: e.active and not e.close_reason_id):
            return self.action_close()
        return super().action_archive()

    def action_reopen(self):
        self.write({"active": True})
        return True

    def _close(self, reason, note=False):
        self.write({"close_reason_id": reason.id, "active": False})
        if note:
            for enquiry in self:
                enquiry.message_post(body=note, subtype_xmlid="mail.mt_note")
        return True

    def action_open_assessment(self):
        """Open the current assessment, or start one when there is none."""
        self.ensure_one()
        assessment = self.assessment_id
        if not assessment:
            assessment = self.env["provide.assessment"].create({"enquiry_id": self.id})
        return {
            "type": "ir.actions.act_window",
            "name": self.env._("Assessment"),
            "res_model": "provide.assessment",
            "res_id": assessment.id,
            "view_mode": "form",
            "target": "current",
        }

    def _gate_assessment_action(self):
        """The enquiry's current assessment, or a new one, in a form (nothing
        is created until the adviser saves it)."""
        self.ensure_one()
        action = {
            "type": "ir.actions.act_window",
            "name": self.env._("Assessment"),
            "res_model": "provide.assessment",
            "views": [(False, "form")],
            "target": "current",
        }
        if self.assessment_id:
            action["res_id"] = self.assessment_id.id
        else:
            action["context"] = {"default_enquiry_id": self.id}
        return action

    def _launch_action(self, stage_id=False):
        """The wizard that records the co-op this enquiry launched and moves
        it into the launched stage (`stage_id`, else the first stage that
        launches co-ops; none when the enquiry is launched already)."""
        self.ensure_one()
        context = {"default_enquiry_id": self.id}
        if not self.stage_is_won:
            stage = self.env["provide.assessment.stage"].browse(stage_id)
            if not stage.is_won:
                stage = self.env["provide.assessment.stage"].search(
                    [("is_won", "=", True)], order="requires_coop desc", limit=1
                )
            context["default_stage_id"] = stage.id
        return {
            "type": "ir.actions.act_window",
            "name": self.env._("Launch the co-op"),
            "res_model": "provide.coop.launch",
            "views": [(False, "form")],
            "target": "new",
            "context": context,
        }

    def action_launch(self):
        return self._launch_action()

    def action_view_coop(self):
        self.ensure_one()
        return {
            "type": "ir.actions.act_window",
            "name": self.coop_id.name,
            "res_model": "provide.coop",
            "res_id": self.coop_id.id,
            "views": [(False, "form")],
        }

    @api.model
    def action_pipeline(self):
        """The pipeline as each person opens it: an adviser their own
        enquiries, a manager every open enquiry. The empty board says which
        filter is on and how to see more."""
        action = self.env["ir.actions.act_window"]._for_xml_id(
            "provide_coop.provide_enquiry_action"
        )
        if self.env.user.has_group("provide_coop.group_provide_manager"):
            action["context"] = {"search_default_open": 1}
            title = self.env._("No open enquiry")
            hint = self.env._(
                "You are looking at “Open” enquiries. Remove that filter in the "
                "search bar to see launched co-ops and closed enquiries too, or "
                "log a new enquiry."
            )
        else:
            action["context"] = {"search_default_my_enquiries": 1}
            title = self.env._("No enquiry of yours yet")
            hint = self.env._(
                "You are looking at “My Enquiries”. Remove that filter in the "
                "search bar to see the whole team's pipeline, or log a new enquiry."
            )
        action["help"] = Markup(
            '<p class="o_view_nocontent_smiling_face">%s</p><p>%s</p>'
        ) % (title, hint)
        # The web client finds the app's menu bar by the action's id: this
        # one's, which the Pipeline menu and the users' home action name.
        action["id"] = self.env.ref("provide_coop.provide_enquiry_action_pipeline").id
        return action

    @api.model
    def action_stalled(self):
        """Stalled enquiries, with the stall period in the title and the
        empty page, so a manager knows what "stalled" means here."""
        action = self.env["ir.actions.act_window"]._for_xml_id(
            "provide_coop.provide_enquiry_action_stalled"
        )
        days = self._stall_days()
        action["name"] = self.env._(
            "Stalled Enquiries: untouched for %(days)s days", days=days
        )
        action["help"] = Markup(
            '<p class="o_view_nocontent_smiling_face">%s</p><p>%s</p>'
        ) % (
            self.env._("Nothing has stalled"),
            self.env._(
                "Open enquiries with no stage move, activity or message for "
                "%(days)s days show here. The period is set in the settings "
                "(Stalled After).",
                days=days,
            ),
        )
        return action

    def action_view_assessments(self):
        self.ensure_one()
        return {
            "type": "ir.actions.act_window",
            "name": self.env._("Assessments"),
            "res_model": "provide.assessment",
            "view_mode": "list,form",
            "domain": [("enquiry_id", "=", self.id)],
            "context": {"default_enquiry_id": self.id},
        }

    def action_view_feasibility_studies(self):
        self.ensure_one()
        action = self.env["ir.actions.act_window"]._for_xml_id(
            "provide_coop.provide_feasibility_study_action"
        )
        action["domain"] = [("enquiry_id", "=", self.id)]
        action["context"] = {"default_enquiry_id": self.id}
        return action

    # ------------------------------------------------------------------
    # Chatter: the tracking lines of a batch of moves; messages and
    # activities count as touching the enquiry
    # ------------------------------------------------------------------

    def _log_stage_moves(self, left_stages, notes=None):
        """Log "Stage: A → B" in the chatter of each of these enquiries, as
        Odoo's tracking does (a note by the current user with a tracking
        value of `stage_id`), for the whole batch in one insert of messages
        and one of tracking values: moving a column on the kanban costs the
        same whatever its size. Odoo's switches to write without tracking
        (`mail_notrack`, `tracking_disable`) apply.

        :param dict left_stages: {enquiry id: the stage it left}
        :param dict notes: {enquiry id: the line's text}, when it has one
        """
        context = self.env.context
        if not self or context.get("mail_notrack") or context.get("tracking_disable"):
            return
        notes = notes or {}
        messages = self._message_log_batch(
            {enquiry.id: notes.get(enquiry.id, "") for enquiry in self}
        )
        col_info = self.fields_get(["stage_id"], attributes=("string", "type"))
        Tracking = self.env["mail.tracking.value"]
        # Tracking values are the system's records, as Odoo's own tracking
        # writes them; the write above checked the user's right to move these.
        Tracking.sudo().create(
            [
                dict(
                    Tracking._create_tracking_values(
                        left_stages[enquiry.id],
                        enquiry.stage_id,
                        "stage_id",
                        col_info["stage_id"],
                        enquiry,
                    ),
                    mail_message_id=message.id,
                )
                for enquiry, message in zip(self, messages, strict=True)
            ]
        )

    def _message_create(self, values_list):
        messages = super()._message_create(values_list)
        touched = {
            message.res_id
            for message in messages
            if message.model == self._name
            and message.message_type in ("comment", "email")
        }
        self._touch(touched)
        return messages

    @api.model
    def _touch(self, ids):
        """Mark enquiries as touched now, in one statement for the batch and
        without a tracking message of its own."""
        ids = sorted(i for i in ids if i)
        if not ids:
            return
        self.flush_model(["last_touch_date"])
        self.env.cr.execute(
            SQL(
                "UPDATE provide_enquiry SET last_touch_date = %s WHERE id IN %s",
                fields.Datetime.now(),
                tuple(ids),
            )
        )
        self.browse(ids).invalidate_recordset(["last_touch_date"])

    @api.model
    def _int_param(self, key, default):
        """An integer setting (ir.config_parameter), or `default` when it is
        unset or not a number."""
        value = self.env["ir.config_parameter"].sudo().get_param(key, default)
        try:
            return int(value)
        except (TypeError, ValueError):
            return default

    @api.model
    def _stall_days(self):
        return max(self._int_param("provide_coop.stall_days", DEFAULT_STALL_DAYS), 1)

    @api.model
    def _stall_limit(self):
        return fields.Datetime.now() - timedelta(days=self._stall_days())

    # ------------------------------------------------------------------
    # Contacts
    # ------------------------------------------------------------------

    @api.model
    def _set_enquirers(self, vals_list):
        """Give every enquiry typed without a contact its enquirer's contact."""
        without_partner = [vals for vals in vals_list if not vals.get("partner_id")]
        partners = self._find_or_create_enquirers(
            [
                {
                    "name": vals.get("contact_name"),
                    "email": vals.get("email_from"),
                    "phone": vals.get("phone"),
                    "company_id": vals.get("company_id") or self.env.company.id,
                }
                for vals in without_partner
            ]
        )
        for vals, partner in zip(without_partner, partners, strict=True):
            if partner:
                vals["partner_id"] = partner.id
        # Someone who works for a council speaks about its services: the
        # council is the enquiry's local authority unless one was given.
        # One read for the batch: the partners share their prefetch.
        partners = self.env["res.partner"].browse(
            [vals["partner_id"] for vals in vals_list if vals.get("partner_id")]
        )
        for vals in vals_list:
            if vals.get("partner_id") and "local_authority_id" not in vals:
                organisation = (
                    partners.browse(vals["partner_id"])
                    .with_prefetch(partners._prefetch_ids)
                    .commercial_partner_id
                )
                if organisation.is_local_authority:
                    vals["local_authority_id"] = organisation.id

    @api.model
    def _find_or_create_enquirers(self, people):
        """Contacts for a batch of people (dicts with name, email and optional
        phone, company_id, company_name), in the same order. The one place
        where an enquirer becomes a contact.

        A contact with the same e-mail (compared normalised, so case and
        display names do not matter) is reused; for someone who gives no
        e-mail, a contact with the same phone number (compared as Odoo's
        phone validation formats it, so spaces and the national prefix do not
        matter). Only contacts of the person's company (`company_id`, the
        enquiry's; the current company when not given) or shared by every
        company (no company, as Odoo treats them) are reused, the company's
        own first: an agency never files its enquiries under another
        agency's contacts. Otherwise one contact of that company is created,
        once per person even when the batch names them twice, as a person of
        the company contact of that company that bears the organisation name
        they gave, where there is one. With neither a name, an e-mail nor a
        phone there is nobody to record (an empty recordset). Three searches
        and one create at most, whatever the size of the batch (one more per
        further company in the batch).
        """
        Partner = self.env["res.partner"]
        for person in people:
            self._check_email_value(person.get("email"))
        companies = [
            person.get("company_id") or self.env.company.id for person in people
        ]
        keys = self._enquirer_keys(people, companies)
        found = self._find_enquirers(keys)
        to_create, created_keys = [], []
        for index, (person, key) in enumerate(zip(people, keys, strict=True)):
            name = (person.get("name") or "").strip()
            key = key or ("person", index)
            if key in found or key in created_keys or not (name or key[0] != "person"):
                continue
            created_keys.append(key)
            to_create.append(
                {
                    "name": name or person.get("email") or person.get("phone"),
                    "email": person.get("email") or False,
                    "phone": person.get("phone") or False,
                    "company_id": companies[index],
                    "company_name": person.get("company_name") or False,
                }
            )
        self._join_known_organisations(to_create)
        found.update(zip(created_keys, Partner.create(to_create), strict=True))
        return [
            found.get(key or ("person", index), Partner)
            for index, key in enumerate(keys)
        ]

    @api.model
    def _enquirer_keys(self, people, companies):
        """How each person is recognised in their company: (company id,
        "email", normalised address), (company id, "phone", phone key) when
        they give no e-mail, None when they give neither."""
        Partner = self.env["res.partner"]
        keys = []
        for person, company_id in zip(people, companies, strict=True):
            email = email_normalize(person["email"]) if person.get("email") else False
            phone = not email and Partner._provide_phone_key(person.get("phone"))
            keys.append(
                (company_id, "email", email)
                if email
                else (company_id, "phone", phone)
                if phone
                else None
            )
        return keys

    @api.model
    def _find_enquirers(self, keys):
        """{key: contact} of the existing contacts of `keys`: one search by
        e-mail and one by phone for the batch. A company's own oldest
        contact, else the oldest shared by every company."""
        found = {}
        for kind, field in (
            ("email", "email_normalized"),
            ("phone", "provide_phone_key"),
        ):
            values = {key[2] for key in filter(None, keys) if key[1] == kind}
            if not values:
                continue
            wanted = {key[0] for key in filter(None, keys) if key[1] == kind}
            shared = {}
            for partner in self.env["res.partner"].search(
                [
                    (field, "in", list(values)),
                    ("company_id", "in", [*wanted, False]),
                ],
                order="id desc",
            ):
                # Ordered newest first, so the oldest contact wins.
                if partner.company_id:
                    found[(partner.company_id.id, kind, partner[field])] = partner
                else:
                    shared[partner[field]] = partner
            # A contact shared by every company serves a company that has
            # none of its own.
            for key in filter(None, keys):
                if key[1] == kind and key not in found and key[2] in shared:
                    found[key] = shared[key[2]]
        return found

    @api.model
    def _join_known_organisations(self, to_create):
        """A new contact joins the organisation already known under the name
        they gave, in their company (a councillor booking becomes a person
        of the council): sets `parent_id` in the values `to_create`."""
        Partner = self.env["res.partner"]
        for company_id in sorted({vals["company_id"] for vals in to_create}):
            batch = [vals for vals in to_create if vals["company_id"] == company_id]
            organisations = Partner._provide_find_organisations(
                [vals["company_name"] for vals in batch if vals["company_name"]],
                company=self.env["res.company"].browse(company_id),
            )
            for vals in batch:
                organisation = organisations.get(
                    Partner._provide_organisation_key(vals["company_name"])
                )
                if organisation:
                    vals.update(parent_id=organisation.id, company_name=False)

    # ------------------------------------------------------------------
    # Duplicates: the enquirer's other enquiries and similar ones
    # ------------------------------------------------------------------

    def _similar_enquiry_domain(self):
        self.ensure_one()
        criteria = []
        if self.partner_id:
            criteria.append([("partner_id", "=", self.partner_id.id)])
        if self.local_authority_id and self.sector_id:
            criteria.append(
                [
                    ("local_authority_id", "=", self.local_authority_id.id),
                    ("sector_id", "=", self.sector_id.id),
                ]
            )
        if not criteria:
            return [(0, "=", 1)]
        return [
            ("outcome", "=", "open"),
            ("id", "!=", self._origin.id or 0),
            *expression.OR(criteria),
        ]

    def action_view_similar_enquiries(self):
        """The similar open enquiries: the one itself when there is one, as
        CRM's similar leads."""
        self.ensure_one()
        similar = self.search(self._similar_enquiry_domain())
        action = {
            "type": "ir.actions.act_window",
            "name": self.env._("Similar open enquiries"),
            "res_model": self._name,
        }
        if len(similar) == 1:
            return dict(action, res_id=similar.id, views=[(False, "form")])
        return dict(
            action,
            views=[(False, "list"), (False, "kanban"), (False, "form")],
            domain=[("id", "in", similar.ids)],
        )

    def action_view_partner_open_enquiries(self):
        """The enquirer's other open enquiries."""
        self.ensure_one()
        return {
            "type": "ir.actions.act_window",
            "name": self.env._("Open enquiries of %(name)s", name=self.partner_id.name),
            "res_model": self._name,
            "view_mode": "list,kanban,form",
            "views": [(False, "list"), (False, "kanban"), (False, "form")],
            "domain": [
                ("partner_id", "=", self.partner_id.id),
                ("outcome", "=", "open"),
                ("id", "!=", self.id),
            ],
            "context": {"default_partner_id": self.partner_id.id},
        }

    # ------------------------------------------------------------------
    # Mail gateway: a message to the enquiries alias becomes an enquiry
    # ------------------------------------------------------------------

    @api.model
    def _routing_check_route(self, message, message_dict, route, raise_exception=True):
        """Refuse, silently, what must not become an enquiry: automatic mail
        (out-of-office and other auto-replies, RFC 3834), a sender on Odoo's
        blacklist, and a message without a sender address (nobody to answer).
        Answering any of them could start a mail loop, so nothing is sent
        back either. Replies to an existing enquiry are routed elsewhere and
        still land in its chatter."""
        if not route[1]:
            reason = self._mail_gateway_refusal(message, message_dict)
            if reason:
                _logger.info(
                    "Enquiry not created from message %s (from %s): %s",
                    message_dict.get("message_id"),
                    message_dict.get("email_from"),
                    reason,
                )
                return ()
        return super()._routing_check_route(
            message, message_dict, route, raise_exception=raise_exception
        )

    @api.model
    def _mail_gateway_refusal(self, message, message_dict):
        """Why an incoming message must not create an enquiry, or False."""
        auto_submitted = (message.get("Auto-Submitted") or "").strip().lower()
        if (
            (auto_submitted and auto_submitted != "no")
            or message.get("X-Autoreply")
            or message.get("X-Autorespond")
            or (message.get("Precedence") or "").strip().lower() == "auto_reply"
        ):
            return "automatic reply"
        email = email_normalize(message_dict.get("email_from") or "")
        if not email:
            return "no sender address"
        if self.env["mail.blacklist"].sudo().search_count([("email", "=", email)]):
            return "sender on the blacklist"
        return False

    @api.model
    def message_new(self, msg_dict, custom_values=None):
        """An enquiry from a message to the enquiries alias: the subject is
        the opportunity, the body what the enquirer said, the sender the
        contact (found by e-mail or created), in the stage and with the
        adviser set in the settings (none: unassigned, for triage). The
        gateway then posts the message, attachments included, on it."""
        sender_name, sender_email = (
            email_split_tuples(msg_dict.get("email_from") or "") or [("", "")]
        )[0]
        sender_email = email_normalize(sender_email) or False
        sender = sender_name or sender_email or self.env._("unknown sender")
        body = html2plaintext(msg_dict.get("body") or "").strip()
        settings = self._mail_gateway_settings()
        values = {
            "name": (msg_dict.get("subject") or "").strip()
            or self.env._("Enquiry from %(sender)s", sender=sender),
            "service_description": body or False,
            "contact_name": sender_name or sender_email,
            "email_from": sender_email,
            "source": "email",
            # Not the gateway's user: the adviser set for e-mail, or nobody.
            "user_id": settings["user"].id,
        }
        if settings["stage"]:
            values["stage_id"] = settings["stage"].id
        values.update(custom_values or {})
        # Not super(): mail.thread would store the sender's whole "Name
        # <address>" line as the e-mail; the enquiry keeps them apart.
        enquiry = self.create(values)
        if not msg_dict.get("author_id") and enquiry.partner_id:
            # The message is posted next, as written by the new contact.
            msg_dict["author_id"] = enquiry.partner_id.id
        return enquiry

    @api.model
    def _mail_gateway_settings(self):
        """The stage and adviser of enquiries that arrive by e-mail, as set
        in the settings; a record deleted since is ignored."""
        result = {}
        for key, model, param in (
            ("stage", "provide.assessment.stage", "provide_coop.email_stage_id"),
            ("user", "res.users", "provide_coop.email_user_id"),
        ):
            record_id = self._int_param(param, 0)
            result[key] = self.env[model].sudo().browse(record_id).exists()
        return result

    # ------------------------------------------------------------------
    # Case studies: suggested on the form, sent to the enquirer
    # ------------------------------------------------------------------

    def mail_allowed_qweb_expressions(self):
        # Placeholders a manager who is not a Mail Template Editor may use.
        return (
            *super().mail_allowed_qweb_expressions(),
            "object.reference",
            "object.company_id.name",
            "object.company_id.email_formatted",
            "object.partner_id.id",
            "object.partner_id.lang",
            "object.partner_id.provide_salutation",
            "object.provide_withdraw_link",
        )

    def _provide_booklet_studies(self):
        """The studies an enquiry's booklet holds: its published ones."""
        return self.case_study_ids._provide_booklet_studies()

    def action_provide_send_case_studies(self):
        """Odoo's composer with the case-study template: the booklet of the
        enquiry's published studies attached as one PDF, for the enquirer."""
        self.ensure_one()
        if not self._provide_booklet_studies():
            raise UserError(
                self.env._(
                    "Attach a published case study to “%(name)s” first: only "
                    "published studies are sent to enquirers.",
                    name=self.name,
                )
            )
        template = self.env.ref(
            "provide_coop.mail_template_provide_case_studies",
            raise_if_not_found=False,
        )
        return {
            "type": "ir.actions.act_window",
            "name": self.env._("Send case studies"),
            "res_model": "mail.compose.message",
            "view_mode": "form",
            "views": [(False, "form")],
            "target": "new",
            "context": {
                "default_model": self._name,
                "default_res_ids": self.ids,
                "default_composition_mode": "comment",
                "default_template_id": template.id if template else False,
                "default_email_layout_xmlid": "mail.mail_notification_light",
                "force_email": True,
            },
        }

    # ------------------------------------------------------------------
    # Web intake: enquiries sent from the public page (/coop/enquiry)
    # ------------------------------------------------------------------

    @api.model
    def _web_consent_statement(self):
        """The consent statement the public page shows: its agency's."""
        return self.env["provide.consent.statement"]._current("web")

    @api.model
    def _web_intake_settings(self):
        number = self._int_param
        return {
            "min_seconds": number("provide_coop.web_min_seconds", WEB_MIN_SECONDS),
            "rate_limit": number("provide_coop.web_rate_limit", WEB_RATE_LIMIT),
            "triage_user": self.env["res.users"]
            .sudo()
            .browse(number("provide_coop.web_triage_user_id", 0))
            .exists()
            .filtered(lambda user: user.active and not user.share),
        }

    @api.model
    def _web_intake_create(self, form, statement, ip_address):
        """The contact, the enquiry and the consent record for a form sent from
        the public page, checked by the page first. Run as the superuser in a
        savepoint by the page: it makes all three or none.

        The enquiry starts unassigned in the first stage, source Website; the
        triage adviser (a setting) gets a new-enquiry activity and the enquirer
        a confirmation e-mail. A council typed by the enquirer becomes the
        local authority when it is one we know; otherwise the name stays in
        the description for the adviser to match."""
        # The agency the page belongs to (the website's company when Website
        # is installed): its contacts, councils and pipeline, no other's.
        company = self.env.company
        env = self.env(user=SUPERUSER_ID, su=True)
        Enquiry = env["provide.enquiry"].with_context(
            mail_create_nolog=True, mail_create_nosubscribe=True, mail_notrack=True
        )
        partner = Enquiry._find_or_create_enquirers(
            [
                {
                    "name": form["name"],
                    "email": form["email"],
                    "phone": form.get("phone"),
                    "company_id": company.id,
                    "company_name": form.get("organisation"),
                }
            ]
        )[0]
        vals = Enquiry._web_enquiry_values(form, partner, company)
        vals["lawful_basis"] = "consent"
        vals["consent_ids"] = [
            Command.create(
                {
                    "partner_id": partner.id,
                    "channel": "web",
                    **statement._consent_values(),
                }
            )
        ]
        enquiry = Enquiry.create(vals)
        enquiry._message_log(
            body=self.env._("Sent from the public enquiry page."),
            author_id=partner.id,
        )
        env["provide.web.submission"].create(
            {
                "ip_address": ip_address,
                "email_normalized": email_normalize(form["email"]),
                "company_id": company.id,
            }
        )
        enquiry._web_intake_notify()
        return enquiry.with_env(self.env)

    @api.model
    def _web_enquiry_values(self, form, partner, company):
        """The enquiry's values from the form: unassigned until triage (the
        page is not an adviser), the council as local authority when we
        know it as one, the campaign of the link the enquirer followed."""
        Partner = self.env["res.partner"]
        authority = Partner
        if form.get("authority"):
            key = Partner._provide_organisation_key(form["authority"])
            authority = Partner._provide_find_organisations(
                [form["authority"]], company=company
            ).get(key, Partner)
        description = form["service"]
        if form.get("authority") and not authority.is_local_authority:
            description = self.env._(
                "%(description)s\n\nRun today by: %(authority)s",
                description=description,
                authority=form["authority"],
            )
        vals = {
            "name": self._web_enquiry_name(form["service"]),
            "company_id": company.id,
            "partner_id": partner.id,
            "contact_name": form["name"],
            "email_from": form["email"],
            "phone": form.get("phone") or False,
            "enquirer_type": form.get("enquirer_type") or False,
            "source": "web",
            "sector_id": int(form["sector_id"]) if form.get("sector_id") else False,
            "service_description": description,
            "workforce_size": int(form["workforce"]) if form.get("workforce") else 0,
            "user_id": False,
        }
        if authority.is_local_authority:
            vals["local_authority_id"] = authority.id
        Utm = self.env["utm.mixin"]
        for param, field, _cookie in Utm.tracking_fields():
            if form.get(param):
                comodel = self._fields[field].comodel_name
                vals[field] = Utm._find_or_create_record(comodel, form[param]).id
        return vals

    def _web_intake_notify(self):
        """A new enquiry from the page: the triage adviser (a setting) gets
        an activity to triage it, the enquirer a confirmation e-mail."""
        triage_user = self._web_intake_settings()["triage_user"]
        if triage_user:
            self.activity_schedule(
                "mail.mail_activity_data_todo",
                summary=self.env._("New enquiry from the website: triage it"),
                user_id=triage_user.id,
            )
        template = self.env.ref(
            "provide_coop.mail_template_provide_web_enquiry_received",
            raise_if_not_found=False,
        )
        if template:
            self._provide_send_template(template)

    @api.model
    def _web_enquiry_name(self, service):
        """The enquiry's name: the first line of what the enquirer wrote about
        the service, shortened to fit a kanban card."""
        first_line = next(
            (line.strip() for line in service.splitlines() if line.strip()), ""
        )
        if len(first_line) > WEB_NAME_LENGTH:
            first_line = first_line[: WEB_NAME_LENGTH - 1].rstrip() + "…"
        return first_line or self.env._("Enquiry from the website")

    # ------------------------------------------------------------------
    # Personal data: consent, and no e-mail to whoever withdrew it
    # ------------------------------------------------------------------

    def _provide_record_staff_consent(self):
        """Enquiries whose adviser picked consent as the lawful basis get a
        consent record of what the enquirer agreed to on the phone or by
        e-mail (their agency's staff statement). The web page and
        conference bookings record their own."""
        todo = self.filtered(
            lambda e: e.lawful_basis == "consent"
            and e.partner_id
            and not e.registration_id
        )
        if not todo:
            return
        todo = todo.filtered(lambda e: not e.consent_ids)
        if not todo:
            return
        Statement = self.env["provide.consent.statement"]
        statements = {
            company: Statement._current("staff", company)._consent_values()
            for company in todo.company_id
        }
        self.env["provide.consent"].sudo().create(
            [
                {
                    "partner_id": enquiry.partner_id.id,
                    "enquiry_id": enquiry.id,
                    "channel": "email" if enquiry.source == "email" else "phone",
                    **statements[enquiry.company_id],
                }
                for enquiry in todo
            ]
        )

    def action_withdraw_consent(self):
        """The enquirer tells an adviser they withdraw their consent."""
        self.check_access("write")
        consents = self.sudo().consent_ids
        if not consents:
            raise UserError(
                self.env._("There is no consent on record for this enquiry.")
            )
        consents.with_user(self.env.user)._withdraw("staff")
        return True

    def _provide_send_template(self, template):
        """Send `template` about each enquiry, except to enquirers the app
        must not write to (consent withdrawn, blacklisted, forgotten)."""
        blocked = self.env["provide.consent"]._provide_blocked_emails(
            self.mapped("email_from")
        )
        allowed = self.filtered(
            lambda enquiry: email_normalize(enquiry.email_from or "") not in blocked
        )
        if allowed:
            template.send_mail_batch(
                allowed.ids, email_layout_xmlid="mail.mail_notification_light"
            )

    def _notify_get_recipients(self, message, msg_vals, **kwargs):
        """No e-mail to a contact the app must not write to: replies and
        notifications from the chatter skip them. Internal users are never
        an enquirer held on consent, so only other contacts are looked up
        (no query when there are none)."""
        recipients = super()._notify_get_recipients(message, msg_vals, **kwargs)
        outside = [
            r["id"] for r in recipients if r.get("notif") == "email" and r.get("share")
        ]
        if not outside:
            return recipients
        partners = self.env["res.partner"].sudo().browse(outside)
        blocked = self.env["provide.consent"]._provide_blocked_emails(
            partners.mapped("email")
        )
        if not blocked:
            return recipients
        blocked_ids = {
            partner.id for partner in partners if partner.email_normalized in blocked
        }
        return [r for r in recipients if r["id"] not in blocked_ids]

    # ------------------------------------------------------------------
    # Merging duplicates
    # ------------------------------------------------------------------

    # At most five at once, as CRM: a mistaken merge stays small.
    _merge_max = 5
    # Many2one fields to the enquiry that stay with the enquiry they belong
    # to when it is merged into another: its own time in each stage.
    _merge_keep = {("provide.enquiry.stage.history", "enquiry_id")}
    # Fields of the kept enquiry filled from the others when empty.
    _merge_fill = (
        "partner_id",
        "contact_name",
        "email_from",
        "phone",
        "enquirer_type",
        "sector_id",
        "local_authority_id",
        "workforce_size",
        "annual_contract_value",
        "user_id",
        "event_id",
        "registration_id",
        "event_rule_id",
        "campaign_id",
        "medium_id",
        "source_id",
        "coop_id",
    )

    def _merge_links(self):
        """Every stored field of the database that points to enquiries and
        moves with a merge, found in the registry, so that models added
        later (by this addon or another) move too: [(model, field)]."""
        links = []
        for model_name in self.env.registry:
            Model = self.env[model_name]
            if Model._abstract or Model._transient or not Model._auto:
                continue
            for field in Model._fields.values():
                if not field.store or field.compute or field.inherited:
                    continue
                if (model_name, field.name) in self._merge_keep:
                    continue
                if field.type in ("many2one", "many2many") and (
                    field.comodel_name == self._name
                ):
                    links.append((model_name, field))
                elif (
                    field.type == "many2one_reference"
                    and model_name != "mail.followers"  # joined, not moved
                    and Model._fields[field.model_field].type == "char"
                    and Model._fields[field.model_field].store
                ):
                    links.append((model_name, field))
        return links

    def _merge_recreate(self, records, field):
        """Re-create `records`, whose model refuses to point them at another
        document, on this enquiry through the model's own copy (its create
        and its checks) and delete them: the files attached to them follow
        their copy. A record the model will not copy either (a scheduled
        message already due) stops the merge with the model's reason."""
        try:
            with self.env.cr.savepoint():
                copies = records.copy({field.name: self.id})
        except (UserError, ValidationError) as error:
            raise UserError(
                self.env._(
                    "%(what)s of a merged enquiry cannot be moved: %(reason)s",
                    what=records._description,
                    reason=error.args[0],
                )
            ) from error
        Attachment = self.env["ir.attachment"]
        attachments = Attachment.search(
            [("res_model", "=", records._name), ("res_id", "in", records.ids)]
        )
        new_ids = dict(zip(records.ids, copies.ids, strict=True))
        for res_id, files in attachments.grouped("res_id").items():
            files.write({"res_id": new_ids[res_id]})
        records.unlink()

    @api.returns("self", lambda value: value.id)
    def merge_enquiries(self, target_id=None):
        """Merge these enquiries (two to five, of one agency) into one, as
        CRM's `merge_opportunity` does: the enquiry `target_id` is kept, by
        default the furthest along the pipeline. Public (the merge wizard,
        scripts over RPC): the user must be allowed to change every one of
        them. Returns the kept enquiry (its id over RPC)."""
        self._merge_check()
        target = self._merge_target() if target_id is None else self.browse(target_id)
        if target not in self:
            raise UserError(self.env._("Pick which of the enquiries to keep."))
        # The move itself reaches records (bookings, messages) the user may
        # not write: they must be allowed to change every enquiry merged.
        self.check_access("write")
        return target._merge(self - target)

    def _merge_check(self):
        """Refuse a merge of fewer than two enquiries, more than five (as
        CRM, to keep a mistake small) or of different agencies."""
        if not 2 <= len(self) <= self._merge_max:
            raise UserError(
                self.env._(
                    "Pick between 2 and %(max)s enquiries to merge.",
                    max=self._merge_max,
                )
            )
        if len(self.company_id) > 1:
            raise UserError(
                self.env._(
                    "These enquiries belong to different agencies (%(companies)s): "
                    "they cannot be merged.",
                    companies=", ".join(self.company_id.mapped("name")),
                )
            )

    def _merge_target(self):
        """The enquiry a merge keeps by default: the furthest along the
        pipeline, then the oldest, as CRM keeps the most advanced
        opportunity."""
        return self.sorted(
            lambda e: (-e.stage_id.sequence, e.date_received or e.create_date, e.id)
        )[:1]

    def _merge(self, others):
        """Merge `others` into this enquiry: every record that points to
        them (messages, attachments, activities, assessments, studies,
        support members, bookings, consents, and whatever else points to an
        enquiry) now points here, followers and many2many links (tags, case
        studies) are joined, empty fields are filled from them; then they
        are closed as merged, with a note and a link here. The caller checks
        the user may change them all (`merge_enquiries`)."""
        self.ensure_one()
        env = self.env(su=True, context={"active_test": False, "mail_notrack": True})
        me, others = self.with_env(env), (others - self).with_env(env)
        (me | others)._merge_check()
        me._merge_dependences(others)
        me.write(me._merge_data(others))
        me._merge_followers(others)
        me._merge_log_summary(others)
        return self

    def _merge_dependences(self, others):
        """Point here every record that points to `others` (`_merge_links`):
        a many2one or a document link is moved, a many2many link swapped."""
        self.ensure_one()
        for model_name, field in self._merge_links():
            domain = [(field.name, "in", others.ids)]
            if field.type == "many2one_reference":
                domain.append((field.model_field, "=", self._name))
            records = self.env[model_name].search(domain)
            if not records:
                continue
            if field.type == "many2one":
                records.write({field.name: self.id})
            elif field.type == "many2one_reference":
                try:
                    with self.env.cr.savepoint():
                        records.write({field.name: self.id})
                except UserError:
                    # A model that will not move its document link (Odoo's
                    # scheduled messages) gets its records re-created here.
                    self._merge_recreate(records, field)
            else:
                records.write(
                    {
                        field.name: [Command.unlink(other.id) for other in others]
                        + [Command.link(self.id)]
                    }
                )

    def _merge_data(self, others):
        """The values this enquiry takes from `others`: the union of its
        many2many fields, its empty fields (`_merge_fill`) filled from the
        first of them that has one, their descriptions added to its own,
        and confidential if any of them is."""
        self.ensure_one()
        vals = {
            name: [Command.link(rid) for rid in others[name].ids]
            for name, field in self._fields.items()
            if field.type == "many2many" and field.store and not field.compute
        }
        for name in self._merge_fill:
            if not self[name]:
                value = next((other[name] for other in others if other[name]), None)
                if value:
                    vals[name] = (
                        value.id if isinstance(value, models.BaseModel) else value
                    )
        descriptions = [d for d in others.mapped("service_description") if d]
        if descriptions:
            vals["service_description"] = "\n\n".join(
                filter(None, [self.service_description, *descriptions])
            )
        if any(others.mapped("is_confidential")):
            vals["is_confidential"] = True
        return vals

    def _merge_followers(self, others):
        """The followers of `others` follow this enquiry, with their
        subtypes; those who may not read it (a confidential one) stop."""
        self.ensure_one()
        followers = others.message_follower_ids
        for follower in followers:
            self.message_subscribe(
                partner_ids=follower.partner_id.ids,
                subtype_ids=follower.subtype_ids.ids,
            )
        followers.unlink()
        self._unsubscribe_non_readers()

    def _merge_log_summary(self, others):
        """Close `others` as merged into this enquiry, each with a note and
        a link here, and note the merge here."""
        self.ensure_one()
        reason = self.env.ref("provide_coop.provide_close_reason_merged")
        for other in others:
            other.write(
                {
                    "active": False,
                    "close_reason_id": reason.id,
                    "merged_into_id": self.id,
                    # A duplicate of a confidential enquiry tells the same
                    # story (the enquirer, their messages): as confidential.
                    **({"is_confidential": True} if self.is_confidential else {}),
                }
            )
            other._message_log(
                body=Markup("<p>%s</p>")
                % self.env._(
                    "Merged into %(enquiry)s: its messages, activities, files and "
                    "links are there now.",
                    enquiry=self._get_html_link(),
                )
            )
        self._message_log(
            body=Markup("<p>%s</p>")
            % self.env._(
                "Merged with %(enquiries)s by %(user)s.",
                enquiries=Markup(", ").join(o._get_html_link() for o in others),
                user=self.env.user.name,
            )
        )
