from odoo import api, fields, models
from odoo.exceptions import ValidationError

# What a funder sets targets on, each counted from the events of the period
# (provide.enquiry.event): see `provide.funder.report`.
INDICATORS = [
    ("enquiries", "Enquiries received"),
    ("assessments", "Formal assessments done"),
    ("studies", "Pre-feasibility studies delivered"),
    ("launches", "Co-ops launched"),
    ("jobs", "Jobs kept or created"),
    ("members", "Co-op members at launch"),
    ("support_hours", "Support hours"),
]


class ProvideProgramme(models.Model):
    """A funding programme: who funds the service, for which period and
    budget, which enquiries it covers (those of its company, narrowed to
    sectors or areas when it says so) and its targets per indicator. Its
    funder report counts what happened in a period against those targets."""

    _name = "provide.programme"
    _description = "Funding programme"
    _inherit = ["mail.thread"]
    _order = "date_start desc, id desc"
    _check_company_auto = True

    name = fields.Char(required=True, tracking=True)
    active = fields.Boolean(default=True)
    funder_id = fields.Many2one(
        "res.partner",
        required=True,
        index=True,
        tracking=True,
        check_company=True,
    )
    company_id = fields.Many2one(
        "res.company",
        required=True,
        index=True,
        default=lambda self: self.env.company,
    )
    currency_id = fields.Many2one(related="company_id.currency_id")
    date_start = fields.Date(string="Starts", required=True, tracking=True)
    date_end = fields.Date(string="Ends", required=True, tracking=True)
    budget = fields.Monetary(currency_field="currency_id", tracking=True)
    description = fields.Html()
    sector_ids = fields.Many2many(
        "provide.sector",
        "provide_programme_sector_rel",
        "programme_id",
        "sector_id",
        string="Sectors",
        help="Only enquiries of these sectors count; empty: every sector.",
    )
    local_authority_ids = fields.Many2many(
        "res.partner",
        "provide_programme_local_authority_rel",
        "programme_id",
        "partner_id",
        string="Areas",
        domain="[('is_local_authority', '=', True)]",
        help="Only enquiries in the area of these local authorities count; "
        "empty: every area.",
    )
    target_ids = fields.One2many(
        "provide.programme.target", "programme_id", string="Targets", copy=True
    )

    @api.constrains("date_start", "date_end")
    def _check_dates(self):
        for programme in self:
            if programme.date_end < programme.date_start:
                raise ValidationError(
                    self.env._(
                        "The programme “%(name)s” cannot end before it starts.",
                        name=programme.name,
                    )
                )

    _sql_constraints = [
        (
            "budget_not_negative",
            "CHECK(budget >= 0)",
            "The budget of a programme cannot be negative.",
        ),
    ]

    def _event_domain(self):
        """The events (provide.enquiry.event) of the enquiries the programme
        covers, at any date."""
        self.ensure_one()
        domain = [("company_id", "=", self.company_id.id)]
        if self.sector_ids:
            domain.append(("sector_id", "in", self.sector_ids.ids))
        if self.local_authority_ids:
            domain.append(("local_authority_id", "in", self.local_authority_ids.ids))
        return domain

    def action_funder_report(self):
        self.ensure_one()
        action = self.env["ir.actions.act_window"]._for_xml_id(
            "provide_coop.provide_funder_report_action"
        )
        action["context"] = {"default_programme_id": self.id}
        return action


class ProvideProgrammeTarget(models.Model):
    """A programme's target for one indicator over a period of it (the whole
    programme unless set): periods of one indicator do not overlap, so the
    targets of a report's period add up."""

    _name = "provide.programme.target"
    _description = "Programme target"
    _order = "programme_id, indicator, date_from, id"

    programme_id = fields.Many2one(
        "provide.programme", required=True, index=True, ondelete="cascade"
    )
    company_id = fields.Many2one(
        related="programme_id.company_id", store=True, index=True, precompute=True
    )
    indicator = fields.Selection(INDICATORS, required=True)
    target = fields.Float(required=True, digits=(16, 0))
    date_from = fields.Date(
        string="From",
        compute="_compute_dates",
        store=True,
        readonly=False,
        required=True,
        precompute=True,
    )
    date_to = fields.Date(
        string="To",
        compute="_compute_dates",
        store=True,
        readonly=False,
        required=True,
        precompute=True,
    )

    @api.depends("programme_id.date_start", "programme_id.date_end")
    def _compute_dates(self):
        for target in self:
            target.date_from = target.date_from or target.programme_id.date_start
            target.date_to = target.date_to or target.programme_id.date_end

    _sql_constraints = [
        (
            "target_not_negative",
            "CHECK(target >= 0)",
            "A target cannot be negative.",
        ),
    ]

    @api.constrains("date_from", "date_to", "indicator")
    def _check_period(self):
        labels = dict(self._fields["indicator"]._description_selection(self.env))
        for target in self:
            programme = target.programme_id
            if target.date_to < target.date_from or not (
                programme.date_start <= target.date_from
                and target.date_to <= programme.date_end
            ):
                raise ValidationError(
                    self.env._(
                        "The target for “%(indicator)s” must cover a period within "
                        "the programme (%(start)s to %(end)s).",
                        indicator=labels[target.indicator],
                        start=fields.Date.to_string(programme.date_start),
                        end=fields.Date.to_string(programme.date_end),
                    )
                )
            overlapping = programme.target_ids.filtered(
                lambda other, t=target: other != t
                and other.indicator == t.indicator
                and other.date_from <= t.date_to
                and t.date_from <= other.date_to
            )
            if overlapping:
                raise ValidationError(
                    self.env._(
                        "Two targets for “%(indicator)s” cover the same days; "
                        "give each its own period.",
                        indicator=labels[target.indicator],
                    )
                )
