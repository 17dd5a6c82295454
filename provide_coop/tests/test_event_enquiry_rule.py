from odoo.exceptions import AccessError, UserError, ValidationError
from odoo.tests import tagged, users, warmup

from .common_event import TestProvideEventCommon
from .web_client import view_fields, view_spec

# An import's budget: a fixed part, and a part per booking that must not grow.
IMPORT_QUERIES = 45
QUERIES_PER_BOOKING = 2.5


@tagged("post_install", "-at_install")
class TestEventEnquiryRule(TestProvideEventCommon):
    """Conference bookings become enquiries: once per booking, with the right
    contact, and never a twin of an open enquiry."""

    def test_confirmed_interested_booking_creates_one_enquiry(self):
        registration = self._register(
            name="Pat Porter",
            email="pat.porter@example.com",
            company_name="Birmingham City Council",
            provide_attendee_role="council_officer",
            provide_interest=True,
            provide_idea="Council leisure centres run by staff and users",
        )
        enquiry = registration.provide_enquiry_id
        self.assertEqual(len(enquiry), 1)
        self.assertRecordValues(
            enquiry,
            [
                {
                    "name": "Council leisure centres run by staff and users",
                    "source": "event",
                    "event_id": self.event.id,
                    "registration_id": registration.id,
                    "event_rule_id": self.rule.id,
                    "enquirer_type": "councillor_officer",
                    "user_id": self.user_adviser.id,
                    "sector_id": self.sector_social_care.id,
                }
            ],
        )
        self.assertEqual(enquiry.partner_id.email, "pat.porter@example.com")
        self.assertEqual(enquiry.partner_id.company_name, "Birmingham City Council")
        self.assertEqual(registration.partner_id, enquiry.partner_id)

    def test_not_interested_and_other_events_make_no_enquiry(self):
        self._register(name="Quiet", email="quiet@example.com")
        self._register(
            event=self.other_event,
            name="Elsewhere",
            email="elsewhere@example.com",
            provide_interest=True,
        )
        self.assertFalse(self._event_enquiries())
        self.assertFalse(self._event_enquiries(self.other_event))

    def test_each_trigger_fires_once_per_registration(self):
        self.rule.trigger = "create"
        draft = self._register(
            name="Dee Draft",
            email="dee@example.com",
            provide_interest=True,
            state="draft",
        )
        self.assertEqual(len(self._event_enquiries()), 1)
        draft.action_confirm()
        draft.action_set_done()
        draft.write({"state": "open"})
        self.assertEqual(len(self._event_enquiries()), 1)

        self.rule.trigger = "done"
        attendee = self._register(
            name="Al Attended", email="al@example.com", provide_interest=True
        )
        self.assertFalse(attendee.provide_enquiry_id, "not attended yet")
        attendee.action_set_done()
        self.assertTrue(attendee.provide_enquiry_id)
        attendee.write({"state": "open"})
        attendee.write({"state": "done"})
        self.assertEqual(len(self._event_enquiries()), 2)

    def test_reconfirming_and_editing_make_no_twin_and_cancel_keeps_enquiry(self):
        registration = self._register(
            name="Rae", email="rae@example.com", provide_interest=True
        )
        enquiry = registration.provide_enquiry_id
        registration.action_cancel()
        registration.action_confirm()
        registration.write({"provide_idea": "Changed my mind about the idea"})
        registration.action_cancel()
        self.assertEqual(self._event_enquiries(), enquiry)
        self.assertTrue(enquiry.exists())
        self.assertEqual(enquiry.outcome, "open")

    def test_contact_matched_by_email_case_insensitively(self):
        known = self.env["res.partner"].create(
            {"name": "Margaret Hughes", "email": "Margaret.Hughes@Example.com"}
        )
        registration = self._register(
            name="M. Hughes", email="margaret.hughes@example.COM", provide_interest=True
        )
        self.assertEqual(registration.provide_enquiry_id.partner_id, known)
        self.assertEqual(
            self.env["res.partner"].search_count(
                [("email_normalized", "=", "margaret.hughes@example.com")]
            ),
            1,
        )

    def test_new_contact_when_none_matches_and_one_per_address_in_a_batch(self):
        Partner = self.env["res.partner"]
        before = Partner.search_count([])
        registrations = self.env["event.registration"].create(
            [
                {
                    "event_id": self.event.id,
                    "name": "Nia New",
                    "email": "nia.new@example.com",
                    "provide_interest": True,
                },
                {
                    "event_id": self.event.id,
                    "name": "Nia New (second ticket)",
                    "email": "NIA.NEW@example.com",
                    "provide_interest": True,
                },
            ]
        )
        self.assertEqual(Partner.search_count([]), before + 1)
        # One person, one enquiry: the second booking is a note on it.
        enquiry = registrations[0].provide_enquiry_id
        self.assertEqual(registrations.provide_enquiry_id, enquiry)
        self.assertEqual(len(self._event_enquiries()), 1)

    def test_open_enquiry_of_the_contact_gets_a_note_not_a_twin(self):
        open_enquiry = self.env["provide.enquiry"].create(
            {"name": "Existing idea", "partner_id": self.enquirer.id}
        )
        registration = self._register(
            name="Carol Carer",
            email="CAROL.carer@example.com",
            provide_interest=True,
            provide_attendee_role="service_user",
            provide_idea="A carers' co-op for the west of the city",
        )
        self.assertEqual(registration.provide_enquiry_id, open_enquiry)
        self.assertFalse(self._event_enquiries())
        note = open_enquiry.message_ids.filtered(
            lambda m: "A carers' co-op for the west of the city" in (m.body or "")
        )
        self.assertEqual(len(note), 1)
        self.assertIn("Service user", note.body)
        self.assertIn(self.event.name, note.body)

    def test_closed_enquiry_of_the_contact_does_not_stop_a_new_one(self):
        closed = self.env["provide.enquiry"].create(
            {"name": "Old idea", "partner_id": self.enquirer.id}
        )
        closed._close(self.reason_withdrawn)
        registration = self._register(
            name="Carol", email="carol.carer@example.com", provide_interest=True
        )
        self.assertNotEqual(registration.provide_enquiry_id, closed)
        self.assertEqual(registration.provide_enquiry_id.partner_id, self.enquirer)

    def test_button_creates_the_enquiry_by_hand_once(self):
        registration = self._register(name="Hand Made", email="hand@example.com")
        self.assertFalse(registration.provide_enquiry_id)
        # An adviser who also works the registration desk.
        self.user_adviser.groups_id += self.env.ref(
            "event.group_event_registration_desk"
        )
        action = registration.with_user(
            self.user_adviser
        ).action_provide_create_enquiry()
        enquiry = self.env["provide.enquiry"].browse(action["res_id"])
        self.assertEqual(registration.provide_enquiry_id, enquiry)
        self.assertFalse(enquiry.event_rule_id)
        self.assertEqual(enquiry.source, "event")
        with self.assertRaisesRegex(UserError, "already led to the enquiry"):
            registration.with_user(self.user_adviser).action_provide_create_enquiry()

    def test_invalid_attendee_filter_refused(self):
        with self.assertRaisesRegex(ValidationError, "not a valid filter on bookings"):
            self.rule.registration_domain = "[('no_such_field', '=', 1)]"

    def test_import_creates_enquiries_and_reimport_makes_no_twin(self):
        Registration = self.env["event.registration"].with_user(self.user_events)
        fields = [
            "id",
            "event_id/.id",
            "name",
            "email",
            "company_name",
            "provide_attendee_role",
            "provide_interest",
            "provide_idea",
        ]
        rows = [
            [
                f"__import__.booking_{i}",
                str(self.event.id),
                f"Booker {i}",
                f"booker{i}@example.com",
                "Sparkhill Day Centre",
                "Service user",
                "1" if i % 2 else "0",
                f"Idea {i}",
            ]
            for i in range(6)
        ]
        result = Registration.load(fields, rows)
        self.assertEqual(len(result["ids"]), 6, result["messages"])
        self.assertEqual(len(self._event_enquiries()), 3)
        result = Registration.load(fields, rows)
        self.assertEqual(len(result["ids"]), 6, result["messages"])
        self.assertEqual(len(self._event_enquiries()), 3)

    def test_bad_row_reported_and_no_enquiry_half_created(self):
        Registration = self.env["event.registration"].with_user(self.user_events)
        enquiries_before = self.env["provide.enquiry"].search_count([])
        partners_before = self.env["res.partner"].search_count([])
        with self.env.cr.savepoint():
            result = Registration.load(
                [
                    "event_id/.id",
                    "name",
                    "email",
                    "provide_interest",
                    "provide_attendee_role",
                ],
                [
                    [
                        str(self.event.id),
                        "Good Row",
                        "good@example.com",
                        "1",
                        "Councillor",
                    ],
                    [
                        str(self.event.id),
                        "Bad Row",
                        "bad@example.com",
                        "1",
                        "Astronaut",
                    ],
                ],
            )
        self.assertFalse(result["ids"])
        self.assertTrue(
            any("Astronaut" in message["message"] for message in result["messages"]),
            result["messages"],
        )
        self.assertEqual(self.env["provide.enquiry"].search_count([]), enquiries_before)
        self.assertEqual(self.env["res.partner"].search_count([]), partners_before)

    @users("provide_events")
    @warmup
    def test_import_of_500_bookings_costs_a_bounded_number_of_queries_each(self):
        Registration = self.env["event.registration"]
        fields = [
            "event_id/.id",
            "name",
            "email",
            "provide_attendee_role",
            "provide_interest",
        ]

        def rows(prefix, count):
            return [
                [
                    str(self.event.id),
                    f"{prefix} {i}",
                    f"{prefix}{i}@example.com",
                    "Front-line worker",
                    "1" if i % 5 == 0 else "0",
                ]
                for i in range(count)
            ]

        def adviser_messages():
            return (
                self.env["mail.message"]
                .sudo()
                .search_count([("partner_ids", "in", self.user_adviser.partner_id.ids)])
            )

        messages_before = adviser_messages()
        # The same mix at two sizes (one in five interested): the cost per
        # booking stays the same, it does not grow with the size of the sheet.
        with self.assertQueryCount(
            provide_events=IMPORT_QUERIES + QUERIES_PER_BOOKING * 50
        ):
            result = Registration.load(fields, rows("small", 50))
        self.assertEqual(len(result["ids"]), 50, result["messages"])
        with self.assertQueryCount(
            provide_events=IMPORT_QUERIES + QUERIES_PER_BOOKING * 500
        ):
            result = Registration.load(fields, rows("bulk", 500))
        self.assertEqual(len(result["ids"]), 500, result["messages"])
        self.assertEqual(
            self.env["provide.enquiry"]
            .sudo()
            .search_count([("event_id", "=", self.event.id)]),
            110,
        )
        self.assertEqual(
            self.env["res.partner"]
            .sudo()
            .search_count([("email", "=like", "bulk%@example.com")]),
            100,
        )
        # The adviser is not sent an "assigned to you" message per enquiry.
        self.assertEqual(adviser_messages(), messages_before)


