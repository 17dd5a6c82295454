from odoo import Command, api, fields, models
from odoo.exceptions import UserError, ValidationError

# Workforces within this factor of each other count as similar in size: a
# co-op of 10 is like one of 5 to 20.
SIMILAR_WORKFORCE_FACTOR = 2


class ProvideCaseStudy(models.Model):
    """A co-operative already delivering a public service, kept as an example
    advisers show to enquirers and print in the case-study booklet. Only a
    published study goes into the booklet and to enquirers; an internal one
    stays with the staff (until its facts are checked, say)."""

    _name = "provide.case.study"
    _description = "Co-op case study"
    _inherit = ["mail.thread", "image.mixin"]
    _order = "sector_sequence, name, id"
    _check_company_auto = True

    name = fields.Char(required=True, tracking=True)
    partner_id = fields.Many2one(
        "res.partner",
        string="Co-op Contact",
        index="btree_not_null",
        check_company=True,
        help="The co-operative itself, as a contact.",
    )
    sector_id = fields.Many2one(
        "provide.sector", required=True, index=True, tracking=True
    )
    sector_sequence = fields.Integer(related="sector_id.sequence", store=True)
    city = fields.Char()
    summary = fields.Text(
        help="Two or three sentences: what the co-op delivers and for whom."
    )
    description = fields.Html(
        help="The co-op's story as an enquirer reads it in the booklet."
    )
    note = fields.Html(
        string="Internal Notes",
        help="For the staff only: never printed in the booklet nor sent to "
        "enquirers (what is still to check with the co-op, whom to show it to).",
    )
    model_type = fields.Selection(
        [
            ("worker", "Worker co-op"),
            ("multi_stakeholder", "Multi-stakeholder co-op"),
            ("consumer", "Consumer co-op"),
            ("community_benefit", "Community benefit society"),
            ("other", "Other"),
        ],
        string="Co-op Model",
        default="worker",
        required=True,
    )
    is_published = fields.Boolean(
        string="Published",
        index=True,
        tracking=True,
        help="Published studies are printed in the case-study booklet, "
        "suggested on enquiries and sent to enquirers; the others stay internal.",
    )
    # Outcome figures: each is left empty (0) when the co-op has not given it.
    member_count = fields.Integer(string="Members")
    workforce_size = fields.Integer(
        string="Workforce",
        help="People who deliver the service: compared with an enquiry's "
        "workforce to suggest co-ops of a similar size.",
    )
    people_served = fields.Integer(help="People who use the service in a year.")

    _sql_constraints = [
        (
            "member_count_not_negative",
            "CHECK(member_count >= 0)",
            "The members of a case study cannot be negative.",
        ),
        (
            "workforce_size_not_negative",
            "CHECK(workforce_size >= 0)",
            "The workforce of a case study cannot be negative.",
        ),
        (
            "people_served_not_negative",
            "CHECK(people_served >= 0)",
            "The people a case study's co-op serves cannot be negative.",
        ),
    ]
    outcome = fields.Text(
        string="Outcomes",
        help="What changed since the co-op took the service on, with figures "
        "where known.",
    )
    # A year, not a quantity: no thousands separator, blank when unknown.
    year_founded = fields.Char(size=4, help="The year the co-op was set up, e.g. 2004.")
    website = fields.Char()
    active = fields.Boolean(default=True)
    company_id = fields.Many2one(
        "res.company",
        index=True,
        help="Leave empty to share the case study with every company.",
    )
    enquiry_ids = fields.Many2many(
        "provide.enquiry",
        "provide_enquiry_case_study_rel",
        "case_study_id",
        "enquiry_id",
        string="Enquiries",
    )
    enquiry_count = fields.Integer(compute="_compute_enquiry_count")

    @api.depends("enquiry_ids")
    def _compute_enquiry_count(self):
        for study in self:
            study.enquiry_count = len(study.enquiry_ids)

    @api.constrains("year_founded")
    def _check_year_founded(self):
        this_year = fields.Date.context_today(self).year
        for study in self:
            year = study.year_founded
            if year and not (
                len(year) == 4 and year.isdigit() and 1800 <= int(year) <= this_year
            ):
                raise ValidationError(
                    self.env._(
                        "The year %(name)s was founded must be four digits, "
                        "between 1800 and %(year)s.",
                        name=study.name,
                        year=this_year,
                    )
                )

    def action_view_enquiries(self):
        self.ensure_one()
        action = self.env["ir.actions.act_window"]._for_xml_id(
            "provide_coop.provide_enquiry_action"
        )
        action["domain"] = [("case_study_ids", "in", self.ids)]
        action["context"] = {"default_case_study_ids": [self.id]}
        return action

    def action_provide_attach(self):
        """Link these studies to the enquiry the adviser is looking at (its
        id in the context, as the enquiry form's suggestions pass it)."""
        enquiry = (
            self.env["provide.enquiry"]
            .browse(self.env.context.get("provide_enquiry_id"))
            .exists()
        )
        if not enquiry:
            raise UserError(self.env._("Save the enquiry first, then attach studies."))
        enquiry.case_study_ids = [Command.link(study.id) for study in self]
        return True

    @api.model
    def action_provide_print_booklet(self):
        """The booklet of every published study."""
        studies = self.search([("is_published", "=", True)])
        if not studies:
            raise UserError(
                self.env._("Publish a case study first: the booklet prints only those.")
            )
        return self.env.ref(
            "provide_coop.provide_case_study_booklet_report"
        ).report_action(studies)

    # ------------------------------------------------------------------
    # The booklet and the suggestions on an enquiry
    # ------------------------------------------------------------------

    def _provide_booklet_studies(self):
        """The published studies among these, in the booklet's order: by
        sector in the sectors' order, then by name."""
        return self.filtered("is_published").sorted(
            lambda study: (
                study.sector_sequence,
                study.sector_id.name,
                study.sector_id.id,
                study.name,
                study.id,
            )
        )

    def _provide_ranked_for(self, enquiry):
        """These studies as suggestions for `enquiry`: its own company's or
        shared ones not yet linked to it; same sector first, then those with
        a workforce of a similar size, then the rest (each group by the
        sectors' order, then by name). Reads only what `self` has fetched
        already: the name, sector, its sequence, workforce and company."""
        size = enquiry.workforce_size
        studies = (self - enquiry.case_study_ids).filtered(
            lambda study: not study.company_id or study.company_id == enquiry.company_id
        )

        def key(study):
            similar = bool(size and study.workforce_size) and (
                size <= study.workforce_size * SIMILAR_WORKFORCE_FACTOR
                and study.workforce_size <= size * SIMILAR_WORKFORCE_FACTOR
            )
            return (
                not enquiry.sector_id or study.sector_id != enquiry.sector_id,
                not similar,
                study.sector_sequence,
                study.name,
                study.id,
            )

        return studies.sorted(key)
