import re

from freezegun import freeze_time

from odoo.exceptions import AccessError, UserError
from odoo.tests import tagged

from .common import TestProvideCommon


@tagged("post_install", "-at_install")
class TestProvidePipelineSummary(TestProvideCommon):
    """The printed pipeline summary for a period, managers only."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.stage_intake = cls._create_intake_stage()
        with freeze_time("2025-03-10 10:00:00"):
            cls.enquiries = cls.env["provide.enquiry"].create(
                [
                    {
                        "name": "Library staff mutual",
                        "stage_id": cls.stage_intake.id,
                        "sector_id": cls.sector_leisure.id,
                        "user_id": cls.user_adviser.id,
                    },
                    {
                        "name": "GP out-of-hours co-op",
                        "stage_id": cls.stage_intake.id,
                        "sector_id": cls.sector_health.id,
                        "user_id": cls.user_adviser.id,
                    },
                    {
                        "name": "Estate caretakers, sector not yet known",
                        "stage_id": cls.stage_intake.id,
                        "user_id": cls.user_adviser.id,
                    },
                ]
            )
            cls.env.flush_all()

    def _summary(self, date_from, date_to, user=None):
        return (
            self.env["provide.pipeline.summary"]
            .with_user(user or self.user_manager)
            .create({"date_from": date_from, "date_to": date_to})
        )

    def _render_html(self, summary):
        return self.render_html(
            "provide_coop.provide_pipeline_summary_report", summary, self.user_manager
        )

    def test_pdf_renders_for_a_period_with_enquiries(self):
        summary = self._summary("2025-03-01", "2025-03-31")
        self.assertRendersPdf(
            "provide_coop.provide_pipeline_summary_report", summary, self.user_manager
        )
        with freeze_time("2025-06-01 10:00:00"):
            html = self._render_html(summary)
        self.assertIn("Library staff mutual", html, "stalled since March")
        self.assertIn("GP out-of-hours co-op", html)
        self.assertIn(self.sector_health.name, html)
        self.assertRegex(html, r'o_provide_total">\s*3\s*<')

    def test_a_stalled_enquiry_without_adviser_says_unassigned(self):
        """An empty Adviser cell reads as a printing fault; the days line up
        on the right like every other number of the summary."""
        unassigned = self.enquiries[0]
        unassigned.user_id = False
        with freeze_time("2025-06-01 10:00:00"):
            html = self._render_html(self._summary("2025-03-01", "2025-03-31"))
            days_stalled = unassigned.days_stalled
        table = html.split("o_provide_stalled", 1)[1].split("</table>", 1)[0]
        header = re.findall(r"<th([^>]*)>\s*Days stalled", table)
        self.assertEqual(len(header), 1)
        self.assertIn("text-end", header[0])
        (row,) = re.findall(
            rf"<td>{re.escape(unassigned.display_name)}</td>(.*?)</tr>",
            table,
            re.DOTALL,
        )
        adviser, days = re.findall(r"<td([^>]*)>(.*?)</td>", row, re.DOTALL)
        self.assertEqual(adviser[1].strip(), "Unassigned")
        self.assertIn("text-end", days[0])
        self.assertEqual(days[1].strip(), str(days_stalled))
        # An enquiry with an adviser still names them.
        self.assertIn(f"<td>{self.user_adviser.name}</td>", table)

    def test_each_table_keeps_with_its_heading_on_one_page(self):
        html = self._render_html(self._summary("2025-03-01", "2025-03-31"))
        self.assertIn('class="page o_provide_report"', html)
        sections = html.split('class="o_provide_section"')[1:]
        self.assertEqual(len(sections), 3)
        for section, heading in zip(
            sections,
            (
                "Enquiries that entered each stage",
                "Received, assessed",
                "Longest stalled",
            ),
            strict=True,
        ):
            self.assertIn(heading, section.split("</table>", 1)[0])

    def test_enquiries_without_sector_have_their_own_column(self):
        html = self._render_html(self._summary("2025-03-01", "2025-03-31"))
        table = html.split("o_provide_stage_sector", 1)[1].split("</table>", 1)[0]
        self.assertIn("No sector", table)
        # Intake row: leisure, health, no sector, then the row's total.
        self.assertRegex(
            table,
            r"Intake \(test\)</td>\s*"
            r"(<td[^>]*>1</td>\s*){3}<td[^>]*><strong>3</strong>",
        )

    def test_no_sector_column_only_when_needed(self):
        self.enquiries[2].sector_id = self.sector_leisure
        self.env.flush_all()
        html = self._render_html(self._summary("2025-03-01", "2025-03-31"))
        table = html.split("o_provide_stage_sector", 1)[1].split("</table>", 1)[0]
        self.assertNotIn("No sector", table)

    def test_totals_equal_the_enquiries_received_in_the_period(self):
        # One more in the period but closed, one the day after it ends.
        with freeze_time("2025-03-31 22:30:00"):
            closed = self.env["provide.enquiry"].create(
                {"name": "Withdrawn idea", "stage_id": self.stage_intake.id}
            )
            closed._close(self.reason_withdrawn)
        with freeze_time("2025-04-01 08:00:00"):
            self.env["provide.enquiry"].create(
                {"name": "April idea", "stage_id": self.stage_intake.id}
            )
        self.env.flush_all()
        received = (
            self.env["provide.enquiry"]
            .with_context(active_test=False)
            .search_count(
                [
                    ("date_received", ">=", "2025-03-01 00:00:00"),
                    ("date_received", "<=", "2025-03-31 23:59:59"),
                ]
            )
        )
        self.assertEqual(received, 4)
        summary = self._summary("2025-03-01", "2025-03-31")
        data = summary._summary_data()
        self.assertEqual(data["total"], received)
        self.assertEqual(sum(row["total"] for row in data["rows"]), received)
        self.assertEqual(sum(data["column_totals"]), received)
        self.assertEqual(data["conversion_total"]["count"], received)
        html = self._render_html(summary)
        self.assertRegex(html, rf'o_provide_grand_total">\s*{received}\s*<')
        self.assertRegex(html, rf'o_provide_conversion_total">\s*{received}\s*<')
        conversion = html.split("o_provide_conversion", 1)[1].split("</table>", 1)[0]
        self.assertIn("No sector", conversion)

    def test_company_name_and_logo_in_the_page_body(self):
        self.company_a.name = "Provide Agency (test)"
        html = self._render_html(self._summary("2025-03-01", "2025-03-31"))
        body = html.split('class="page', 1)[1]
        self.assertIn("Provide Agency (test)", body)
        self.assertIn('src="data:image/', body)

    def test_period_defaults_to_the_last_full_month(self):
        with freeze_time("2025-04-15 10:00:00"):
            summary = self.env["provide.pipeline.summary"].create({})
        self.assertEqual(
            (str(summary.date_from), str(summary.date_to)),
            ("2025-03-01", "2025-03-31"),
        )
        with freeze_time("2025-01-01 10:00:00"):
            summary = self.env["provide.pipeline.summary"].create({})
        self.assertEqual(
            (str(summary.date_from), str(summary.date_to)),
            ("2024-12-01", "2024-12-31"),
        )

    def test_pdf_renders_for_an_empty_period(self):
        summary = self._summary("2024-01-01", "2024-01-31")
        self.assertRendersPdf(
            "provide_coop.provide_pipeline_summary_report", summary, self.user_manager
        )
        html = self._render_html(summary)
        self.assertIn("No enquiries were received in this period.", html)
        self.assertNotIn("Library staff mutual", html)

    def test_print_downloads_the_pdf_and_closes_the_dialog(self):
        summary = self._summary("2025-03-01", "2025-03-31")
        action = summary.action_print()
        self.assertEqual(
            action["report_name"], "provide_coop.provide_pipeline_summary_document"
        )
        self.assertTrue(action["close_on_report_download"])

    def test_period_must_not_end_before_it_starts(self):
        summary = self._summary("2025-03-31", "2025-03-01")
        with self.assertRaisesRegex(UserError, "must end on or after its start"):
            summary.action_print()

    def test_events_count_in_the_period_they_happened(self):
        """An enquiry received in February, assessed, launched and with a
        study delivered in March counts in March's launches, assessments,
        studies and stage entries, not in its enquiries received; one closed
        in March counts as closed."""
        with freeze_time("2025-02-10 09:00:00"):
            older = self.env["provide.enquiry"].create(
                {
                    "name": "February homecare idea",
                    "stage_id": self.stage_intake.id,
                    "sector_id": self.sector_social_care.id,
                }
            )
            withdrawn = self.env["provide.enquiry"].create(
                {"name": "February leisure idea", "stage_id": self.stage_intake.id}
            )
        with freeze_time("2025-03-12 09:00:00"):
            self._assess(older)
            study = self.env["provide.feasibility.study"].create(
                {"name": "Homecare market", "enquiry_id": older.id}
            )
            study.action_deliver()
            withdrawn._close(self.reason_withdrawn)
        self._record_coop(older)
        with freeze_time("2025-03-20 09:00:00"):
            older.stage_id = self.stage_launched
        self.env.flush_all()
        data = self._summary("2025-03-01", "2025-03-31")._summary_data()
        self.assertEqual(
            data["events"],
            {"received": 3, "assessed": 1, "study": 1, "launched": 1, "closed": 1},
        )
        launched_row = next(row for row in data["rows"] if row["name"] == "Launched")
        self.assertEqual(launched_row["total"], 1)
        social_care = next(
            line for line in data["conversion"] if line["name"] == "Social care"
        )
        self.assertEqual(
            (social_care["count"], social_care["assessed"], social_care["launched"]),
            (0, 1, 1),
        )
        # February saw them come in, and nothing else.
        data = self._summary("2025-02-01", "2025-02-28")._summary_data()
        self.assertEqual(
            data["events"],
            {"received": 2, "assessed": 0, "study": 0, "launched": 0, "closed": 0},
        )
        html = self._render_html(self._summary("2025-03-01", "2025-03-31"))
        self.assertRegex(html, r'o_provide_launched">\s*1\s*<')
        self.assertRegex(html, r'o_provide_closed">\s*1\s*<')
        # Social care: 0 received, 1 launched. The table says these are the
        # period's events, not a conversion, and gives no rate over 100 %.
        table = html.split("o_provide_conversion_note", 1)[1].split("</table>", 1)[0]
        self.assertIn("not a conversion rate", table)
        self.assertNotIn("%", table)
        self.assertNotIn("<h4>Conversion</h4>", html)

    def test_user_cannot_print_the_summary(self):
        with self.assertRaises(AccessError):
            self._summary("2025-03-01", "2025-03-31", user=self.user_adviser)
