from xmlrpc.client import Fault

from lxml import etree

from odoo.exceptions import AccessError, ValidationError
from odoo.tests import HttpCase, new_test_user, tagged

from .common_event import TestProvideEventCommon
from .web_client import view_spec

# What xmlrpc answers for an AccessError (odoo.addons.base.controllers.rpc).
RPC_FAULT_CODE_ACCESS_ERROR = 4

INVALID_FILTERS = {
    "[('nope', '=', 1)]": r"Invalid field event\.registration\.nope",
    "not a domain": "invalid syntax",
    "[('name', 'like')]": r"\('name', 'like'\) is not a condition",
    "{'name': 'Pat'}": "a filter is a list of conditions",
    "[('name', 'nope', 1)]": r"\('name', 'nope', 1\) is not a condition",
    "['|', ('name', '=', 'Pat')]": "syntactically not correct",
    "[('event_id.nope', '=', 1)]": r"Invalid field event\.event\.nope",
    "[('name.first', '=', 1)]": r"Invalid field 'name\.first'",
    "[('create_date', '=', 'last week')]": "invalid input syntax for type timestamp",
}


class TestEventSecurityCommon(TestProvideEventCommon):
    """An events user who is not an adviser, a booking that led to an
    enquiry and one that did not."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.user_events_only = new_test_user(
            cls.env,
            login="provide_events_only",
            name="Erin Events",
            email="erin.events@provide.example.com",
            groups="event.group_event_user",
            context={"no_reset_password": True},
        )
        cls.booking_enquiry = cls._register(
            name="Iris Interested", email="iris@example.com", provide_interest=True
        )
        cls.enquiry = cls.booking_enquiry.provide_enquiry_id
        cls.booking_other = cls._register(
            name="Olly Other", email="olly@example.com", phone="+44 121 496 0000"
        )
        cls.bookings = cls.booking_enquiry | cls.booking_other
        assert cls.enquiry and not cls.booking_other.provide_enquiry_id

    def _enquiry_count(self):
        return (
            self.env["provide.enquiry"]
            .with_context(active_test=False)
            .search_count([("registration_id", "=", self.booking_other.id)])
        )


@tagged("post_install", "-at_install")
class TestEventSecurity(TestEventSecurityCommon):
    """Who may make an enquiry from a booking, and whose bookings advisers
    read, as each user over the ORM."""

    def test_events_user_cannot_create_an_enquiry_from_a_booking(self):
        booking = self.booking_other.with_user(self.user_events_only)
        self.assertEqual(booking.name, "Olly Other", "events users read bookings")
        with self.assertRaisesRegex(AccessError, "not allowed to create"):
            booking.action_provide_create_enquiry()
        self.assertEqual(self._enquiry_count(), 0)
        self.assertFalse(self.booking_other.provide_enquiry_id)

    def test_events_user_is_told_nothing_of_an_existing_enquiry(self):
        booking = self.booking_enquiry.with_user(self.user_events_only)
        with self.assertRaisesRegex(AccessError, "not allowed to create") as caught:
            booking.action_provide_create_enquiry()
        self.assertNotIn(self.enquiry.name, str(caught.exception))

    def test_adviser_in_events_team_creates_an_enquiry_from_a_booking(self):
        self.user_adviser.groups_id += self.env.ref("event.group_event_user")
        action = self.booking_other.with_user(
            self.user_adviser
        ).action_provide_create_enquiry()
        self.assertEqual(self.booking_other.provide_enquiry_id.id, action["res_id"])
        self.assertEqual(self._enquiry_count(), 1)

    def test_adviser_without_events_app_reads_only_bookings_that_led_to_an_enquiry(
        self,
    ):
        self.assertFalse(self.user_adviser.has_group("event.group_event_user"))
        Registration = self.env["event.registration"].with_user(self.user_adviser)
        domain = [("id", "in", self.bookings.ids)]
        self.assertEqual(Registration.search(domain), self.booking_enquiry)
        self.assertEqual(Registration.search_count(domain), 1)
        self.assertEqual(
            [row["name"] for row in Registration.search_read(domain, ["name"])],
            ["Iris Interested"],
        )
        self.env.invalidate_all()
        with self.assertRaises(AccessError):
            self.booking_other.with_user(self.user_adviser).read(
                ["name", "email", "phone"]
            )
        # The origin booking of their enquiry stays readable.
        [origin] = self.booking_enquiry.with_user(self.user_adviser).read(["email"])
        self.assertEqual(origin["email"], "iris@example.com")
        self.assertEqual(
            self.enquiry.with_user(self.user_adviser).registration_id,
            self.booking_enquiry,
        )

    def test_managers_without_events_app_read_only_bookings_that_led_to_an_enquiry(
        self,
    ):
        Registration = self.env["event.registration"].with_user(self.user_manager)
        self.assertEqual(
            Registration.search([("id", "in", self.bookings.ids)]),
            self.booking_enquiry,
        )

    def test_events_users_read_every_booking_advisers_among_them(self):
        self.user_adviser.groups_id += self.env.ref(
            "event.group_event_registration_desk"
        )
        for user in (self.user_events_only, self.user_events, self.user_adviser):
            with self.subTest(user=user.login):
                Registration = self.env["event.registration"].with_user(user)
                self.assertEqual(
                    Registration.search([("id", "in", self.bookings.ids)]),
                    self.bookings,
                )
                [other] = self.booking_other.with_user(user).read(["phone"])
                self.assertEqual(other["phone"], self.booking_other.phone)

    def test_invalid_attendee_filters_refused_with_the_reason(self):
        rule = self.rule.with_user(self.user_manager)
        for text, reason in INVALID_FILTERS.items():
            with self.subTest(filter=text):
                with self.assertRaisesRegex(
                    ValidationError, "not a valid filter on bookings: .*" + reason
                ):
                    rule.registration_domain = text
        valid = (
            "['|', ('provide_attendee_role', '=', 'councillor'), "
            "('event_id.name', 'ilike', 'council')]"
        )
        rule.registration_domain = valid
        self.assertEqual(self.rule.registration_domain, valid)


@tagged("post_install", "-at_install")
class TestEventSecurityRpc(HttpCase, TestEventSecurityCommon):
    """The same, as each user calling over XML-RPC, as a script would."""

    def call(self, user, model, method, *args, **kwargs):
        db = self.env.cr.dbname
        uid = self.xmlrpc_common.authenticate(db, user.login, user.login, {})
        self.assertEqual(uid, user.id, f"{user.login} should log in over XML-RPC")
        return self.xmlrpc_object.execute_kw(
            db, uid, user.login, model, method, args, kwargs
        )

    def test_events_user_cannot_create_an_enquiry_over_rpc(self):
        for booking in (self.booking_other, self.booking_enquiry):
            with self.subTest(booking=booking.name):
                with self.assertRaisesRegex(Fault, "not allowed to create") as caught:
                    self.call(
                        self.user_events_only,
                        "event.registration",
                        "action_provide_create_enquiry",
                        booking.ids,
                    )
                self.assertEqual(
                    caught.exception.faultCode, RPC_FAULT_CODE_ACCESS_ERROR
                )
        self.env.invalidate_all()
        self.assertEqual(self._enquiry_count(), 0)
        self.assertFalse(self.booking_other.provide_enquiry_id)

    def test_adviser_without_events_app_reads_only_bookings_that_led_to_an_enquiry(
        self,
    ):
        domain = [("id", "in", self.bookings.ids)]
        rows = self.call(
            self.user_adviser,
            "event.registration",
            "search_read",
            domain,
            ["name", "email", "phone"],
        )
        self.assertEqual([row["id"] for row in rows], self.booking_enquiry.ids)
        with self.assertRaises(Fault) as caught:
            self.call(
                self.user_adviser,
                "event.registration",
                "read",
                self.booking_other.ids,
                ["name", "email", "phone"],
            )
        self.assertEqual(caught.exception.faultCode, RPC_FAULT_CODE_ACCESS_ERROR)
        self.assertNotIn("olly@example.com", caught.exception.faultString)
        [enquiry] = self.call(
            self.user_adviser, "provide.enquiry", "read", self.enquiry.ids, ["name"]
        )
        self.assertEqual(enquiry["name"], self.enquiry.name)

    def test_events_user_reads_every_booking_over_rpc(self):
        ids = self.call(
            self.user_events_only,
            "event.registration",
            "search",
            [("id", "in", self.bookings.ids)],
        )
        self.assertEqual(sorted(ids), sorted(self.bookings.ids))

    def test_invalid_attendee_filter_is_a_clear_fault(self):
        for text, reason in INVALID_FILTERS.items():
            with self.subTest(filter=text):
                with self.assertRaisesRegex(
                    Fault, "not a valid filter on bookings: .*" + reason
                ):
                    self.call(
                        self.user_manager,
                        "provide.event.enquiry.rule",
                        "write",
                        self.rule.ids,
                        {"registration_domain": text},
                    )
        valid = "[('provide_attendee_role', 'in', ['councillor', 'council_officer'])]"
        self.call(
            self.user_manager,
            "provide.event.enquiry.rule",
            "write",
            self.rule.ids,
            {"registration_domain": valid},
        )
        self.env.invalidate_all()
        self.assertEqual(self.rule.registration_domain, valid)


@tagged("post_install", "-at_install")
class TestEnquiryOriginPanel(TestEventSecurityCommon):
    """The enquiry form shows the conference and booking it came from to every
    adviser, and links to them only for those who may open them."""

    FORM = "provide_coop.provide_enquiry_view_form"

    def _form_links(self, user):
        """{field: [offers a link?]} for the form's event and booking fields."""
        Enquiry = self.env["provide.enquiry"].with_user(user)
        arch = etree.fromstring(
            Enquiry.get_views([(self.env.ref(self.FORM).id, "form")])["views"]["form"][
                "arch"
            ]
        )
        return {
            name: [
                "no_open" not in (node.get("options") or "")
                for node in arch.iterfind(f".//field[@name='{name}']")
            ]
            for name in ("event_id", "registration_id")
        }

    def test_adviser_without_events_app_reads_the_origin_on_the_enquiry(self):
        self.assertFalse(
            self.user_adviser.has_group("event.group_event_registration_desk")
        )
        Enquiry = self.env["provide.enquiry"].with_user(self.user_adviser)
        # A conference's own form is out of reach: it reads the event stages.
        with self.assertRaises(AccessError):
            self.env["event.stage"].with_user(self.user_adviser).search([]).mapped(
                "name"
            )
        spec = view_spec(Enquiry, "form", self.FORM)
        [data] = Enquiry.browse(self.enquiry.id).web_read(spec)
        self.assertEqual(data["event_id"]["display_name"], self.event.name)
        self.assertEqual(data["registration_id"]["display_name"], "Iris Interested")
        self.assertEqual(data["event_date_begin"], self.event.date_begin)
        self.assertIn("Bordesley", data["event_venue"])
        self.assertEqual(data["registration_attendee_role"], "frontline_worker")

    def test_adviser_without_events_app_gets_no_link_to_conference_or_booking(self):
        links = self._form_links(self.user_adviser)
        self.assertTrue(links["event_id"], "the form shows the conference")
        self.assertFalse(any(links["event_id"]), "no link to a conference")
        self.assertTrue(links["registration_id"], "the form shows the booking")
        self.assertFalse(any(links["registration_id"]), "no link to a booking")

    def test_adviser_in_events_team_gets_links_to_conference_and_booking(self):
        self.user_adviser.groups_id += self.env.ref(
            "event.group_event_registration_desk"
        )
        links = self._form_links(self.user_adviser)
        self.assertIn(True, links["event_id"])
        self.assertIn(True, links["registration_id"])
        # What the link opens, the events team can read.
        event = self.event.with_user(self.user_adviser)
        self.assertTrue(event.stage_id.name)

    def test_manager_without_events_app_opens_a_rule_with_conference_and_type(self):
        self.assertFalse(
            self.user_manager.has_group("event.group_event_registration_desk")
        )
        self.rule.event_type_id = self.env["event.type"].create({"name": "Forum"})
        Rule = self.env["provide.event.enquiry.rule"].with_user(self.user_manager)
        form = "provide_coop.provide_event_enquiry_rule_view_form"
        [data] = Rule.browse(self.rule.id).web_read(view_spec(Rule, "form", form))
        self.assertEqual(data["event_id"]["display_name"], self.event.name)
        self.assertEqual(data["event_type_id"]["display_name"], "Forum")
        arch = etree.fromstring(
            Rule.get_views([(self.env.ref(form).id, "form")])["views"]["form"]["arch"]
        )
        for name in ("event_id", "event_type_id"):
            nodes = arch.findall(f".//field[@name='{name}']")
            self.assertTrue(nodes)
            self.assertTrue(all("no_open" in n.get("options", "") for n in nodes))


