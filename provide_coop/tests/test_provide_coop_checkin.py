from datetime import date, datetime

from freezegun import freeze_time

from odoo.exceptions import AccessError, ValidationError
from odoo.tests import Form, tagged

from .common import TestProvideCommon


@tagged("post_install", "-at_install")
class TestProvideCoopCheckin(TestProvideCommon):
    """Outcome check-ins after launch: planned for the adviser at the
    schedule of the settings (6, 12 and 36 months) on working days, each
    recorded as a dated snapshot; a missed one shows as overdue."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.checkin_type = cls.env.ref(
            "provide_coop.mail_activity_type_provide_checkin"
        )
        # A bank holiday on Friday 28 August 2026, in the company's calendar.
        cls.env["resource.calendar.leaves"].create(
            {
                "name": "Bank holiday (test)",
                "calendar_id": cls.company_a.resource_calendar_id.id,
                "date_from": datetime(2026, 8, 28, 0, 0),
                "date_to": datetime(2026, 8, 28, 23, 59),
            }
        )
        cls._assess(cls.enquiry)
        cls.coop = cls._record_coop(cls.enquiry, members_worker=20, jobs_created=2)
        # Launched on Saturday 28 February 2026.
        with freeze_time("2026-02-28 11:00:00"):
            cls.enquiry.stage_id = cls.stage_launched

    def _checkins_planned(self, coop=None):
        return self.env["mail.activity"].search(
            [
                ("res_model", "=", "provide.coop"),
                ("res_id", "=", (coop or self.coop).id),
                ("activity_type_id", "=", self.checkin_type.id),
            ],
            order="date_deadline",
        )

    def test_checkins_planned_on_working_days_for_the_adviser(self):
        self.assertEqual(self.coop.date_launched, date(2026, 2, 28))
        planned = self._checkins_planned()
        self.assertEqual(
            [(a.summary, a.date_deadline) for a in planned],
            [
                # Six months on is Friday 28 August, a bank holiday: Monday.
                ("6-month outcome check-in", date(2026, 8, 31)),
                # Twelve months on is a Sunday: Monday 1 March.
                ("12-month outcome check-in", date(2027, 3, 1)),
                # Thirty-six months on is a Wednesday.
                ("36-month outcome check-in", date(2029, 2, 28)),
            ],
        )
        self.assertEqual(planned.user_id, self.user_adviser, "the co-op's adviser")
        self.assertEqual(self.coop.next_checkin_date, date(2026, 8, 31))

    def test_a_second_launch_plans_nothing_twice(self):
        self.enquiry.stage_id = self.stage_support_team
        self.enquiry.stage_id = self.stage_launched
        self.assertEqual(len(self._checkins_planned()), 3)
        self.assertEqual(self.coop.date_launched, date(2026, 2, 28))

    def test_recording_a_checkin_keeps_a_snapshot_and_marks_the_checkin_done(self):
        with freeze_time("2026-08-20 10:00:00"):
            action = self.coop.with_user(self.user_adviser).action_record_checkin()
            Checkin = (
                self.env["provide.coop.checkin"]
                .with_user(self.user_adviser)
                .with_context(**action["context"])
            )
            with Form(Checkin) as form:
                # Filled in from the co-op at launch.
                self.assertEqual(form.members_worker, 20)
                self.assertEqual(form.jobs, 2)
                form.members_worker = 23
                form.members_user = 10
                form.jobs = 21
                form.turnover = 350000
                form.service_users = 280
                form.note = "New contract with the county."
            first = form.record
        self.assertEqual(first.date, date(2026, 8, 20))
        self.assertEqual(first.months_after_launch, 5)
        self.assertEqual(first.member_count, 33)
        # Eleven days before its deadline: the six-month check-in is done.
        self.assertEqual(
            self._checkins_planned().mapped("summary"),
            ["12-month outcome check-in", "36-month outcome check-in"],
        )
        coop = self.coop
        self.assertEqual(coop.latest_checkin_id, first)
        self.assertEqual(
            (coop.latest_member_count, coop.latest_jobs, coop.latest_turnover),
            (33, 21, 350000),
        )
        self.assertEqual(coop.trading_status, "trading")
        # A year on, it has stopped trading.
        with freeze_time("2027-03-03 10:00:00"):
            second = self.env["provide.coop.checkin"].create(
                {
                    "coop_id": coop.id,
                    "still_trading": False,
                    "contract_renewed": "no",
                    "note": "Lost the contract at renewal.",
                }
            )
        self.assertEqual(coop.latest_checkin_id, second)
        self.assertEqual(coop.trading_status, "ceased")
        self.assertEqual(coop.checkin_ids, second | first, "newest first")
        self.assertEqual(coop.checkin_count, 2)
        self.assertEqual(
            self._checkins_planned().mapped("summary"), ["36-month outcome check-in"]
        )
        # Its done check-ins are in the co-op's chatter.
        self.assertEqual(
            len(
                coop.message_ids.filtered(
                    lambda m: m.mail_activity_type_id == self.checkin_type
                )
            ),
            2,
        )

    def test_an_early_checkin_answers_no_planned_one(self):
        with freeze_time("2026-05-01 10:00:00"):
            self.env["provide.coop.checkin"].create({"coop_id": self.coop.id})
        self.assertEqual(len(self._checkins_planned()), 3)

    def test_a_missed_checkin_is_overdue_for_managers(self):
        Coop = self.env["provide.coop"].with_user(self.user_manager)
        with freeze_time("2026-08-31 10:00:00"):
            self.assertFalse(self.coop.checkin_overdue)
            self.assertFalse(Coop.search([("checkin_overdue", "=", True)]))
        with freeze_time("2026-09-01 10:00:00"):
            self.coop.invalidate_recordset(["checkin_overdue"])
            self.assertTrue(self.coop.checkin_overdue)
            self.assertEqual(Coop.search([("checkin_overdue", "=", True)]), self.coop)
            self.assertNotIn(self.coop, Coop.search([("checkin_overdue", "=", False)]))
            action = self.env["ir.actions.act_window"]._for_xml_id(
                "provide_coop.provide_coop_action_overdue"
            )
            self.assertIn("search_default_checkin_overdue", action["context"])
            self.env["provide.coop.checkin"].create({"coop_id": self.coop.id})
            self.coop.invalidate_recordset(["checkin_overdue"])
            self.assertFalse(self.coop.checkin_overdue)

    def test_checkin_before_the_launch_or_negative_refused(self):
        with self.assertRaisesRegex(ValidationError, "before its launch"):
            self.env["provide.coop.checkin"].create(
                {"coop_id": self.coop.id, "date": "2026-01-10"}
            )
        with self.assertCheckRefused(
            "jobs, turnover and service users .* cannot be negative",
            "provide.coop.checkin",
        ):
            self.env["provide.coop.checkin"].create(
                {"coop_id": self.coop.id, "date": "2026-03-10", "jobs": -2}
            )

    def test_the_schedule_is_set_in_the_settings(self):
        settings = self.env["res.config.settings"].create({})
        self.assertEqual(settings.provide_checkin_months, "6, 12, 36")
        settings.provide_checkin_months = "3, 12"
        settings.execute()
        plan = self.env.ref("provide_coop.provide_plan_checkin")
        self.assertEqual(
            sorted(plan.template_ids.mapped("delay_count")), [3, 12], plan.template_ids
        )
        self.assertEqual(
            self.env["res.config.settings"].create({}).provide_checkin_months, "3, 12"
        )
        other = self.env["provide.enquiry"].create(
            {
                "name": "Nursery co-op",
                "user_id": self.user_manager.id,
                "date_received": "2026-01-05 09:00:00",
            }
        )
        self._assess(other)
        coop = self._record_coop(other)
        with freeze_time("2026-06-01 09:00:00"):  # a Monday
            other.stage_id = self.stage_launched
        self.assertEqual(
            [(a.summary, a.date_deadline) for a in self._checkins_planned(coop)],
            [
                ("3-month outcome check-in", date(2026, 9, 1)),
                ("12-month outcome check-in", date(2027, 6, 1)),
            ],
        )
        self.assertEqual(self._checkins_planned(coop).user_id, self.user_manager)
        settings = self.env["res.config.settings"].create({})
        settings.provide_checkin_months = "six"
        with self.assertRaisesRegex(ValidationError, "months after launch"):
            settings.execute()

    def test_history_as_a_list_and_a_graph(self):
        Checkin = self.env["provide.coop.checkin"]
        for day, jobs in (("2026-05-01", 20), ("2026-09-01", 24)):
            Checkin.create({"coop_id": self.coop.id, "date": day, "jobs": jobs})
        groups = Checkin.with_user(self.user_manager).read_group(
            [("coop_id", "=", self.coop.id)], ["jobs:sum"], ["date:quarter"]
        )
        self.assertEqual([g["jobs"] for g in groups], [20, 24])
        self.assertTrue(
            self.env["provide.coop.checkin"].get_views([(False, "graph")])["views"][
                "graph"
            ]["arch"]
        )

    def test_totals_count_each_coop_once_not_its_snapshots_summed(self):
        Checkin = self.env["provide.coop.checkin"]
        Checkin.create(
            {"coop_id": self.coop.id, "date": "2026-05-01", "members_worker": 180}
        )
        latest = Checkin.create(
            {"coop_id": self.coop.id, "date": "2026-09-01", "members_worker": 190}
        )
        action = self.env["ir.actions.act_window"]._for_xml_id(
            "provide_coop.provide_coop_checkin_action"
        )
        # The check-ins open on the latest snapshot of each co-op ...
        self.assertIn("'search_default_latest': 1", action["context"])
        search = Checkin.get_views([(False, "search")])["views"]["search"]["arch"]
        self.assertIn("is_latest", search)
        groups = Checkin.with_user(self.user_manager).read_group(
            [("is_latest", "=", True)], ["member_count:sum"], ["coop_id"]
        )
        # ... so the co-op reads 190 members, not 370.
        self.assertEqual(
            [(g["coop_id"][0], g["member_count"]) for g in groups],
            [(self.coop.id, 190)],
        )
        self.assertEqual(Checkin.search([("is_latest", "=", True)]), latest)
        # An earlier snapshot recorded late does not take the latest's place.
        Checkin.create(
            {"coop_id": self.coop.id, "date": "2026-06-01", "members_worker": 5}
        )
        self.assertEqual(Checkin.search([("is_latest", "=", True)]), latest)

    def test_advisers_record_checkins_other_companies_do_not_see_them(self):
        checkin = (
            self.env["provide.coop.checkin"]
            .with_user(self.user_adviser)
            .create({"coop_id": self.coop.id, "jobs": 3})
        )
        with self.assertRaises(AccessError):
            checkin.unlink()
        with self.assertRaises(AccessError):
            checkin.with_user(self.user_adviser_b).read(["jobs"])
        self.assertFalse(
            self.env["provide.coop.checkin"].with_user(self.user_adviser_b).search([])
        )
