from odoo.exceptions import AccessError
from odoo.tests import new_test_user

from .common import TestProvideCommon


class TestConfidentialEnquiries(TestProvideCommon):
    """A confidential enquiry (a worker speaking about their own employer's
    plans) is seen by its adviser, its support team's members who are users
    and managers; other advisers neither find nor open it, nor what hangs
    off it. Reports count it without its name."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.user_other = new_test_user(
            cls.env,
            login="provide_other_adviser",
            name="Otto Other",
            groups="provide_coop.group_provide_user",
            context={"no_reset_password": True},
        )
        cls.user_member = new_test_user(
            cls.env,
            login="provide_team_member",
            name="Tess Team",
            groups="provide_coop.group_provide_user",
            context={"no_reset_password": True},
        )
        cls.enquiry.is_confidential = True
        cls.assessment = cls.env["provide.assessment"].create(
            {"enquiry_id": cls.enquiry.id}
        )
        cls.study = cls.env["provide.feasibility.study"].create(
            {"enquiry_id": cls.enquiry.id, "name": "Market test (confidential)"}
        )
        cls.consent = cls.env["provide.consent"].create(
            {
                "partner_id": cls.enquirer.id,
                "enquiry_id": cls.enquiry.id,
                "text": "I agree",
                "version": "1",
                "channel": "phone",
            }
        )
        cls.open_enquiry = cls.env["provide.enquiry"].create(
            {"name": "Open leisure trust", "user_id": cls.user_adviser.id}
        )

    def visible(self, user, model="provide.enquiry", records=None):
        records = records or self.enquiry
        return bool(
            self.env[model].with_user(user).search_count([("id", "in", records.ids)])
        )

    def test_adviser_and_manager_see_it(self):
        for user in (self.user_adviser, self.user_manager):
            self.assertTrue(self.visible(user), user.login)
            self.enquiry.with_user(user).check_access("read")
            self.enquiry.with_user(user).read(["name", "partner_id"])

    def test_another_adviser_neither_finds_nor_opens_it(self):
        self.assertFalse(self.visible(self.user_other))
        self.assertTrue(self.visible(self.user_other, records=self.open_enquiry))
        with self.assertRaises(AccessError):
            self.enquiry.with_user(self.user_other).read(["name"])
        with self.assertRaises(AccessError):
            self.enquiry.with_user(self.user_other).write({"priority": "2"})

    def test_support_team_member_who_is_a_user_sees_it(self):
        self.assertFalse(self.visible(self.user_member))
        self.env["provide.support.member"].create(
            {
                "enquiry_id": self.enquiry.id,
                "partner_id": self.user_member.partner_id.id,
            }
        )
        self.assertTrue(self.visible(self.user_member))
        self.enquiry.with_user(self.user_member).read(["name"])

    def test_reassigned_adviser_gains_it_and_the_old_one_loses_it(self):
        self.enquiry.user_id = self.user_other
        self.assertTrue(self.visible(self.user_other))
        self.assertFalse(self.visible(self.user_adviser))

    def test_what_hangs_off_it_is_hidden_too(self):
        hidden = {
            "provide.assessment": self.assessment,
            "provide.feasibility.study": self.study,
            "provide.consent": self.consent,
            "provide.enquiry.stage.history": self.enquiry.stage_history_ids,
            "provide.service.delivery": self.env["provide.service.delivery"].create(
                {
                    "enquiry_id": self.enquiry.id,
                    "user_id": self.user_adviser.id,
                    "kind": "phone",
                    "hours": 1.5,
                }
            ),
        }
        for model, records in hidden.items():
            self.assertTrue(records, model)
            self.assertFalse(self.visible(self.user_other, model, records), model)
            self.assertTrue(self.visible(self.user_adviser, model, records), model)
            self.assertTrue(self.visible(self.user_manager, model, records), model)
        # Its chatter follows the enquiry's access.
        message = self.enquiry.message_post(body="Confidential note")
        with self.assertRaises(AccessError):
            message.with_user(self.user_other).read(["body"])

    def test_not_confidential_any_more_is_visible_to_all_advisers(self):
        self.enquiry.is_confidential = False
        self.assertTrue(self.visible(self.user_other))

    def test_pipeline_report_counts_it_without_its_name(self):
        Report = self.env["provide.pipeline.report"].with_user(self.user_manager)
        rows = Report.search([("enquiry_id", "=", self.enquiry.id)])
        self.assertEqual(len(rows), 1)
        self.assertEqual(rows.name, f"Confidential enquiry {self.enquiry.reference}")
        self.assertNotIn(self.enquiry.name, rows.name)
        total = Report.search_count([])
        self.assertEqual(
            total,
            self.env["provide.enquiry"]
            .with_context(active_test=False)
            .search_count([]),
            "every enquiry is counted, the confidential one included",
        )