@tagged("post_install", "-at_install")
class TestEventEnquiryAccess(TestProvideEventCommon):
    """The events team works its bookings; what they led to in the pipeline
    stays with the people who use the Co-op Enquiries app."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.registration = cls._register(
            name="Iris Interested", email="iris@example.com", provide_interest=True
        )
        cls.enquiry = cls.registration.provide_enquiry_id

    def test_events_user_books_interested_attendee_and_enquiry_is_made(self):
        registration = self._register(
            name="Booked by events team",
            email="team@example.com",
            provide_interest=True,
        ).with_user(self.user_events)
        registration.invalidate_recordset()
        self.assertTrue(registration.sudo().provide_enquiry_id)

    def test_events_user_cannot_read_enquiries_through_the_booking(self):
        registration = self.registration.with_user(self.user_events)
        self.assertEqual(registration.name, "Iris Interested")
        with self.assertRaises(AccessError):
            registration.read(["provide_enquiry_id"])
        with self.assertRaises(AccessError):
            self.enquiry.with_user(self.user_events).read(["name"])
        with self.assertRaises(AccessError):
            self.event.with_user(self.user_events).action_provide_view_enquiries()

    def test_smart_buttons_hidden_from_events_user_shown_to_adviser(self):
        def fields_of(user, model, view):
            return view_fields(self.env[model].with_user(user), "form", view)

        events_form = fields_of(
            self.user_events, "event.event", "event.view_event_form"
        )
        self.assertNotIn("provide_enquiry_count", events_form)
        self.assertNotIn("provide_launched_count", events_form)
        booking_form = fields_of(
            self.user_events, "event.registration", "event.view_event_registration_form"
        )
        self.assertNotIn("provide_enquiry_id", booking_form)

        self.user_adviser.groups_id += self.env.ref("event.group_event_user")
        adviser_form = fields_of(
            self.user_adviser, "event.event", "event.view_event_form"
        )
        self.assertIn("provide_enquiry_count", adviser_form)
        event = self.event.with_user(self.user_adviser)
        self.assertEqual(event.provide_enquiry_count, 1)
        self.assertEqual(event.provide_launched_count, 0)
        action = event.action_provide_view_enquiries()
        self.assertEqual(
            self.env["provide.enquiry"].search(action["domain"]), self.enquiry
        )

    def test_enquiry_counts_follow_the_advisers_companies(self):
        self.user_adviser_b.groups_id += self.env.ref("event.group_event_user")
        self.assertEqual(
            self.event.with_user(self.user_adviser_b).provide_enquiry_count, 0
        )

    def test_only_managers_configure_rules(self):
        with self.assertRaises(AccessError):
            self.env["provide.event.enquiry.rule"].with_user(self.user_adviser).create(
                {"name": "Mine"}
            )
        with self.assertRaises(AccessError):
            self.env["provide.event.enquiry.rule"].with_user(self.user_events).search(
                []
            )

    def test_contact_shows_events_attended(self):
        self.registration.action_set_done()
        partner = self.enquiry.partner_id.with_user(self.user_events)
        self.assertEqual(partner.provide_attended_count, 1)
        action = partner.action_provide_view_attended()
        self.assertEqual(
            self.env["event.registration"].search(action["domain"]), self.registration
        )

    def test_adviser_without_events_app_opens_an_enquiry_from_a_conference(self):
        """The enquiry form shows its origin event and booking to advisers who
        do not use the Events app; they can read but not change them."""
        self.env.invalidate_all()
        Enquiry = self.env["provide.enquiry"].with_user(self.user_adviser)
        spec = view_spec(Enquiry, "form", "provide_coop.provide_enquiry_view_form")
        [values] = Enquiry.browse(self.enquiry.id).web_read(spec)
        self.assertEqual(values["event_id"]["display_name"], self.event.name)
        self.assertEqual(
            values["registration_id"]["display_name"], self.registration.display_name
        )
        self.env.invalidate_all()
        registration = self.registration.with_user(self.user_adviser)
        [booking] = registration.read(["provide_attendee_role", "provide_idea"])
        self.assertEqual(booking["provide_idea"], self.registration.sudo().provide_idea)
        with self.assertRaises(AccessError):
            registration.write({"provide_idea": "Changed by an adviser"})
        with self.assertRaises(AccessError):
            self.event.with_user(self.user_adviser).write({"name": "Renamed"})
