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
        self.assertRegex(html, r'o_provide_total">\s*2\s*<')

    def test_pdf_renders_for_an_empty_period(self):
        summary = self._summary("2024-01-01", "2024-01-31")
        self.assertRendersPdf(
            "provide_coop.provide_pipeline_summary_report", summary, self.user_manager
        )
        html = self._render_html(summary)
        self.assertIn("No enquiries were created in this period.", html)
        self.assertNotIn("Library staff mutual", html)

    def test_period_must_not_end_before_it_starts(self):
        summary = self._summary("2025-03-31", "2025-03-01")
        with self.assertRaisesRegex(UserError, "must end on or after its start"):
            summary.action_print()

    def test_user_cannot_print_the_summary(self):
        with self.assertRaises(AccessError):
            self._summary("2025-03-01", "2025-03-31", user=self.user_adviser)
