import base64
import io
import re
from datetime import date

import openpyxl
from freezegun import freeze_time

from odoo.exceptions import AccessError, UserError
from odoo.tests import tagged

from .common import TestProvideCommon

INDICATORS = (
    "enquiries",
    "assessments",
    "studies",
    "launches",
    "jobs",
    "members",
    "support_hours",
)
# The spreadsheet's detail sheets and the figure each column adds up to.
# The model of the report's figures, its PDF and its spreadsheet.
REPORT = "report.provide_coop.provide_funder_report_document"
SHEET_FIGURES = {
    "Enquiries received": {"Enquiries received": "enquiries"},
    "Assessments": {"Formal assessments done": "assessments"},
    "Studies": {"Pre-feasibility studies delivered": "studies"},
    "Launches": {"Co-ops launched": "launches", "Members at launch": "members"},
    "Support": {"Support hours": "support_hours"},
}


@tagged("post_install", "-at_install")
class TestProvideFunderReport(TestProvideCommon):
    """The funder report of a programme for a period counts what happened in
    the period, whenever the enquiries came in, against the programme's
    targets; its spreadsheet has a row per enquiry behind every figure.

    The fixture spans the first two quarters of 2026 (and a little before
    and after), every date set by hand, so each figure below is a hand
    count."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.env["ir.config_parameter"].set_param("provide_coop.hour_rate", "50")
        cls.funder = cls.env["res.partner"].create(
            {"name": "Co-operative Action (test)", "is_company": True}
        )
        cls.programme = cls.env["provide.programme"].create(
            {
                "name": "Support service 2026 (test)",
                "funder_id": cls.funder.id,
                "date_start": "2026-01-01",
                "date_end": "2026-12-31",
                "budget": 50000,
                "target_ids": [
                    (0, 0, {"indicator": "enquiries", "target": 20}),
                    (0, 0, {"indicator": "launches", "target": 4}),
                    (0, 0, {"indicator": "jobs", "target": 30}),
                    (
                        0,
                        0,
                        {
                            "indicator": "support_hours",
                            "target": 40,
                            "date_from": "2026-01-01",
                            "date_to": "2026-03-31",
                        },
                    ),
                    (
                        0,
                        0,
                        {
                            "indicator": "support_hours",
                            "target": 60,
                            "date_from": "2026-04-01",
                            "date_to": "2026-06-30",
                        },
                    ),
                ],
            }
        )
        Enquiry = cls.env["provide.enquiry"]

        def enquiry(name, received, sector=None, company=None):
            return Enquiry.create(
                {
                    "name": name,
                    "date_received": received,
                    "sector_id": (sector or cls.sector_social_care).id,
                    "company_id": (company or cls.company_a).id,
                    "user_id": cls.user_adviser.id,
                }
            )

        def line(enquiry, day, hours, **vals):
            return cls.env["provide.service.delivery"].create(
                {
                    "enquiry_id": enquiry.id,
                    "date": day,
                    "hours": hours,
                    "user_id": cls.user_adviser.id,
                    **vals,
                }
            )

        # E1: received before the programme, assessed in Q1, launched in Q2.
        cls.e1 = enquiry("Homecare co-op (E1)", "2025-11-10 09:00:00")
        with freeze_time("2026-02-10 10:00:00"):
            cls._assess(cls.e1)
        cls.coop = cls._record_coop(
            cls.e1, jobs_transferred=10, jobs_created=2, members_worker=15
        )
        with freeze_time("2026-04-15 10:00:00"):
            cls.e1.stage_id = cls.stage_launched
        line(cls.e1, "2025-12-01", 3)  # before the programme
        line(cls.e1, "2026-02-11", 2)
        line(cls.e1, "2026-04-10", 4)
        # E2: received, assessed and studied in Q1; one line still proposed.
        cls.e2 = enquiry("GP co-op (E2)", "2026-01-20 09:00:00", cls.sector_health)
        with freeze_time("2026-03-05 10:00:00"):
            cls._assess(cls.e2)
        cls.study_e2 = cls.env["provide.feasibility.study"].create(
            {"name": "GP demand", "enquiry_id": cls.e2.id, "cost": 1500}
        )
        with freeze_time("2026-03-20 10:00:00"):
            cls.study_e2.action_deliver()
        line(cls.e2, "2026-03-06", 1.5, kind="phone")
        line(cls.e2, "2026-03-07", 5, state="proposed")
        # E3: received in Q1, closed in Q2.
        cls.e3 = enquiry(
            "Leisure trust (E3)", "2026-02-02 09:00:00", cls.sector_leisure
        )
        with freeze_time("2026-05-01 10:00:00"):
            cls.e3._close(cls.reason_withdrawn)
        # E4 and E5: received in Q2; E5's study is delivered in Q3.
        cls.e4 = enquiry("Nursery (E4)", "2026-04-05 09:00:00")
        line(cls.e4, "2026-05-02", 3, kind="workshop", attendees=14)
        cls.e5 = enquiry("Library (E5)", "2026-06-30 23:00:00", cls.sector_leisure)
        cls.study_e5 = cls.env["provide.feasibility.study"].create(
            {"name": "Library income", "enquiry_id": cls.e5.id, "cost": 800}
        )
        with freeze_time("2026-07-02 10:00:00"):
            cls.study_e5.action_deliver()
        # E6: another agency's: never counted here.
        cls.e6 = enquiry(
            "North enquiry (E6)", "2026-02-15 09:00:00", company=cls.company_b
        )
        cls.env["provide.service.delivery"].create(
            {
                "enquiry_id": cls.e6.id,
                "date": "2026-02-16",
                "hours": 10,
                "user_id": cls.user_adviser_b.id,
            }
        )
        # How the launched co-op was doing, checked in twice.
        Checkin = cls.env["provide.coop.checkin"]
        Checkin.create(
            {
                "coop_id": cls.coop.id,
                "date": "2026-06-01",
                "members_worker": 18,
                "jobs": 13,
                "turnover": 200000,
                "service_users": 150,
            }
        )
        Checkin.create(
            {"coop_id": cls.coop.id, "date": "2026-07-15", "still_trading": False}
        )
        cls.env.flush_all()

    def _report(self, date_from=None, date_to=None, user=None, programme=None, **vals):
        vals = dict(vals)
        if date_from:
            vals.update(period="custom", date_from=date_from, date_to=date_to)
        return (
            self.env["provide.funder.report"]
            .with_user(user or self.user_manager)
            .create({"programme_id": (programme or self.programme).id, **vals})
        )

    def _figures(self, report):
        data = (
            self.env[REPORT]
            .with_user(report.env.user)
            ._report_data(report.programme_id, report.date_from, report.date_to)
        )
        return {line["key"]: line["value"] for line in data["indicators"]}, data

    # ------------------------------------------------------------------
    # The figures, counted by hand
    # ------------------------------------------------------------------

    def test_first_quarter_by_hand(self):
        report = self._report(period="quarter", year=2026, quarter="1")
        self.assertEqual(
            (report.date_from, report.date_to), (date(2026, 1, 1), date(2026, 3, 31))
        )
        figures, data = self._figures(report)
        self.assertEqual(
            figures,
            {
                "enquiries": 2,  # E2, E3 (E1 came before, E6 is the North's)
                "assessments": 2,  # E1 and E2
                "studies": 1,  # E2's
                "launches": 0,
                "jobs": 0,
                "members": 0,
                "support_hours": 3.5,  # E1 2, E2 1.5 (5 still to confirm)
            },
        )
        cost = data["cost"]
        self.assertEqual((cost["support"], cost["studies"]), (175.0, 1500.0))
        self.assertEqual(cost["total"], 1675.0)
        self.assertIsNone(cost["per_launch"])

    def test_second_quarter_counts_a_launch_of_an_older_enquiry(self):
        figures, data = self._figures(self._report("2026-04-01", "2026-06-30"))
        self.assertEqual(
            figures,
            {
                "enquiries": 2,  # E4, E5 (late on the last day)
                "assessments": 0,
                "studies": 0,  # E5's study is delivered in July
                "launches": 1,  # E1, received in November 2025
                "jobs": 12,  # E1's co-op: 10 kept, 2 created
                "members": 15,
                "support_hours": 7.0,  # E1 4, E4 3
            },
        )
        self.assertEqual(data["cost"]["per_launch"], 7 * 50)
        outcomes = data["outcomes"]
        # The co-op's latest check-in by the end of June.
        self.assertEqual(
            (outcomes["coops"], outcomes["trading"], outcomes["ceased"]), (1, 1, 0)
        )
        self.assertEqual((outcomes["members"], outcomes["jobs"]), (18, 13))
        self.assertEqual(outcomes["turnover"], 200000)
        self.assertEqual(outcomes["rows"][0]["checked"], date(2026, 6, 1))

    def test_the_year_and_the_programme_to_date(self):
        figures, data = self._figures(self._report(period="year", year=2026))
        self.assertEqual(
            figures,
            {
                "enquiries": 4,
                "assessments": 2,
                "studies": 2,
                "launches": 1,
                "jobs": 12,
                "members": 15,
                # The December 2025 line is before the programme.
                "support_hours": 10.5,
            },
        )
        self.assertEqual(data["cost"]["studies"], 2300)
        # By September the co-op had stopped trading.
        self.assertEqual(data["outcomes"]["ceased"], 1)
        _figures, data = self._figures(self._report("2026-04-01", "2026-06-30"))
        to_date = {line["key"]: line["to_date"] for line in data["indicators"]}
        self.assertEqual(to_date["enquiries"], 4)
        self.assertEqual(to_date["support_hours"], 10.5)

    def test_figures_equal_a_count_of_the_records_themselves(self):
        """The same figures, counted on the enquiries, assessments, studies,
        lines and co-ops directly rather than from the events."""
        start, end = "2026-01-01", "2026-06-30"
        figures, _data = self._figures(self._report(start, end))
        company = [("company_id", "=", self.company_a.id)]
        Enquiry = self.env["provide.enquiry"].with_context(active_test=False)
        launched = Enquiry.search(
            [
                *company,
                ("outcome", "=", "won"),
                ("date_closed", ">=", f"{start} 00:00:00"),
                ("date_closed", "<=", f"{end} 23:59:59"),
            ]
        )
        self.assertEqual(
            figures,
            {
                "enquiries": Enquiry.search_count(
                    [
                        *company,
                        ("date_received", ">=", f"{start} 00:00:00"),
                        ("date_received", "<=", f"{end} 23:59:59"),
                    ]
                ),
                "assessments": self.env["provide.assessment"].search_count(
                    [
                        *company,
                        ("state", "=", "done"),
                        ("date", ">=", start),
                        ("date", "<=", end),
                    ]
                ),
                "studies": self.env["provide.feasibility.study"].search_count(
                    [
                        *company,
                        ("state", "=", "delivered"),
                        ("date_delivered", ">=", start),
                        ("date_delivered", "<=", end),
                    ]
                ),
                "launches": len(launched),
                "jobs": sum(
                    c.jobs_transferred + c.jobs_created for c in launched.coop_id
                ),
                "members": sum(launched.coop_id.mapped("member_count")),
                "support_hours": sum(
                    self.env["provide.service.delivery"]
                    .search(
                        [
                            *company,
                            ("state", "=", "confirmed"),
                            ("date", ">=", start),
                            ("date", "<=", end),
                        ]
                    )
                    .mapped("hours")
                ),
            },
        )

    def test_targets_for_the_period_pro_rata(self):
        _figures, data = self._figures(self._report("2026-01-01", "2026-03-31"))
        targets = {line["key"]: line for line in data["indicators"]}
        # A target of the quarter counts whole; a target of the year for the
        # quarter's 90 days of 365.
        self.assertEqual(targets["support_hours"]["target"], 40)
        self.assertAlmostEqual(targets["enquiries"]["target"], 20 * 90 / 365)
        self.assertEqual(targets["support_hours"]["programme_target"], 100)
        self.assertEqual(targets["enquiries"]["programme_target"], 20)
        self.assertAlmostEqual(targets["enquiries"]["percent"], 100 * 2 / 20)
        self.assertFalse(targets["assessments"]["has_target"])

    def test_a_programme_narrowed_to_a_sector(self):
        health = self.programme.copy(
            {
                "name": "Health only (test)",
                "sector_ids": [(6, 0, self.sector_health.ids)],
            }
        )
        figures, _data = self._figures(
            self._report("2026-01-01", "2026-06-30", programme=health)
        )
        self.assertEqual(
            figures,
            {
                "enquiries": 1,
                "assessments": 1,
                "studies": 1,
                "launches": 0,
                "jobs": 0,
                "members": 0,
                "support_hours": 1.5,
            },
        )

    def test_a_period_outside_the_programme_counts_nothing(self):
        report = self._report("2027-01-01", "2027-03-31")
        figures, data = self._figures(report)
        self.assertEqual(set(figures.values()), {0})
        self.assertIsNone(data["period"])
        html = self.render_html(
            "provide_coop.provide_funder_report_pdf", report, self.user_manager
        )
        self.assertIn("The period is outside the programme", html)

    def test_period_must_not_end_before_it_starts(self):
        report = self._report("2026-03-31", "2026-03-01")
        with self.assertRaisesRegex(UserError, "must end on or after its start"):
            report.action_print()

    def test_a_financial_year_runs_from_april_to_march(self):
        report = self._report(period="financial_year", year=2026)
        self.assertEqual(
            (report.date_from, report.date_to), (date(2026, 4, 1), date(2027, 3, 31))
        )
        # The financial year 2025 ends with the programme's first quarter:
        # it counts that quarter, from the day the programme starts.
        last = self._report(period="financial_year", year=2025)
        self.assertEqual(
            (last.date_from, last.date_to), (date(2025, 4, 1), date(2026, 3, 31))
        )
        figures, data = self._figures(last)
        self.assertEqual(data["period"], (date(2026, 1, 1), date(2026, 3, 31)))
        first_quarter, _data = self._figures(
            self._report(period="quarter", year=2026, quarter="1")
        )
        self.assertEqual(figures, first_quarter)

    def test_default_period_is_the_last_full_quarter(self):
        with freeze_time("2026-05-10 09:00:00"):
            report = self._report()
        self.assertEqual(
            (report.date_from, report.date_to), (date(2026, 1, 1), date(2026, 3, 31))
        )
        with freeze_time("2026-01-02 09:00:00"):
            report = self._report()
        self.assertEqual(
            (report.date_from, report.date_to),
            (date(2025, 10, 1), date(2025, 12, 31)),
        )

    # ------------------------------------------------------------------
    # The PDF and the spreadsheet
    # ------------------------------------------------------------------

    def _pdf_figures(self, html):
        """{indicator: value} as the PDF prints them."""
        figures = {}
        for indicator in INDICATORS:
            match = re.search(
                rf'o_provide_indicator_{indicator}".*?o_provide_value">\s*([\d.,]+)\s*<',
                html,
                re.DOTALL,
            )
            self.assertTrue(match, indicator)
            figures[indicator] = float(match.group(1).replace(",", ""))
        return figures

    def test_pdf_prints_the_figures(self):
        report = self._report("2026-04-01", "2026-06-30")
        self.assertRendersPdf(
            "provide_coop.provide_funder_report_pdf", report, self.user_manager
        )
        html = self.render_html(
            "provide_coop.provide_funder_report_pdf", report, self.user_manager
        )
        figures, _data = self._figures(report)
        self.assertEqual(self._pdf_figures(html), figures)
        self.assertRegex(html, r'o_provide_period">\s*1 April 2026 to 30 June 2026\s*<')
        # 20 enquiries a year, for the quarter: a whole number of enquiries.
        target = re.search(
            r'o_provide_indicator_enquiries".*?</td>.*?</td>\s*<td[^>]*>\s*([^<]*?)\s*<',
            html,
            re.DOTALL,
        )
        self.assertEqual(target.group(1), "5")
        self.assertRegex(html, r"Report to\s*<span>Co-operative Action \(test\)</span>")
        self.assertIn(self.coop.name, html)
        body = html.split('class="page', 1)[1]
        self.assertIn(self.company_a.name, body)
        cost = re.search(r'o_provide_cost_per_launch">(.*?)</th>', html, re.DOTALL)
        self.assertIn("350.00", cost.group(1))

    def test_pdf_prints_each_figure_in_one_format_across_its_row(self):
        """Hours read with their decimal in every column, targets included,
        as the cost says them; whole things read whole in every column."""
        report = self._report("2026-01-01", "2026-03-31")
        html = self.render_html(
            "provide_coop.provide_funder_report_pdf", report, self.user_manager
        )

        def cells(indicator):
            (row,) = re.findall(
                rf'o_provide_indicator_{indicator}">(.*?)</tr>', html, re.DOTALL
            )
            return [
                " ".join(cell.split())
                for cell in re.findall(r"<td[^>]*>(.*?)</td>", row, re.DOTALL)
            ][1:5]

        # 40 hours for the quarter, 100 for the programme.
        hours = cells("support_hours")
        self.assertEqual(hours[1], "40.0")
        self.assertEqual(hours[3], "100.0")
        for figure in hours:
            self.assertRegex(figure, r"^[\d,]+\.\d$")
        enquiries = cells("enquiries")
        self.assertEqual(enquiries[3], "20")
        for figure in enquiries:
            self.assertRegex(figure, r"^[\d,]+$")

    def test_a_coop_not_checked_in_prints_dashes_not_zeros(self):
        self.coop.checkin_ids.unlink()
        report = self._report("2026-04-01", "2026-06-30")
        html = self.render_html(
            "provide_coop.provide_funder_report_pdf", report, self.user_manager
        )
        (row,) = re.findall(
            rf"<tr>\s*<td>{re.escape(self.coop.name)}</td>(.*?)</tr>", html, re.DOTALL
        )
        cells = [
            " ".join(cell.split())
            for cell in re.findall(r"<td[^>]*>(.*?)</td>", row, re.DOTALL)
        ]
        self.assertIn("Not checked in yet", cells)
        self.assertEqual(cells[-5:], ["—"] * 5)

    def test_report_tables_keep_their_rows_whole_and_headers_on_each_page(self):
        """The rules live in the report styles Odoo loads for every PDF; each
        of the app's PDFs opts in with its page's class."""
        paths = [
            path
            for path, *_rest in self.env["ir.asset"]._get_asset_paths(
                "web.report_assets_common", {}
            )
        ]
        self.assertTrue(
            any(
                path.endswith("provide_coop/static/report/provide_report.scss")
                for path in paths
            )
        )
        report = self._report("2026-04-01", "2026-06-30")
        html = self.render_html(
            "provide_coop.provide_funder_report_pdf", report, self.user_manager
        )
        self.assertIn('class="page o_provide_report"', html)

    def _workbook(self, report):
        action = report.action_xlsx()
        self.assertIn("/web/content/provide.funder.report/", action["url"])
        self.assertTrue(report.xlsx_name.endswith(".xlsx"))
        return openpyxl.load_workbook(
            io.BytesIO(base64.b64decode(report.xlsx_file)), data_only=True
        )

    def test_spreadsheet_rows_add_up_to_the_pdf(self):
        for date_from, date_to in (
            ("2026-01-01", "2026-03-31"),
            ("2026-04-01", "2026-06-30"),
            ("2026-01-01", "2026-12-31"),
        ):
            with self.subTest(period=(date_from, date_to)):
                report = self._report(date_from, date_to)
                html = self.render_html(
                    "provide_coop.provide_funder_report_pdf", report, self.user_manager
                )
                pdf = self._pdf_figures(html)
                book = self._workbook(report)
                self.assertEqual(
                    book.sheetnames,
                    [
                        "Summary",
                        "Enquiries received",
                        "Assessments",
                        "Studies",
                        "Launches",
                        "Support",
                        "Outcomes",
                    ],
                )
                for title, columns in SHEET_FIGURES.items():
                    rows = list(book[title].iter_rows(values_only=True))
                    header, lines, total = rows[0], rows[1:-1], rows[-1]
                    self.assertEqual(total[0], "Total")
                    # One row per enquiry, each with its reference.
                    references = [line[0] for line in lines]
                    self.assertEqual(len(references), len(set(references)))
                    self.assertTrue(all(references))
                    for column, indicator in columns.items():
                        index = header.index(column)
                        added = sum(line[index] for line in lines)
                        self.assertAlmostEqual(added, pdf[indicator], msg=title)
                        self.assertAlmostEqual(total[index], added, msg=title)
                rows = list(book["Launches"].iter_rows(values_only=True))
                header = rows[0]
                jobs = sum(
                    line[header.index("Jobs kept")] + line[header.index("Jobs created")]
                    for line in rows[1:-1]
                )
                self.assertEqual(jobs, pdf["jobs"])
                summary = {
                    row[0]: row[1]
                    for row in book["Summary"].iter_rows(values_only=True)
                    if row[0]
                }
                self.assertEqual(summary["Enquiries received"], pdf["enquiries"])
                self.assertEqual(summary["Support hours"], pdf["support_hours"])

    def test_spreadsheet_formats_read_as_a_funder_expects(self):
        report = self._report("2026-04-01", "2026-06-30")
        report.action_xlsx()
        book = openpyxl.load_workbook(io.BytesIO(base64.b64decode(report.xlsx_file)))
        formats = {
            cell.number_format
            for sheet in book
            for row in sheet.iter_rows()
            for cell in row
            if isinstance(cell.value, int | float) or str(cell.value).startswith("=")
        }
        # No "#,##0.##", which shows a whole 27 as "27.".
        self.assertNotIn("#,##0.##", formats)
        self.assertIn("#,##0", formats)
        summary = {
            row[0].value: row[1] for row in book["Summary"].iter_rows() if row[0].value
        }
        symbol = self.company_a.currency_id.symbol
        self.assertEqual(summary["Total cost"].number_format, f'"{symbol}"#,##0.00')
        self.assertEqual(summary["Co-ops launched"].number_format, "#,##0")
        # In words: 01/04/2026 reads as 4 January to an American.
        self.assertEqual(summary["Period"].value, "1 April 2026 to 30 June 2026")
        support = list(book["Support"].iter_rows())
        hours = [cell.value for cell in support[0]].index("Support hours")
        self.assertEqual(support[1][hours].number_format, "#,##0.00")
        # Sector, local authority and co-op columns (C to E) fit their names.
        self.assertGreaterEqual(book["Launches"].column_dimensions["C"].width, 30)

    def test_spreadsheet_indicators_against_their_targets(self):
        """Whole things and their targets, pro rata too, read as whole
        numbers; hours with their decimals; the programme to date against
        the programme's target as a percentage, as in the PDF."""
        report = self._report("2026-04-01", "2026-06-30")
        report.action_xlsx()
        book = openpyxl.load_workbook(io.BytesIO(base64.b64decode(report.xlsx_file)))
        rows = list(book["Summary"].iter_rows())
        start = next(i for i, row in enumerate(rows) if row[0].value == "Indicator")
        end = next(i for i, row in enumerate(rows) if i > start and not row[0].value)
        header = [cell.value for cell in rows[start]]
        self.assertEqual(
            header,
            [
                "Indicator",
                "In the period",
                "Target for the period",
                "Programme to date",
                "Programme target",
                "Achieved",
            ],
        )
        lines = {row[0].value: row for row in rows[start + 1 : end]}
        enquiries = lines["Enquiries received"]
        # 20 a year, for the quarter's 91 days of 365: 4.99 read as 5.
        self.assertAlmostEqual(enquiries[2].value, 20 * 91 / 365)
        self.assertEqual([cell.number_format for cell in enquiries[1:5]], ["#,##0"] * 4)
        # E2, E3, E4 and E5 to date, of 20.
        self.assertEqual(enquiries[5].value, 4 / 20)
        self.assertEqual(enquiries[5].number_format, "0%")
        hours = lines["Support hours"]
        self.assertEqual((hours[2].value, hours[3].value), (60, 10.5))
        self.assertEqual([cell.number_format for cell in hours[1:5]], ["#,##0.00"] * 4)
        self.assertEqual(hours[5].value, 10.5 / 100)
        # No target, nothing achieved.
        self.assertIsNone(lines["Formal assessments done"][5].value)

    def test_spreadsheet_names_the_enquiries_behind_each_figure(self):
        book = self._workbook(self._report("2026-04-01", "2026-06-30"))
        launches = list(book["Launches"].iter_rows(values_only=True))
        self.assertEqual(len(launches), 3)  # header, E1, total
        header = launches[0]
        self.assertEqual(launches[1][header.index("Enquiry")], "Homecare co-op (E1)")
        self.assertEqual(launches[1][header.index("Co-op")], self.coop.name)
        self.assertEqual(launches[1][header.index("Sector")], "Social care")
        # The enquiry's adviser, as the README promises, on every sheet of
        # the year (each has rows).
        year = self._workbook(self._report(period="year", year=2026))
        for title in SHEET_FIGURES:
            rows = list(year[title].iter_rows(values_only=True))
            adviser = rows[0].index("Adviser")
            self.assertEqual(
                {row[adviser] for row in rows[1:-1]}, {self.user_adviser.name}
            )
        received = {
            row[1] for row in book["Enquiries received"].iter_rows(values_only=True)
        }
        self.assertIn("Nursery (E4)", received)
        self.assertNotIn("Homecare co-op (E1)", received)
        outcomes = list(book["Outcomes"].iter_rows(values_only=True))
        self.assertEqual(outcomes[1][0], self.coop.name)
        self.assertEqual(outcomes[1][4], "Still trading")

    def test_spreadsheet_keeps_names_as_text(self):
        # Markup, an ampersand, accents and a control character (pasted from
        # another document) in a name: the sheet keeps the text, as text.
        self.e4.name = "Nursery & <crèche> =SUM(A1)\x0b (E4)"
        book = self._workbook(self._report("2026-04-01", "2026-06-30"))
        names = [
            row[1] for row in book["Enquiries received"].iter_rows(values_only=True)
        ]
        self.assertIn("Nursery & <crèche> =SUM(A1) (E4)", names)

    def test_spreadsheet_keeps_spaces_percents_and_braces(self):
        # The rows are written from templates: nothing in a name is taken
        # for a placeholder, and spaces at either end stay.
        self.e4.name = "  Nursery {0} 100% %s (E4) "
        self.sector_leisure.name = "Leisure {1} & %d"
        book = self._workbook(self._report("2026-04-01", "2026-06-30"))
        rows = list(book["Enquiries received"].iter_rows(values_only=True))
        self.assertIn("  Nursery {0} 100% %s (E4) ", [row[1] for row in rows])
        self.assertIn("Leisure {1} & %d", [row[2] for row in rows])
        # Every figure still under its own column, the total at the end.
        header = rows[0]
        count = header.index("Enquiries received")
        self.assertEqual(rows[-1][0], "Total")
        self.assertEqual(rows[-1][count], sum(row[count] for row in rows[1:-1]))

    def test_spreadsheet_counts_confidential_enquiries_without_naming_them(self):
        # A worker's enquiry about their employer's plans: the funder reads
        # that it was received, by its reference, never what it is about.
        self.e4.is_confidential = True
        book = self._workbook(self._report("2026-04-01", "2026-06-30"))
        cells = [
            str(value)
            for sheet in book.worksheets
            for row in sheet.iter_rows(values_only=True)
            for value in row
            if value is not None
        ]
        self.assertFalse([cell for cell in cells if "Nursery" in cell])
        rows = list(book["Enquiries received"].iter_rows(values_only=True))
        header = rows[0]
        row = next(row for row in rows if row[0] == self.e4.reference)
        self.assertEqual(row[header.index("Enquiry")], "Confidential enquiry")
        self.assertEqual(row[header.index("Enquiries received")], 1)
        # Counted all the same: the sheet still adds up to the PDF.
        figures, _data = self._figures(self._report("2026-04-01", "2026-06-30"))
        self.assertEqual(rows[-1][header.index("Enquiries received")], 2)
        self.assertEqual(figures["enquiries"], 2)

    # ------------------------------------------------------------------
    # Access, companies, cost
    # ------------------------------------------------------------------

    def test_managers_report_advisers_do_not(self):
        with self.assertRaises(AccessError):
            self._report(user=self.user_adviser)
        with self.assertRaises(AccessError):
            self.programme.with_user(self.user_adviser).read(["name"])
        with self.assertRaises(AccessError):
            self.env["provide.enquiry.event"].with_user(self.user_adviser).search([])
        # Nor through the report itself, the PDF's or the spreadsheet's.
        report = self._report("2026-01-01", "2026-06-30")
        Report = self.env[REPORT].with_user(self.user_adviser)
        with self.assertRaisesRegex(AccessError, "Only co-op managers"):
            Report._get_report_values(report.ids)
        with self.assertRaisesRegex(AccessError, "Only co-op managers"):
            Report._xlsx(self.programme, report.date_from, report.date_to)

    def test_another_company_neither_sees_the_programme_nor_is_counted(self):
        manager_b = self.user_manager_b
        with self.assertRaises(AccessError):
            self.programme.with_user(manager_b).read(["name"])
        Event = self.env["provide.enquiry.event"].with_user(manager_b)
        self.assertEqual(set(Event.search([]).enquiry_id.ids), {self.e6.id})

    def test_queries_do_not_grow_with_the_enquiries(self):
        def spent():
            report = self._report("2026-01-01", "2026-06-30")
            self.env.invalidate_all()
            before = self.cr.sql_log_count
            Report = self.env[REPORT].with_user(self.user_manager)
            Report._report_data(self.programme, report.date_from, report.date_to)
            Report._detail_rows(self.programme, (date(2026, 1, 1), date(2026, 6, 30)))
            return self.cr.sql_log_count - before

        spent()  # warm the caches
        few = spent()
        more = self.env["provide.enquiry"].create(
            [
                {"name": f"More {i}", "date_received": "2026-02-01 09:00:00"}
                for i in range(40)
            ]
        )
        self.env["provide.service.delivery"].create(
            [
                {
                    "enquiry_id": enquiry.id,
                    "date": "2026-02-02",
                    "hours": 1,
                    "user_id": self.user_adviser.id,
                }
                for enquiry in more
            ]
        )
        self.env.flush_all()
        self.assertEqual(spent(), few)
