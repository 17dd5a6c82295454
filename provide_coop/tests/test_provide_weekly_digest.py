from datetime import timedelta

from odoo import Command, fields
from odoo.tests import new_test_user

from .common import TestProvideCommon


class TestProvideWeeklyDigest(TestProvideCommon):
    """The weekly digest mails managers the week's pipeline numbers, and only
    when the setting is on."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.company_c = cls.env["res.company"].create({"name": "Provide West"})
        cls.manager_c = new_test_user(
            cls.env,
            login="provide_manager_c",
            name="Wyn Manager (West)",
            email="wyn.manager@west.example.com",
            groups="provide_coop.group_provide_manager",
            company_id=cls.company_c.id,
            company_ids=[Command.set(cls.company_c.ids)],
            context={"no_reset_password": True},
        )
        Stage = cls.env["provide.assessment.stage"]
        cls.stage_intake = Stage.create({"name": "Intake (test)", "sequence": 5})
        cls.stage_review = Stage.create({"name": "Review (test)", "sequence": 6})
        cls.stage_trading = Stage.create(
            {"name": "Trading (test)", "sequence": 70, "is_won": True}
        )
        Enquiry = cls.env["provide.enquiry"].with_company(cls.company_c)
        cls.enquiries = Enquiry.create(
            [
                {"name": f"West enquiry {i}", "stage_id": cls.stage_intake.id}
                for i in range(6)
            ]
        )
        cls.env.flush_all()
        old, older = cls.enquiries[:3], cls.enquiries[3:]
        # Three were created a month ago (one untouched since: stalled).
        cls.env.cr.execute(
            "UPDATE provide_enquiry SET create_date = NOW() - INTERVAL '40 days', "
            "last_touch_date = NOW() - INTERVAL '40 days', "
            "date_last_stage_update = NOW() - INTERVAL '40 days' WHERE id IN %s",
            (tuple(old.ids),),
        )
        cls.env.invalidate_all()
        old[0].write({"stage_id": cls.stage_review.id})  # moved this week
        old[1].write({"stage_id": cls.stage_trading.id})  # launched this week
        older[0]._close(cls.reason_withdrawn)  # new, and closed this week
        cls.env.flush_all()

    def _digest_mails(self):
        return self.env["mail.mail"].search(
            [("email_to", "ilike", "wyn.manager@west.example.com")]
        )

    def test_digest_lists_the_weeks_numbers(self):
        self.env["res.config.settings"].create(
            {"provide_weekly_digest": True}
        ).execute()
        self.assertTrue(
            self.env.ref("provide_coop.ir_cron_provide_weekly_digest").active,
            "the setting switches the scheduled action on",
        )
        self.env["provide.enquiry"]._cron_send_weekly_digest()
        mail = self._digest_mails()
        self.assertEqual(len(mail), 1)
        body = mail.body_html
        # New: the three created this week; moved: the two older ones moved
        # this week (launching is a move too); launched: one; closed: one;
        # stalled: the one untouched for 40 days.
        for css, number in (
            ("new", 3),
            ("moved", 2),
            ("launched", 1),
            ("closed", 1),
            ("stalled", 1),
        ):
            with self.subTest(figure=css):
                self.assertRegex(body, rf'o_digest_{css}">\s*{number}\s*<')

    def test_digest_numbers_stay_within_the_managers_companies(self):
        since = fields.Datetime.now() - timedelta(days=7)
        numbers = (
            self.env["provide.enquiry"]
            .with_user(self.manager_c)
            .with_context(allowed_company_ids=self.company_c.ids)
            ._weekly_digest_numbers(since)
        )
        self.assertEqual(numbers["new"], 3)

    def test_nothing_is_sent_when_the_setting_is_off(self):
        self.env["res.config.settings"].create(
            {"provide_weekly_digest": False}
        ).execute()
        self.assertFalse(
            self.env.ref("provide_coop.ir_cron_provide_weekly_digest").active
        )
        self.assertFalse(self.env["provide.enquiry"]._cron_send_weekly_digest())
        self.assertFalse(self._digest_mails())
