from lxml import etree

from odoo.tests import tagged

from .common_event import TestProvideEventCommon


@tagged("post_install", "-at_install")
class TestEventBookingOrganisation(TestProvideEventCommon):
    """A booking names the attendee's organisation as free text; where the
    agency already knows that organisation, the attendee becomes one of its
    people, and a council's people's enquiries are the council's."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        Partner = cls.env["res.partner"]
        cls.birmingham = Partner.create(
            {
                "name": "Birmingham City Council",
                "is_company": True,
                "is_local_authority": True,
            }
        )
        # A company of the same name that is not the council: the council wins.
        cls.namesake = Partner.create(
            {"name": "birmingham city council", "is_company": True}
        )
        cls.forum = Partner.create({"name": "Chamberlain Forum", "is_company": True})

    def _book(self, email, organisation):
        return self._register(
            name=email.split("@")[0].replace(".", " ").title(),
            email=email,
            company_name=organisation,
            provide_attendee_role="councillor",
            provide_interest=True,
            provide_idea="Youth services run by the people who deliver them",
        )

    def test_exact_name_joins_the_council(self):
        booking = self._book("ann.exact@example.org", "Birmingham City Council")
        person = booking.provide_enquiry_id.partner_id
        self.assertEqual(person.parent_id, self.birmingham)
        self.assertFalse(person.company_name)
        self.assertEqual(booking.provide_enquiry_id.local_authority_id, self.birmingham)

    def test_other_case_and_extra_spaces_join_the_council(self):
        for email, typed in (
            ("bob.case@example.org", "BIRMINGHAM city COUNCIL"),
            ("cat.spaces@example.org", "  Birmingham   City  Council "),
        ):
            booking = self._book(email, typed)
            enquiry = booking.provide_enquiry_id
            self.assertEqual(enquiry.partner_id.parent_id, self.birmingham, typed)
            self.assertEqual(enquiry.local_authority_id, self.birmingham, typed)

    def test_an_organisation_that_is_not_a_council_gives_no_local_authority(self):
        booking = self._book("dan.forum@example.org", "chamberlain forum")
        enquiry = booking.provide_enquiry_id
        self.assertEqual(enquiry.partner_id.parent_id, self.forum)
        self.assertFalse(enquiry.local_authority_id)

    def test_unknown_organisation_stays_free_text(self):
        booking = self._book("eve.new@example.org", "Sandwell Council")
        person = booking.provide_enquiry_id.partner_id
        self.assertFalse(person.parent_id)
        self.assertEqual(person.company_name, "Sandwell Council")
        self.assertFalse(booking.provide_enquiry_id.local_authority_id)

    def test_council_counts_its_peoples_enquiries(self):
        self._book("fay.one@example.org", "Birmingham City Council")
        self._book("gus.two@example.org", "birmingham city council")
        # And one of the council's own.
        self.env["provide.enquiry"].create(
            {"name": "Council-wide idea", "partner_id": self.birmingham.id}
        )
        council = self.birmingham.with_user(self.user_adviser)
        self.assertEqual(council.provide_enquiry_count, 3)
        action = council.action_view_provide_enquiries()
        found = self.env["provide.enquiry"].search(action["domain"])
        self.assertEqual(len(found), 3)
        person = self.env["res.partner"].search([("email", "=", "fay.one@example.org")])
        self.assertEqual(person.with_user(self.user_adviser).provide_enquiry_count, 1)


@tagged("post_install", "-at_install")
class TestEventBookingList(TestProvideEventCommon):
    """The conference's bookings list gives its room to what the agency
    records: columns that stay empty at its conferences (tickets, activities
    per booking) are hidden until someone asks for them."""

    def _columns(self):
        """[(column title or field name, its `optional`)] of the list."""
        arch = (
            self.env["event.registration"]
            .with_user(self.user_events)
            .get_view(self.env.ref("event.view_event_registration_tree").id, "list")[
                "arch"
            ]
        )
        return [
            (node.get("string") or node.get("name"), node.get("optional"))
            for node in etree.fromstring(arch).iter("field")
        ]

    def test_ticket_and_activity_columns_hidden_until_asked_for(self):
        columns = dict(self._columns())
        self.assertEqual(columns["event_ticket_id"], "hide")
        self.assertEqual(columns["activity_ids"], "hide")

    def test_attendee_organisation_and_role_shown(self):
        columns = self._columns()
        self.assertIn(("Organisation", "show"), columns)
        self.assertIn(("Role", "show"), columns)
        # One organisation column: a second one of the same field would be
        # shown or hidden with Odoo's own (hidden) one.
        self.assertEqual(
            [
                title
                for title, _optional in columns
                if title in ("Organisation", "company_name")
            ],
            ["Organisation"],
        )
