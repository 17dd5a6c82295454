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
        cls._record_coop(worker_2)
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

    # The funnel, left to right, then the attendees who came.
    MEASURES = [
        "registration_count:sum",
        "interested_count:sum",
        "enquiry_count:sum",
        "assessed_count:sum",
        "launched_count:sum",
        "attended_count:sum",
    ]

    def _impact(self, groupby, domain=None):
        Report = self.env["provide.event.impact.report"].with_user(self.user_manager)
        if domain is None:
            domain = [("event_id", "=", self.event.id)]
        rows = {}
        for group in Report._read_group(domain, groupby, self.MEASURES):
            key, values = group[: len(groupby)], group[len(groupby) :]
            rows[key[0] if len(key) == 1 else key] = values
        return rows

    def test_event_row_matches_a_hand_count(self):
        self.assertEqual(len(self.enquiries), 4)
        # 6 bookings not cancelled, 4 interested, 4 enquiries, 2 assessed,
        # 1 launched; 2 attended.
        self.assertEqual(self._impact(["event_id"]), {self.event: (6, 4, 4, 2, 1, 2)})

    def test_bookings_are_the_events_own_seat_count(self):
        # An unconfirmed booking is no seat taken on the conference ...
        draft = self._register(name="Maybe", email="maybe@example.com")
        draft.state = "draft"
        self.env.flush_all()
        self.event.invalidate_recordset()
        # ... and no booking in the impact: both say 6, under one name.
        self.assertEqual(self.event.seats_taken, 6)
        self.assertEqual(self._impact(["event_id"])[self.event][0], 6)
        arch = self.env["event.event"].get_view(
            self.env.ref("event.view_event_tree").id, "list"
        )["arch"]
        self.assertIn('string="Bookings"', arch)
        self.assertNotIn('string="Attendees"', arch)

    def test_one_row_per_event_with_bookings(self):
        quiet = self.env["event.event"].create(
            {
                "name": "Webinar nobody booked (test)",
                "date_begin": "2011-07-01 09:00:00",
                "date_end": "2011-07-01 10:00:00",
            }
        )
        called_off = self.env["event.event"].create(
            {
                "name": "Workshop whose bookings were cancelled (test)",
                "date_begin": "2011-08-01 09:00:00",
                "date_end": "2011-08-01 10:00:00",
            }
        )
        self._register(event=called_off, name="Cancelled").action_cancel()
        self.env.flush_all()
        events = self.event | self.other_event | quiet | called_off
        rows = self._impact(["event_id"], [("event_id", "in", events.ids)])
        self.assertEqual(
            rows,
            {
                self.event: (6, 4, 4, 2, 1, 2),
                # One interested booking; the enquiry rule is the
                # conference's only, so no enquiry.
                self.other_event: (1, 1, 0, 0, 0, 0),
            },
        )

    def test_events_outside_the_pipeline_have_no_row(self):
        # Like Odoo's own demo events: bookings, but no attendee role, no
        # wish to start a co-op and no enquiry.
        concert = self.env["event.event"].create(
            {
                "name": "Summer concert (test)",
                "date_begin": "2011-07-02 19:00:00",
                "date_end": "2011-07-02 22:00:00",
            }
        )
        for name in ("Listener one", "Listener two"):
            self._register(event=concert, name=name, provide_attendee_role=False)
        self.env.flush_all()
        rows = self._impact(["event_id"], [("event_id", "in", concert.ids)])
        self.assertEqual(rows, {})

    def test_role_drill_down_sums_to_the_event_row(self):
        by_role = self._impact(["event_id", "attendee_role"])
        self.assertEqual(
            by_role,
            {
                (self.event, "councillor"): (2, 1, 1, 0, 0, 1),
                (self.event, "council_officer"): (1, 0, 0, 0, 0, 1),
                (self.event, "frontline_worker"): (2, 2, 2, 2, 1, 0),
                (self.event, "service_user"): (1, 1, 1, 0, 0, 0),
            },
        )
        sums = tuple(map(sum, zip(*by_role.values(), strict=True)))
        self.assertEqual(sums, self._impact(["event_id"])[self.event])

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
        self.assertEqual(self._impact(["event_id"])[self.event][2], 4)

    def test_manager_of_another_company_sees_none_of_it(self):
        manager_b = self.user_manager_b
        self.assertFalse(
            self.env["provide.event.impact.report"]
            .with_user(manager_b)
            .search([("event_id", "=", self.event.id)])
        )
