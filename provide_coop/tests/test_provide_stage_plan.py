from datetime import date, datetime

from freezegun import freeze_time

from odoo.exceptions import AccessError, UserError
from odoo.tests import tagged
from odoo.tools import file_open

from .common import TestProvideCommon, load_migration


@tagged("post_install", "-at_install")
class TestProvideStagePlan(TestProvideCommon):
    """Entering a stage schedules its activity plan for the adviser, once;
    the enquiry keeps how long it spent in every stage."""

    def _open_activities(self, enquiry, activity_type=None):
        domain = [("res_model", "=", "provide.enquiry"), ("res_id", "=", enquiry.id)]
        if activity_type:
            domain.append(("activity_type_id", "=", activity_type.id))
        return self.env["mail.activity"].search(domain)

    def test_formal_assessment_schedules_a_call_within_five_working_days(self):
        call = self.env.ref("provide_coop.mail_activity_type_provide_assessment_call")
        with freeze_time("2026-11-20 10:00:00"):  # a Friday
            self.enquiry.with_user(self.user_manager).stage_id = self.stage_assessment
        activity = self._open_activities(self.enquiry, call)
        self.assertEqual(len(activity), 1)
        self.assertEqual(activity.user_id, self.user_adviser, "the enquiry's adviser")
        self.assertEqual(activity.summary, "Assessment call with the enquirer")
        # Five working days after Friday 20 November: Friday 27 November.
        self.assertEqual(activity.date_deadline, date(2026, 11, 27))

    def test_public_holidays_of_the_working_calendar_do_not_count(self):
        call = self.env.ref("provide_coop.mail_activity_type_provide_assessment_call")
        # A bank holiday on Monday 23 November, in the company's calendar.
        self.env["resource.calendar.leaves"].create(
            {
                "name": "Bank holiday",
                "calendar_id": self.company_a.resource_calendar_id.id,
                "date_from": datetime(2026, 11, 23, 0, 0),
                "date_to": datetime(2026, 11, 23, 23, 59),
            }
        )
        with freeze_time("2026-11-20 10:00:00"):  # a Friday
            self.enquiry.with_user(self.user_manager).stage_id = self.stage_assessment
        # Five working days after Friday 20 November, the Monday off:
        # Monday 30 November.
        self.assertEqual(
            self._open_activities(self.enquiry, call).date_deadline, date(2026, 11, 30)
        )

    def test_working_time_changed_later_that_day_counts(self):
        """The days counted are kept for the next move the same day, until
        the calendar's time off or working hours change."""
        call = self.env.ref("provide_coop.mail_activity_type_provide_assessment_call")
        calendar = self.company_a.resource_calendar_id
        with freeze_time("2026-11-20 10:00:00"):  # a Friday
            second, third = self.env["provide.enquiry"].create(
                [
                    {"name": name, "partner_id": self.enquirer.id}
                    for name in ("Second", "Third")
                ]
            )
            self.enquiry.with_user(self.user_manager).stage_id = self.stage_assessment
            self.assertEqual(
                self._open_activities(self.enquiry, call).date_deadline,
                date(2026, 11, 27),
            )
            # A bank holiday on Monday 23 November, added that afternoon.
            self.env["resource.calendar.leaves"].create(
                {
                    "name": "Bank holiday",
                    "calendar_id": calendar.id,
                    "date_from": datetime(2026, 11, 23, 0, 0),
                    "date_to": datetime(2026, 11, 23, 23, 59),
                }
            )
            second.with_user(self.user_manager).stage_id = self.stage_assessment
            self.assertEqual(
                self._open_activities(second, call).date_deadline, date(2026, 11, 30)
            )
            # Fridays stop being working days.
            calendar.attendance_ids.filtered(lambda a: a.dayofweek == "4").unlink()
            third.with_user(self.user_manager).stage_id = self.stage_assessment
        # Monday 23 off, no Fridays: Tue 24 to Thu 26, Mon 30, Tue 1 December.
        self.assertEqual(
            self._open_activities(third, call).date_deadline, date(2026, 12, 1)
        )

    def test_a_move_touches_its_enquiry_at_its_own_time(self):
        """What a move writes carries the move's time, however long it
        takes: the enquiry's last touch is its stage update, not the moment
        the stage's plan created its activities."""
        with freeze_time("2026-11-20 10:00:00", auto_tick_seconds=1):
            self.enquiry.with_user(self.user_manager).stage_id = self.stage_assessment
        self.assertTrue(self._open_activities(self.enquiry))
        self.assertEqual(
            self.enquiry.last_touch_date, self.enquiry.date_last_stage_update
        )

    def test_calendar_days_when_the_stage_says_so(self):
        call = self.env.ref("provide_coop.mail_activity_type_provide_assessment_call")
        self.stage_assessment.plan_in_working_days = False
        with freeze_time("2026-11-20 10:00:00"):
            self.enquiry.stage_id = self.stage_assessment
        self.assertEqual(
            self._open_activities(self.enquiry, call).date_deadline, date(2026, 11, 25)
        )

    def test_delays_in_weeks_fall_on_a_working_day(self):
        call = self.env.ref("provide_coop.mail_activity_type_provide_assessment_call")
        self.env.ref("provide_coop.provide_plan_formal_assessment_call").write(
            {"delay_count": 1, "delay_unit": "weeks"}
        )
        with freeze_time("2026-11-21 10:00:00"):  # a Saturday
            self.enquiry.stage_id = self.stage_assessment
        # A week on is Saturday 28 November: the Monday after.
        self.assertEqual(
            self._open_activities(self.enquiry, call).date_deadline, date(2026, 11, 30)
        )

    def test_a_calendar_without_working_hours_is_explained(self):
        self.company_a.resource_calendar_id.attendance_ids.unlink()
        with self.assertRaisesRegex(UserError, "has too few working days"):
            self.enquiry.with_user(self.user_adviser).stage_id = self.stage_assessment

    def test_back_and_forth_does_not_duplicate_open_activities(self):
        call = self.env.ref("provide_coop.mail_activity_type_provide_assessment_call")
        for stage in (
            self.stage_assessment,
            self.stage_first_contact,
            self.stage_assessment,
            self.stage_assessment,
        ):
            self.enquiry.stage_id = stage
        self.assertEqual(len(self._open_activities(self.enquiry, call)), 1)
        # Once done, entering the stage again plans a new call.
        self._open_activities(self.enquiry, call).action_feedback(feedback="Spoke")
        self.enquiry.stage_id = self.stage_first_contact
        self.enquiry.stage_id = self.stage_assessment
        self.assertEqual(len(self._open_activities(self.enquiry, call)), 1)

    def test_plan_with_several_steps_and_a_set_responsible(self):
        self._assess(self.enquiry, self.recommend_feasibility)
        template = self.env.ref("provide_coop.provide_plan_feasibility_report")
        template.write(
            {"responsible_type": "other", "responsible_id": self.user_manager.id}
        )
        self.enquiry.stage_id = self.stage_feasibility
        activities = self._open_activities(self.enquiry)
        by_summary = {a.summary: a.user_id for a in activities}
        self.assertEqual(
            by_summary,
            {
                "Agree the scope of the pre-feasibility study": self.user_adviser,
                "Deliver the pre-feasibility findings": self.user_manager,
            },
        )

    def test_stage_without_plan_schedules_nothing(self):
        self.enquiry.stage_id = self.stage_new
        self.assertFalse(self._open_activities(self.enquiry))

    def test_new_enquiry_created_in_a_stage_starts_its_plan(self):
        enquiry = self.env["provide.enquiry"].create(
            {
                "name": "Recycling co-op",
                "stage_id": self.stage_first_contact.id,
                "user_id": self.user_adviser.id,
            }
        )
        self.assertEqual(
            self._open_activities(enquiry).summary, "Call the enquirer back"
        )

    def _plan_activities(self, enquiries, stage):
        """The open activities `stage`'s plan scheduled on `enquiries`."""
        templates = stage.activity_plan_id.template_ids
        return self.env["mail.activity"].search(
            [
                ("res_model", "=", "provide.enquiry"),
                ("res_id", "in", enquiries.ids),
                ("activity_type_id", "in", templates.activity_type_id.ids),
                ("summary", "in", templates.mapped("summary")),
            ]
        )

    def _move_message(self, enquiry, stage):
        """The chatter line of `enquiry`'s move into `stage`."""
        self.env.flush_all()
        self.env.cr.flush()  # the precommit hooks write the tracking lines
        return (
            self.env["mail.tracking.value"]
            .search(
                [
                    ("mail_message_id.model", "=", "provide.enquiry"),
                    ("mail_message_id.res_id", "=", enquiry.id),
                    ("field_id.name", "=", "stage_id"),
                    ("new_value_integer", "=", stage.id),
                ]
            )
            .mail_message_id
        )

    def test_moving_on_cancels_what_the_stage_left_had_planned(self):
        enquiries = self.enquiry | self.env["provide.enquiry"].create(
            [
                {
                    "name": f"Bakery co-op {i}",
                    "user_id": self.user_adviser.id,
                    "date_received": "2026-11-02 09:00:00",
                }
                for i in range(3)
            ]
        )
        with freeze_time("2026-11-20 10:00:00"):
            enquiries.write({"stage_id": self.stage_assessment.id})
        self.env.cr.flush()
        self.assertEqual(
            len(self._plan_activities(enquiries, self.stage_assessment)), 4
        )
        self._assess(enquiries, self.recommend_support_team)
        # The whole column moves on at once, as on the kanban.
        enquiries.with_user(self.user_adviser).write(
            {"stage_id": self.stage_support_team.id}
        )
        self.assertFalse(self._plan_activities(enquiries, self.stage_assessment))
        self.assertEqual(
            len(self._plan_activities(enquiries, self.stage_support_team)), 4
        )
        # The move's line in the chatter says what it cancelled.
        self.assertIn(
            "Planned in “Formal assessment” and cancelled with this move: "
            "Assessment call with the enquirer, due 11/27/2026.",
            str(self._move_message(self.enquiry, self.stage_support_team).body),
        )

    def test_moving_back_or_launching_cancels_too(self):
        self.enquiry.stage_id = self.stage_first_contact
        self.enquiry.stage_id = self.stage_new
        self.assertFalse(self._plan_activities(self.enquiry, self.stage_first_contact))
        self._assess(self.enquiry)
        self.enquiry.stage_id = self.stage_support_team
        self.assertTrue(self._plan_activities(self.enquiry, self.stage_support_team))
        self._record_coop(self.enquiry)
        self.enquiry.stage_id = self.stage_launched
        self.assertFalse(self._plan_activities(self.enquiry, self.stage_support_team))

    def test_closing_an_enquiry_removes_its_activities(self):
        self.enquiry.stage_id = self.stage_assessment
        planned = self._plan_activities(self.enquiry, self.stage_assessment)
        self.assertTrue(planned)
        # Closed as not proceeding: Odoo deletes an archived record's activities.
        self.enquiry.with_user(self.user_adviser)._close(self.reason_withdrawn)
        self.assertFalse(planned.exists())

    def test_moving_on_keeps_what_an_adviser_added_or_changed(self):
        call = self.env.ref("provide_coop.mail_activity_type_provide_assessment_call")
        self.enquiry.stage_id = self.stage_assessment
        planned = self._open_activities(self.enquiry, call)
        Activity = self.env["mail.activity"].with_user(self.user_adviser)
        # Ada reschedules the planned call, and plans a second one of her own.
        planned.with_user(self.user_adviser).date_deadline = date(2026, 12, 14)
        own = Activity.create(
            {
                "res_model_id": self.env["ir.model"]._get_id("provide.enquiry"),
                "res_id": self.enquiry.id,
                "activity_type_id": call.id,
                "summary": "Assessment call with the enquirer",
                "user_id": self.user_adviser.id,
            }
        )
        self.enquiry.with_user(self.user_adviser).stage_id = self.stage_first_contact
        self.assertEqual(self._open_activities(self.enquiry, call), planned | own)
        self.assertFalse(
            self._move_message(self.enquiry, self.stage_first_contact).body
        )

    def test_an_adviser_cancels_activities_planned_for_someone_else(self):
        """Odoo lets a person delete activities they created or are assigned,
        or any on a document they may write: moving the enquiry on cancels
        those its plan gave a colleague."""
        self._assess(self.enquiry, self.recommend_feasibility)
        self.env.ref("provide_coop.provide_plan_feasibility_report").write(
            {"responsible_type": "other", "responsible_id": self.user_manager.id}
        )
        self.enquiry.with_user(self.user_manager).stage_id = self.stage_feasibility
        report = self._plan_activities(self.enquiry, self.stage_feasibility)
        self.assertEqual(report.user_id, self.user_adviser | self.user_manager)
        self.assertEqual(report.create_uid, self.user_manager)
        self.enquiry.with_user(self.user_adviser).stage_id = self.stage_support_team
        self.assertFalse(report.exists())
        # A colleague's enquiry she may not write stays as it is.
        other = self.env["provide.enquiry"].create(
            {
                "name": "Confidential enquiry",
                "user_id": self.user_manager.id,
                "is_confidential": True,
                "stage_id": self.stage_first_contact.id,
            }
        )
        with self.assertRaises(AccessError):
            other.with_user(self.user_adviser).stage_id = self.stage_new
        self.assertTrue(self._plan_activities(other, self.stage_first_contact))

    def test_time_in_stage_adds_up_across_moves(self):
        with freeze_time("2026-01-05 09:00:00"):
            enquiry = self.env["provide.enquiry"].create(
                {"name": "Childcare co-op", "stage_id": self.stage_first_contact.id}
            )
        with freeze_time("2026-01-07 09:00:00"):  # 2 days in first contact
            enquiry.stage_id = self.stage_assessment
        with freeze_time("2026-01-08 21:00:00"):  # 1.5 days in assessment
            enquiry.stage_id = self.stage_first_contact
        with freeze_time("2026-01-09 09:00:00"):  # 0.5 day more in first contact
            enquiry.stage_id = self.stage_assessment
        with freeze_time("2026-01-12 09:00:00"):
            enquiry.invalidate_recordset(["duration_tracking"])
            # What the status bar shows, from the same stays as the report.
            durations = enquiry.duration_tracking
        day = 86400
        self.assertEqual(durations[str(self.stage_first_contact.id)], 2.5 * day)
        # 1.5 days, then 3 days still going
        self.assertEqual(durations[str(self.stage_assessment.id)], 4.5 * day)
        stays = enquiry.stage_history_ids
        self.assertEqual(len(stays), 4)
        self.assertEqual(len(stays.filtered(lambda s: not s.date_out)), 1)

    def test_time_in_stage_report_for_managers_only(self):
        with freeze_time("2026-01-05 09:00:00"):
            enquiry = self.env["provide.enquiry"].create(
                {"name": "Leisure co-op", "stage_id": self.stage_first_contact.id}
            )
        with freeze_time("2026-01-09 09:00:00"):
            enquiry.stage_id = self.stage_assessment
        self.env.flush_all()
        Report = self.env["provide.stage.time.report"]
        rows = Report.with_user(self.user_manager)._read_group(
            [("enquiry_id", "=", enquiry.id), ("is_current", "=", False)],
            ["stage_id"],
            ["days:sum"],
        )
        self.assertEqual(rows, [(self.stage_first_contact, 4.0)])
        with self.assertRaises(AccessError):
            Report.with_user(self.user_adviser).search([])
        north = self.env["provide.enquiry"].create(
            {
                "name": "North enquiry",
                "company_id": self.company_b.id,
                "stage_id": self.stage_first_contact.id,
            }
        )
        self.env.flush_all()
        self.assertTrue(Report.search([("enquiry_id", "=", north.id)]))
        self.assertFalse(
            Report.with_user(self.user_manager).search([("enquiry_id", "=", north.id)])
        )

    def test_time_in_stage_ends_at_launch_or_closing(self):
        with freeze_time("2026-01-05 09:00:00"):
            launched, closed = self.env["provide.enquiry"].create(
                [
                    {"name": "Launched co-op", "stage_id": self.stage_assessment.id},
                    {"name": "Closed enquiry", "stage_id": self.stage_assessment.id},
                ]
            )
            self._assess(launched)
            self._record_coop(launched)
        with freeze_time("2026-01-09 09:00:00"):
            launched.stage_id = self.stage_launched
            closed._close(self.reason_withdrawn)
        self.env.flush_all()
        Report = self.env["provide.stage.time.report"].with_user(self.user_manager)
        with freeze_time("2026-05-22 09:00:00"):
            rows = Report._read_group(
                [("enquiry_id", "in", (launched | closed).ids)],
                ["enquiry_id", "stage_id"],
                ["days:sum"],
            )
        # Months of being launched are no time waiting in a stage, and a
        # closed enquiry stopped waiting the day it was closed.
        self.assertEqual(
            sorted((row[0].name, row[1], row[2]) for row in rows),
            [
                ("Closed enquiry", self.stage_assessment, 4.0),
                ("Launched co-op", self.stage_assessment, 4.0),
            ],
        )
        # The pivot names the enquiries without a sector as the PDF does.
        with file_open("provide_coop/static/src/lazy/provide_pivot_model.js") as js:
            self.assertIn('_t("No sector")', js.read())

    def test_time_in_stage_is_credited_to_the_adviser_at_the_time(self):
        with freeze_time("2026-01-05 09:00:00"):
            enquiry = self.env["provide.enquiry"].create(
                {
                    "name": "Bakery co-op",
                    "stage_id": self.stage_first_contact.id,
                    "user_id": self.user_adviser.id,
                }
            )
        with freeze_time("2026-01-07 09:00:00"):
            enquiry.stage_id = self.stage_assessment
        # Handed over to another adviser, in assessment since the 7th.
        with freeze_time("2026-01-08 09:00:00"):
            enquiry.user_id = self.user_manager
        with freeze_time("2026-01-12 09:00:00"):
            enquiry.stage_id = self.stage_first_contact
        self.env.flush_all()
        rows = (
            self.env["provide.stage.time.report"]
            .with_user(self.user_manager)
            ._read_group(
                [("enquiry_id", "=", enquiry.id), ("is_current", "=", False)],
                ["stage_id", "user_id"],
                ["days:sum"],
            )
        )
        # Both stays began with Ada: hers, though Mona holds the enquiry now.
        self.assertEqual(
            sorted(rows, key=lambda row: row[0].sequence),
            [
                (self.stage_first_contact, self.user_adviser, 2.0),
                (self.stage_assessment, self.user_adviser, 5.0),
            ],
        )
        # The stay begun after the hand-over is Mona's.
        current = (
            self.env["provide.stage.time.report"]
            .with_user(self.user_manager)
            .search([("enquiry_id", "=", enquiry.id), ("is_current", "=", True)])
        )
        self.assertEqual(current.user_id, self.user_manager)


