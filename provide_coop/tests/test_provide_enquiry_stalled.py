from freezegun import freeze_time

from odoo.exceptions import UserError
from odoo.tests import tagged

from .common import TestProvideCommon


@tagged("post_install", "-at_install")
class TestProvideEnquiryStalled(TestProvideCommon):
    """An open enquiry nobody has touched for the stall period is stalled; a
    stage move, an activity or a message un-stalls it."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.stage_intake = cls._create_intake_stage()
        cls.stage_review = cls.env["provide.assessment.stage"].create(
            {"name": "Review (test)", "sequence": 6}
        )
        with freeze_time("2026-01-01 09:00:00"):
            cls.quiet = cls.env["provide.enquiry"].create(
                {
                    "name": "Leisure centre staff buy-out",
                    "stage_id": cls.stage_intake.id,
                    "user_id": cls.user_adviser.id,
                }
            )
            cls.env.flush_all()

    def _stalled(self):
        Enquiry = self.env["provide.enquiry"].with_user(self.user_adviser)
        return Enquiry.search([("is_stalled", "=", True), ("id", "=", self.quiet.id)])

    def test_not_stalled_within_the_period(self):
        with freeze_time("2026-01-30 09:00:00"):
            self.assertFalse(self._stalled())
            self.assertFalse(self.quiet.is_stalled)

    @freeze_time("2026-02-05 09:00:00")
    def test_stalled_after_the_default_thirty_days(self):
        self.assertEqual(self._stalled(), self.quiet)
        self.quiet.invalidate_recordset(["is_stalled", "days_stalled"])
        self.assertTrue(self.quiet.is_stalled)
        self.assertEqual(self.quiet.days_stalled, 35)
        not_stalled = self.env["provide.enquiry"].search(
            [("is_stalled", "=", False), ("id", "=", self.quiet.id)]
        )
        self.assertFalse(not_stalled)

    @freeze_time("2026-02-05 09:00:00")
    def test_stall_period_is_a_setting(self):
        settings = self.env["res.config.settings"].create({"provide_stall_days": 60})
        settings.execute()
        self.assertEqual(
            self.env["ir.config_parameter"].get_param("provide_coop.stall_days"), "60"
        )
        self.assertFalse(self._stalled())

    @freeze_time("2026-02-05 09:00:00")
    def test_stage_move_unstalls(self):
        self.quiet.write({"stage_id": self.stage_review.id})
        self.env.flush_all()
        self.assertFalse(self._stalled())

    @freeze_time("2026-02-05 09:00:00")
    def test_message_unstalls(self):
        self.quiet.with_user(self.user_adviser).message_post(
            body="Called the enquirer back.", message_type="comment"
        )
        self.assertFalse(self._stalled())

    @freeze_time("2026-02-05 09:00:00")
    def test_scheduled_activity_unstalls(self):
        self.quiet.with_user(self.user_adviser).activity_schedule(
            "mail.mail_activity_data_call", user_id=self.user_adviser.id
        )
        self.assertFalse(self._stalled())

    def test_done_activity_unstalls(self):
        with freeze_time("2026-01-02 09:00:00"):
            activity = self.quiet.activity_schedule(
                "mail.mail_activity_data_call", user_id=self.user_adviser.id
            )
            self.env.flush_all()
        with freeze_time("2026-02-20 09:00:00"):
            self.assertEqual(self._stalled(), self.quiet)
            activity.with_user(self.user_adviser).action_done()
            self.assertFalse(self._stalled())

    @freeze_time("2026-02-05 09:00:00")
    def test_closed_enquiry_is_not_stalled(self):
        with freeze_time("2026-01-01 10:00:00"):
            self.quiet._close(self.reason_withdrawn)
            self.env.flush_all()
        Enquiry = self.env["provide.enquiry"].with_context(active_test=False)
        self.assertFalse(
            Enquiry.search([("is_stalled", "=", True), ("id", "=", self.quiet.id)])
        )

    def test_unsupported_filter_on_stalled_is_a_clear_error(self):
        Enquiry = self.env["provide.enquiry"].with_user(self.user_manager)
        for domain in (
            [("is_stalled", "in", [True])],
            [("is_stalled", "=", "yes")],
            [("is_stalled", ">", 1)],
        ):
            with self.assertRaisesRegex(UserError, "Stalled enquiries can only be"):
                Enquiry.search(domain)
        self.assertIn(self.enquiry, Enquiry.search([("is_stalled", "!=", True)]))

    def test_stalled_view_states_its_period(self):
        Enquiry = self.env["provide.enquiry"].with_user(self.user_manager)
        self.assertIn("untouched for 30 days", Enquiry.action_stalled()["name"])
        self.env["ir.config_parameter"].set_param("provide_coop.stall_days", 45)
        action = Enquiry.action_stalled()
        self.assertIn("untouched for 45 days", action["name"])
        self.assertIn("45 days", action["help"])
        self.assertEqual(
            self.env.ref("provide_coop.provide_enquiry_menu_stalled").action,
            self.env.ref("provide_coop.provide_enquiry_action_stalled_server"),
        )
