import base64
from datetime import date

from odoo import api, fields, models
from odoo.exceptions import UserError
from odoo.tools import date_utils

QUARTERS = [
    ("1", "Q1: January to March"),
    ("2", "Q2: April to June"),
    ("3", "Q3: July to September"),
    ("4", "Q4: October to December"),
]


class ProvideFunderReport(models.TransientModel):
    """The report a funder reads: for one programme and a period (a quarter,
    a calendar or financial year, or any dates), what happened in the period
    against the programme's targets, what it cost, and how the co-ops
    launched under the programme are doing by their latest outcome check-in.
    A PDF for the funder and a spreadsheet with one row per enquiry behind
    each figure.

    Here the manager picks the period and the form; the figures and both
    forms are the report's (`report.provide_coop.provide_funder_report_document`)."""

    _name = "provide.funder.report"
    _description = "Funder report"

    programme_id = fields.Many2one("provide.programme", required=True)
    company_id = fields.Many2one(related="programme_id.company_id")
    currency_id = fields.Many2one(related="programme_id.currency_id")
    period = fields.Selection(
        [
            ("quarter", "A quarter"),
            ("year", "A year"),
            ("financial_year", "A financial year (April to March)"),
            ("custom", "Any dates"),
        ],
        default="quarter",
        required=True,
    )
    year = fields.Integer(
        default=lambda self: self._default_quarter()[0],
        help="A calendar year, or the year a financial year starts in: the "
        "financial year 2026 runs from 1 April 2026 to 31 March 2027.",
    )
    quarter = fields.Selection(
        QUARTERS, default=lambda self: self._default_quarter()[1]
    )
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
    xlsx_file = fields.Binary(string="Spreadsheet", readonly=True, attachment=False)
    xlsx_name = fields.Char(readonly=True)

    def _default_quarter(self):
        """The last full quarter: (year, quarter)."""
        today = fields.Date.context_today(self)
        last = date_utils.subtract(date_utils.get_quarter(today)[0], days=1)
        return last.year, str(date_utils.get_quarter_number(last))

    @api.depends("period", "year", "quarter")
    def _compute_dates(self):
        for report in self:
            year = report.year or fields.Date.context_today(report).year
            if report.period == "quarter" and report.quarter:
                quarter = date_utils.get_quarter(date(year, 3 * int(report.quarter), 1))
                report.date_from, report.date_to = quarter
            elif report.period == "year":
                report.date_from = date(year, 1, 1)
                report.date_to = date(year, 12, 31)
            elif report.period == "financial_year":
                # The UK's financial year, April to March.
                report.date_from, report.date_to = date_utils.get_fiscal_year(
                    date(year, 4, 1), day=31, month=3
                )
            elif not (report.date_from and report.date_to):
                programme = report.programme_id
                report.date_from = programme.date_start or date(year, 1, 1)
                report.date_to = programme.date_end or date(year, 12, 31)

    def _check_period(self):
        self.ensure_one()
        if self.date_from > self.date_to:
            raise UserError(
                self.env._("The report period must end on or after its start.")
            )

    # ------------------------------------------------------------------
    # Actions
    # ------------------------------------------------------------------

    def action_print(self):
        self._check_period()
        return self.env.ref("provide_coop.provide_funder_report_pdf").report_action(
            self
        )

    def action_xlsx(self):
        self._check_period()
        self.write(
            {
                "xlsx_file": base64.b64encode(
                    self.env[
                        "report.provide_coop.provide_funder_report_document"
                    ]._xlsx(self.programme_id, self.date_from, self.date_to)
                ),
                "xlsx_name": self._file_name() + ".xlsx",
            }
        )
        return {
            "type": "ir.actions.act_url",
            "url": f"/web/content/{self._name}/{self.id}/xlsx_file/"
            f"{self.xlsx_name}?download=true",
            "target": "self",
        }

    def _file_name(self):
        return self.env._(
            "Funder report %(programme)s %(start)s to %(end)s",
            programme=self.programme_id.name,
            start=fields.Date.to_string(self.date_from),
            end=fields.Date.to_string(self.date_to),
        ).replace("/", "-")
