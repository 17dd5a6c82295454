from odoo.exceptions import AccessError
from odoo.tests import tagged

from .common_event import TestProvideEventCommon


@tagged("post_install", "-at_install")
class TestEventImpact(TestProvideEventCommon):
    """What a conference led to, as counted by hand."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        bookings = [
            # role, interested, state
            ("councillor", False, "open"),
            ("councillor", True, "done"),
            ("council_officer", False, "done"),
            ("frontline_worker", True, "open"),
            ("frontline_worker", True, "open"),
            ("service_user", True, "open"),
            ("service_user", False, "cancel"),
        ]
        cls.registrations = cls.env["event.registration"].create(
            [
                {
                    "event_id": cls.event.id,
                    "name": f"Attendee {i}",
                    "email": f"attendee{i}@example.com",
                    "provide_attendee_role": role,
                    "provide_interest": interested,
                }
                for i, (role, interested, _state) in enumerate(bookings)
            ]
        )
        for registration, (_role, _interested, state) in zip(
            cls.registrations, bookings, strict=True
        ):
            if state == "done":
                registration.action_set_done()
            elif state == "cancel":
                registration.action_cancel()
        # Four interested bookings made four enquiries: one assessed, one
        # launched (assessed too), one closed as not proceeding.
        enquiries = cls.registrations.provide_enquiry_id
        cls.enquiries = enquiries
        councillor, worker_1, worker_2, _user = enquiries
        cls._assess(worker_1 | worker_2)
        worker_2.stage_id = cls.stage_launched
        councillor._close(cls.reason_withdrawn)
        # Another event's booking does not count here.
        cls._register(
            event=cls.other_event,
            name="Other",
            email="other@example.com",
            provide_interest=True,
        )
        cls.env.flush_all()

    def _impact(self, groupby):
        Report = self.env["provide.event.impact.report"].with_user(self.user_manager)
        measures = [
            "registration_count:sum",
            "attended_count:sum",
            "interested_count:sum",
            "enquiry_count:sum",
            "assessed_count:sum",
            "launched_count:sum",
        ]
        return {
            key: tuple(values)
            for key, *values in Report._read_group(
                [("event_id", "=", self.event.id)], [groupby], measures
            )
        }

    def test_event_totals_match_a_hand_count(self):
        self.assertEqual(len(self.enquiries), 4)
        # 6 bookings not cancelled, 2 attended, 4 interested, 4 enquiries,
        # 2 assessed, 1 launched.
        self.assertEqual(self._impact("event_id"), {self.event: (6, 2, 4, 4, 2, 1)})

    def test_registrations_and_enquiries_by_role(self):
        self.assertEqual(
            self._impact("attendee_role"),
            {
                "councillor": (2, 1, 1, 1, 0, 0),
                "council_officer": (1, 1, 0, 0, 0, 0),
                "frontline_worker": (2, 0, 2, 2, 2, 1),
                "service_user": (1, 0, 1, 1, 0, 0),
            },
        )

    def test_only_managers_open_the_impact(self):
        events = self.env.ref("event.group_event_user")
        for user in (self.user_adviser, self.user_manager):
            user.groups_id += events
        with self.assertRaises(AccessError):
            self.env["provide.event.impact.report"].with_user(self.user_adviser).search(
                []
            )
        with self.assertRaises(AccessError):
            self.event.with_user(self.user_adviser).action_provide_view_impact()
        action = self.event.with_user(self.user_manager).action_provide_view_impact()
        self.assertEqual(action["domain"], [("event_id", "=", self.event.id)])

    def test_manager_of_another_company_sees_only_its_own_enquiries(self):
        north = self.env["provide.enquiry"].create(
            {
                "name": "North enquiry from the same conference",
                "event_id": self.event.id,
                "company_id": self.company_b.id,
            }
        )
        self.env.flush_all()
        Report = self.env["provide.event.impact.report"]
        self.assertFalse(
            Report.with_user(self.user_manager).search([("enquiry_id", "=", north.id)])
        )
        self.assertEqual(self._impact("event_id")[self.event][3], 4)

    def test_manager_of_another_company_sees_none_of_it(self):
        manager_b = self.user_manager.copy(
            {
                "login": "provide_manager_b",
                "company_id": self.company_b.id,
                "company_ids": [(6, 0, self.company_b.ids)],
            }
        )
        self.assertFalse(
            self.env["provide.event.impact.report"]
            .with_user(manager_b)
            .search([("event_id", "=", self.event.id)])
        )