@tagged("post_install", "-at_install")
class TestProvideUpgradeFrom100(TestProvideCommon):
    """What the 18.0.1.1.0 migration does to a database from before gates,
    plans and stage history."""

    def test_shipped_stages_get_gates_and_plans_unless_configured(self):
        shipped = (
            self.stage_first_contact
            | self.stage_assessment
            | self.stage_feasibility
            | self.stage_support_team
            | self.stage_launched
        )
        shipped.write(
            {
                "requires_assessment": False,
                "recommendation_ids": [(5, 0, 0)],
                "activity_plan_id": False,
            }
        )
        # A manager already configured this one: it is left alone.
        self.stage_launched.activity_plan_id = self.env.ref(
            "provide_coop.provide_plan_support_team"
        )
        shipped.flush_recordset()
        load_migration("18.0.1.1.0").apply_shipped_gates_and_plans(self.env)
        self.assertTrue(self.stage_feasibility.requires_assessment)
        self.assertEqual(
            self.stage_support_team.recommendation_ids,
            self.recommend_feasibility | self.recommend_support_team,
        )
        self.assertEqual(
            self.stage_assessment.activity_plan_id,
            self.env.ref("provide_coop.provide_plan_formal_assessment"),
        )
        self.assertFalse(self.stage_launched.requires_assessment)

    def test_enquiries_without_history_get_an_open_stay_from_their_last_move(self):
        History = self.env["provide.enquiry.stage.history"]
        History.search([("enquiry_id", "=", self.enquiry.id)]).unlink()
        self.enquiry.flush_recordset()
        seed_stage_history = load_migration("18.0.1.1.0").seed_stage_history
        self.assertEqual(seed_stage_history(self.env.cr), 1)
        History.invalidate_model()
        stay = History.search([("enquiry_id", "=", self.enquiry.id)])
        self.assertEqual(len(stay), 1)
        self.assertEqual(stay.stage_id, self.enquiry.stage_id)
        self.assertEqual(stay.date_in, self.enquiry.date_last_stage_update)
        self.assertFalse(stay.date_out)
        self.assertEqual(seed_stage_history(self.env.cr), 0)
        self.assertEqual(
            History.search_count([("enquiry_id", "=", self.enquiry.id)]), 1
        )
