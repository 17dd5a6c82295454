from odoo import api, fields, models
from odoo.exceptions import ValidationError


class ProvideCaseStudy(models.Model):
    """A co-operative already delivering a public service, kept as an example
    advisers show to enquirers and print in the case-study booklet."""

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
    description = fields.Html()
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
    member_count = fields.Integer(string="Members")
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

    @api.constrains("member_count")
    def _check_member_count(self):
        for study in self:
            if study.member_count < 0:
                raise ValidationError(
                    self.env._(
                        "The number of members of %(name)s cannot be negative.",
                        name=study.name,
                    )
                )

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
