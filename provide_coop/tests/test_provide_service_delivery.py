from freezegun import freeze_time

from odoo.exceptions import AccessError, UserError, ValidationError
from odoo.tests import Form, tagged
from odoo.tools import file_open

from .common import TestProvideCommon, load_migration
from .web_client import view_field_nodes


@tagged("post_install", "-at_install")
class TestProvideServiceDelivery(TestProvideCommon):
    """Every piece of support is a service-delivery line on the enquiry; a
    support activity marked done proposes one, which counts once its hours
    are confirmed; support-team days used are the sum of the lines."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.Line = cls.env["provide.service.delivery"]
        cls.consultancy = cls.env["res.partner"].create(
            {"name": "Partner Consultancy (test)", "is_company": True}
        )
        cls.meeting_type = cls.env.ref(
            "provide_coop.mail_activity_type_provide_meeting"
        )

    def _line(self, **vals):
        return self.Line.create(
            {"enquiry_id": self.enquiry.id, "date": "2026-03-02", **vals}
        )

    def test_a_done_support_activity_proposes_a_line(self):
        activity = self.enquiry.activity_schedule(
            activity_type_id=self.meeting_type.id,
            summary="Meet the carers",
            user_id=self.user_adviser.id,
        )
        with freeze_time("2026-03-05 16:00:00"):
            activity.with_user(self.user_adviser).action_feedback(feedback="Good")
        line = self.enquiry.service_delivery_ids
        self.assertEqual(len(line), 1)
        self.assertEqual(
            (line.kind, line.hours, line.state, str(line.date)),
            ("meeting", 2.0, "proposed", "2026-03-05"),
        )
        self.assertEqual(line.user_id, self.user_adviser)
        self.assertEqual(line.partner_id, self.user_adviser.partner_id)
        self.assertEqual(line.description, "Meet the carers")
        self.assertEqual(line.activity_type_id, self.meeting_type)
        self.assertEqual(self.enquiry.service_delivery_to_confirm, 1)
        # Not counted until the adviser confirms the hours.
        self.assertEqual(self.enquiry.support_hours, 0)
        line.with_user(self.user_adviser).write({"hours": 2.5})
        line.with_user(self.user_adviser).action_confirm()
        self.assertEqual(line.state, "confirmed")
        self.assertEqual(self.enquiry.support_hours, 2.5)
        self.assertEqual(self.enquiry.service_delivery_to_confirm, 0)

    def test_every_support_activity_of_the_app_says_its_kind(self):
        kinds = {
            "mail_activity_type_provide_phone": "phone",
            "mail_activity_type_provide_meeting": "meeting",
            "mail_activity_type_provide_workshop": "workshop",
            "mail_activity_type_provide_feasibility": "feasibility",
            "mail_activity_type_provide_assessment_call": "phone",
        }
        for xmlid, kind in kinds.items():
            activity_type = self.env.ref(f"provide_coop.{xmlid}")
            self.assertEqual(activity_type.provide_delivery_kind, kind, xmlid)
            self.assertGreater(activity_type.provide_delivery_hours, 0, xmlid)

    def test_other_activities_propose_nothing(self):
        activity = self.enquiry.activity_schedule(
            "mail.mail_activity_data_todo", user_id=self.user_adviser.id
        )
        activity.action_feedback()
        self.assertFalse(self.enquiry.service_delivery_ids)

    def test_a_batch_of_done_activities_proposes_its_lines_at_once(self):
        enquiries = self.env["provide.enquiry"].create(
            [{"name": f"Batch {i}", "user_id": self.user_adviser.id} for i in range(5)]
        )
        activities = self.env["mail.activity"]
        for enquiry in enquiries:
            activities |= enquiry.activity_schedule(
                activity_type_id=self.meeting_type.id, user_id=self.user_adviser.id
            )
        activities._action_done()
        self.assertEqual(
            enquiries.mapped("service_delivery_ids.state"), ["proposed"] * 5
        )

    def test_confirming_needs_hours_and_someone_who_gave_them(self):
        line = self._line(kind="phone", hours=0, state="proposed", user_id=False)
        with self.assertRaisesRegex(UserError, "Give the hours"):
            line.action_confirm()
        line.hours = 1
        with self.assertRaisesRegex(ValidationError, "Say who gave the support"):
            line.action_confirm()
        line.partner_id = self.consultancy
        line.action_confirm()
        self.assertEqual(line.state, "confirmed")
        with self.assertCheckRefused("hours of support given cannot be negative"):
            line.hours = -1

    def test_a_line_saved_without_hours_waits_and_counts_nowhere(self):
        # A row added on the Support tab and left empty, saved by the form.
        with Form(self.enquiry.with_user(self.user_adviser)) as form:
            with form.service_delivery_ids.new() as row:
                row.kind = "meeting"
        empty = self.enquiry.service_delivery_ids
        self.assertEqual((empty.hours, empty.state), (0, "proposed"))
        self._line(kind="phone", hours=1.5)
        self.env.flush_all()
        supported = self.env["provide.enquiry.event"].search(
            [("enquiry_id", "=", self.enquiry.id), ("kind", "=", "support")]
        )
        self.assertEqual(supported.mapped("hours"), [1.5])
        # A confirmed line whose hours are cleared goes back to confirm.
        line = self.enquiry.service_delivery_ids.filtered("hours")
        line.hours = 0
        self.assertEqual(line.state, "proposed")
        # The tab's total is of confirmed hours only, and says so.
        arch = self.env["provide.enquiry"].get_view(view_type="form")["arch"]
        self.assertNotIn('sum="Hours"', arch)
        self.assertIn('string="Confirmed Hours"', arch)
        # Marking an activity done reloads the form, so the line shows.
        with file_open("provide_coop/static/src/chatter/provide_chatter.js") as js:
            self.assertIn("reloadParentView", js.read())

    def test_hours_and_scores_read_the_same_everywhere(self):
        # Hours as hours and minutes ("52:30"), wherever they show.
        for model, view_type in (
            ("provide.service.delivery", "list"),
            ("provide.service.delivery", "pivot"),
            ("provide.service.delivery", "form"),
            ("provide.enquiry", "form"),
            ("provide.coop", "form"),
            ("provide.enquiry.event", "list"),
        ):
            with self.subTest(model=model, view=view_type):
                nodes = view_field_nodes(
                    self.env[model], view_type, "hours", "support_hours"
                )
                self.assertTrue(nodes)
                for node in nodes:
                    self.assertEqual(node.get("widget"), "float_time")
        # The score on the card is the form's: a whole number, per cent.
        kanban = self.env["provide.enquiry"].get_view(view_type="kanban")["arch"]
        self.assertRegex(
            kanban, r'<field name="assessment_score" digits="\[16, 0\]"[^>]*/>\s*%'
        )

    def test_attendees_not_given_read_as_not_known(self):
        """A workshop's attendees not given read "Not known" (empty in a
        list), not 0 as if nobody came; a line that is no workshop shows no
        0 either. The number can still be typed."""
        views = (
            ("provide.service.delivery", "list"),
            ("provide.service.delivery", "form"),
            ("provide.enquiry", "form"),
        )
        for model, view_type in views:
            with self.subTest(model=model, view=view_type):
                nodes = view_field_nodes(self.env[model], view_type, "attendees")
                self.assertTrue(nodes)
                for node in nodes:
                    self.assertEqual(node.get("widget"), "provide_figure")
                    if view_type == "form" and model == self.Line._name:
                        self.assertEqual(node.get("placeholder"), "Not known")
        line = self._line(kind="workshop", hours=2)
        self.assertFalse(line.attendees)
        with Form(line.with_user(self.user_adviser)) as form:
            form.attendees = 12
        self.assertEqual(line.attendees, 12)

    def test_days_used_are_the_hours_of_the_members_lines(self):
        Member = self.env["provide.support.member"]
        adviser, outside = Member.create(
            [
                {
                    "enquiry_id": self.enquiry.id,
                    "partner_id": self.user_adviser.partner_id.id,
                    "role": "lead_adviser",
                    "days_allocated": 2,
                },
                {
                    "enquiry_id": self.enquiry.id,
                    "partner_id": self.consultancy.id,
                    "role": "development_worker",
                    "days_allocated": 1,
                },
            ]
        )
        self._line(user_id=self.user_adviser.id, kind="meeting", hours=7)
        self._line(user_id=self.user_adviser.id, kind="workshop", hours=3.5)
        self._line(
            user_id=False, partner_id=self.consultancy.id, kind="other", hours=14
        )
        # Proposed, by someone off the team, or on another enquiry: not counted.
        self._line(user_id=self.user_adviser.id, hours=5, state="proposed")
        self._line(user_id=self.user_manager.id, hours=6)
        other = self.env["provide.enquiry"].create({"name": "Other"})
        self.Line.create(
            {"enquiry_id": other.id, "user_id": self.user_adviser.id, "hours": 9}
        )
        self.assertEqual(adviser.days_used, 1.5)
        self.assertEqual(outside.days_used, 2.0)
        self.assertFalse(adviser.is_over)
        self.assertTrue(outside.is_over)
        self.assertEqual(self.enquiry.support_days_used, 3.5)
        self.assertTrue(self.enquiry.support_over_allocation)
        self.assertEqual(self.enquiry.support_hours, 7 + 3.5 + 14 + 6)

    def test_hours_in_a_day_are_a_setting(self):
        member = self.env["provide.support.member"].create(
            {
                "enquiry_id": self.enquiry.id,
                "partner_id": self.user_adviser.partner_id.id,
                "days_allocated": 2,
            }
        )
        self._line(user_id=self.user_adviser.id, hours=12)
        self.assertEqual(member.days_used, 1.71)
        settings = self.env["res.config.settings"].create({})
        self.assertEqual(settings.provide_hours_per_day, 7)
        settings.provide_hours_per_day = 6
        settings.execute()
        self.assertEqual(member.days_used, 2.0)
        self.assertEqual(self.enquiry.support_days_used, 2.0)
        settings = self.env["res.config.settings"].create({"provide_hours_per_day": 0})
        with self.assertRaisesRegex(ValidationError, "some hours in it"):
            settings.execute()

    def test_advisers_record_support_other_companies_do_not_see_it(self):
        line = self.Line.with_user(self.user_adviser).create(
            {"enquiry_id": self.enquiry.id, "kind": "workshop", "hours": 3}
        )
        self.assertEqual(line.partner_id, self.user_adviser.partner_id)
        line.write({"attendees": 12})
        with self.assertRaises(AccessError):
            line.with_user(self.user_adviser_b).read(["hours"])
        with self.assertRaises(AccessError):
            self.Line.with_user(self.user_employee).search([])
        line.unlink()


@tagged("post_install", "-at_install")
class TestProvideUpgradeTo140(TestProvideCommon):
    """What the 18.0.1.4.0 migration does to support teams whose days used
    were typed: they become lines, and the days come out the same."""

    def test_typed_days_used_become_support_lines(self):
        Member = self.env["provide.support.member"]
        lawyer = self.env["res.partner"].create({"name": "Lee Lawyer"})
        typed, half_given = Member.create(
            [
                {
                    "enquiry_id": self.enquiry.id,
                    "partner_id": self.user_adviser.partner_id.id,
                    "days_allocated": 5,
                },
                {
                    "enquiry_id": self.enquiry.id,
                    "partner_id": lawyer.id,
                    "days_allocated": 2,
                },
            ]
        )
        # One day of the lawyer's is a line already (a call).
        self.env["provide.service.delivery"].create(
            {
                "enquiry_id": self.enquiry.id,
                "user_id": False,
                "partner_id": lawyer.id,
                "hours": 7,
            }
        )
        self.env.flush_all()
        # Before the upgrade, 2.5 and 3 days were typed on the team.
        load_migration("18.0.1.4.0", "pre").keep_days_used(self.env.cr)
        self.env.cr.execute(
            "UPDATE provide_support_member SET provide_days_used_before_lines ="
            " CASE WHEN id = %s THEN 2.5 ELSE 3 END WHERE id IN %s",
            (typed.id, (typed.id, half_given.id)),
        )
        load_migration("18.0.1.4.0").days_used_into_lines(self.env)
        self.env.invalidate_all()
        self.assertEqual((typed.days_used, half_given.days_used), (2.5, 3.0))
        lines = self.env["provide.service.delivery"].search(
            [("enquiry_id", "=", self.enquiry.id), ("kind", "=", "other")]
        )
        self.assertEqual(
            sorted((line.partner_id.id, line.hours) for line in lines),
            sorted([(self.user_adviser.partner_id.id, 17.5), (lawyer.id, 14.0)]),
        )
        self.assertEqual(
            lines.filtered(lambda line: line.hours == 17.5).user_id, self.user_adviser
        )
        self.assertTrue(all(line.state == "confirmed" for line in lines))