@tagged("post_install", "-at_install")
class TestEnquiryOriginBooking(TestEventSecurityCommon):
    """An adviser without the Events app cannot read a booking by making it
    the origin of their own enquiry."""

    def setUp(self):
        super().setUp()
        self.own = self.env["provide.enquiry"].create(
            {"name": "Own enquiry", "user_id": self.user_adviser.id}
        )

    def test_adviser_cannot_set_a_booking_they_cannot_read_as_origin(self):
        own = self.own.with_user(self.user_adviser)
        with self.assertRaises(AccessError):
            own.write({"registration_id": self.booking_other.id})
        with self.assertRaises(AccessError):
            own.create({"name": "Sneaky", "registration_id": self.booking_other.id})
        self.assertFalse(self.own.registration_id)
        # A booking they may read (it led to an enquiry) is accepted.
        own.write({"registration_id": self.booking_enquiry.id})
        self.assertEqual(own.registration_attendee_role, "frontline_worker")

    def test_origin_fields_show_nothing_of_a_booking_they_cannot_read(self):
        self.booking_other.write(
            {"company_name": "Acme Care Ltd", "provide_idea": "A homecare co-op"}
        )
        self.own.registration_id = self.booking_other  # set by an administrator
        own = self.own.with_user(self.user_adviser)
        self.env.invalidate_all()
        [data] = own.read(
            [
                "registration_attendee_role",
                "registration_company_name",
                "registration_idea",
            ]
        )
        self.assertFalse(data["registration_attendee_role"])
        self.assertFalse(data["registration_company_name"])
        self.assertFalse(data["registration_idea"])
        # The events team reads them.
        self.user_adviser.groups_id += self.env.ref("event.group_event_user")
        self.env.invalidate_all()
        self.assertEqual(own.registration_company_name, "Acme Care Ltd")
