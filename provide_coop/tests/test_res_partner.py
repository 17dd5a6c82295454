from lxml import etree

from odoo.tests import tagged
from odoo.tools.safe_eval import safe_eval

from .common import TestProvideCommon


@tagged("post_install", "-at_install")
class TestResPartnerEnquiryCount(TestProvideCommon):
    """A contact's smart button counts its enquiries."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.nobody = cls.env["res.partner"].create({"name": "Nina Nobody"})
        cls.busy = cls.env["res.partner"].create({"name": "Bob Busy"})
        cls.env["provide.enquiry"].create(
            [
                {"name": f"Idea {number}", "partner_id": cls.busy.id}
                for number in range(5)
            ]
        )

    def _count(self, partner):
        return partner.with_user(self.user_adviser).provide_enquiry_count

    def test_enquiry_count_zero(self):
        self.assertEqual(self._count(self.nobody), 0)

    def test_enquiry_count_one(self):
        self.assertEqual(self._count(self.enquirer), 1)

    def test_enquiry_count_many(self):
        self.assertEqual(self._count(self.busy), 5)

    def test_enquiry_count_follows_new_enquiry(self):
        self.env["provide.enquiry"].create(
            {"name": "Another idea", "partner_id": self.nobody.id}
        )
        self.assertEqual(self._count(self.nobody), 1)

    def test_enquiry_count_leaves_out_closed_enquiries(self):
        self.enquiry.write(
            {"close_reason_id": self.reason_withdrawn.id, "active": False}
        )
        self.assertEqual(self._count(self.enquirer), 0)

    def test_enquiry_count_of_several_contacts_at_once(self):
        partners = (self.nobody | self.enquirer | self.busy).with_user(
            self.user_adviser
        )
        self.assertEqual(partners.mapped("provide_enquiry_count"), [0, 1, 5])

    def test_authority_counts_enquiries_in_its_area(self):
        council = self.council.with_user(self.user_adviser)
        self.assertEqual(council.provide_authority_enquiry_count, 1)
        self.assertEqual(council.provide_enquiry_count, 0)

    def test_action_view_enquiries_shows_contact_enquiries(self):
        action = self.busy.with_user(self.user_adviser).action_view_provide_enquiries()
        found = self.env["provide.enquiry"].search(action["domain"])
        self.assertEqual(found, self.busy.provide_enquiry_ids)
        self.assertEqual(len(found), 5)


@tagged("post_install", "-at_install")
class TestResPartnerEnquiryCountPerformance(TestProvideCommon):
    """The count on a list of contacts costs one query, not one per contact."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.partners = cls.env["res.partner"].create(
            [{"name": f"Enquirer {number:02d}"} for number in range(80)]
        )
        cls.env["provide.enquiry"].with_context(mail_create_nolog=True).create(
            [
                {"name": f"Idea {number}", "partner_id": partner.id}
                for number, partner in enumerate(cls.partners)
                for _repeat in range(number % 3)
            ]
        )

    def test_enquiry_count_for_80_contacts_in_one_query(self):
        partners = self.partners.with_user(self.user_adviser)
        # Warm the caches of access rights and record rules, as a running
        # server has them.
        partners.mapped("provide_enquiry_count")
        self.env.invalidate_all()
        with self.assertQueryCount(1):
            counts = partners.mapped("provide_enquiry_count")
        self.assertEqual(counts, [number % 3 for number in range(80)])


@tagged("post_install", "-at_install")
class TestResPartnerPhoneKey(TestProvideCommon):
    """Contacts are matched by their phone typed any way."""

    def test_contacts_with_phones_saved_together_without_a_country(self):
        # An agency that has not set its country yet imports several people.
        self.env.company.country_id = False
        people = self.env["res.partner"].create(
            [
                {"name": "Pat One", "phone": "0116 496 0001"},
                {"name": "Sam Two", "phone": "(0116) 496-0002"},
            ]
        )
        self.assertEqual(
            people.mapped("provide_phone_key"), ["01164960001", "01164960002"]
        )


class TestResPartnerSalutation(TestProvideCommon):
    """Letters open as a UK letter does: "Dear Dr Okafor", or the first name,
    never the full name with its title."""

    def test_title_and_surname_or_first_name(self):
        Partner = self.env["res.partner"]
        doctor = self.env.ref("base.res_partner_title_doctor")
        cases = [
            ({"name": "Dr Helen Okafor"}, "Dr Okafor"),
            ({"name": "Dr. Helen Okafor"}, "Dr Okafor"),
            ({"name": "Helen Okafor", "title": doctor.id}, "Dr Okafor"),
            ({"name": "Sir Tom Jones"}, "Sir Tom"),
            ({"name": "Sam Okafor"}, "Sam"),
            ({"name": "Cher"}, "Cher"),
            (
                {"name": "Larchfield Care Co-op", "is_company": True},
                "Larchfield Care Co-op",
            ),
        ]
        for vals, expected in cases:
            with self.subTest(vals=vals):
                self.assertEqual(Partner.create(vals).provide_salutation, expected)

    def test_the_enquiry_received_email_says_dear_dr_okafor(self):
        self.enquiry.partner_id = self.env["res.partner"].create(
            {"name": "Dr Helen Okafor", "email": "helen@example.com"}
        )
        template = self.env.ref(
            "provide_coop.mail_template_provide_web_enquiry_received"
        )
        body = template._render_field("body_html", self.enquiry.ids)[self.enquiry.id]
        self.assertIn("Dear Dr Okafor,", body)
        self.assertNotIn("Dear Dr Helen Okafor", body)

    def test_the_conference_follow_up_says_dear_and_the_first_name(self):
        registration = self.env["event.registration"].create(
            {
                "event_id": self.env["event.event"]
                .create(
                    {
                        "name": "Co-ops in care",
                        "date_begin": "2026-03-02 09:00:00",
                        "date_end": "2026-03-02 17:00:00",
                    }
                )
                .id,
                "name": "Sam Okafor",
                "email": "sam@example.com",
            }
        )
        template = self.env.ref("provide_coop.mail_template_provide_event_follow_up")
        body = template._render_field("body_html", registration.ids)[registration.id]
        self.assertIn("Dear Sam,", body)


@tagged("post_install", "-at_install")
class TestResPartnerAgencyContacts(TestProvideCommon):
    """The app's Contacts menu opens on the people and organisations the
    agency deals with, not on every other app's contacts; the whole address
    book is one removed filter away."""

    FILTER = "provide_contacts"

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        Partner = cls.env["res.partner"]
        cls.organisation = Partner.create(
            {"name": "Tenants' Association (test)", "is_company": True}
        )
        cls.member = Partner.create(
            {"name": "Tess Tenant", "parent_id": cls.organisation.id}
        )
        cls.closed_enquirer = Partner.create({"name": "Colin Closed"})
        cls.council = Partner.create(
            {"name": "Borough Council (test)", "is_local_authority": True}
        )
        cls.coop = Partner.create({"name": "Repairs Co-op (test)", "is_coop": True})
        cls.supplier = Partner.create(
            {"name": "Office Furniture Ltd (test)", "is_company": True}
        )
        Enquiry = cls.env["provide.enquiry"]
        Enquiry.create({"name": "Estate repairs", "partner_id": cls.member.id})
        Enquiry.create(
            {
                "name": "Old idea",
                "partner_id": cls.closed_enquirer.id,
                "close_reason_id": cls.reason_not_viable.id,
                "active": False,
            }
        )

    def _filter(self, user):
        arch = (
            self.env["res.partner"]
            .with_user(user)
            .get_views([(False, "search")])["views"]["search"]["arch"]
        )
        return etree.fromstring(arch).find(f".//filter[@name='{self.FILTER}']")

    def test_menu_opens_on_the_agency_contacts(self):
        action = self.env.ref("provide_coop.provide_coop_menu_contacts_all").action
        context = safe_eval(action.context)
        self.assertTrue(context.get(f"search_default_{self.FILTER}"))
        domain = safe_eval(self._filter(self.user_adviser).get("domain"))
        found = self.env["res.partner"].with_user(self.user_adviser).search(domain)
        for partner in (
            self.member,
            self.organisation,
            self.closed_enquirer,
            self.council,
            self.coop,
            self.enquirer,
        ):
            self.assertIn(partner, found)
        self.assertNotIn(self.supplier, found)

    def test_filter_offered_to_app_users_only(self):
        self.assertIsNone(self._filter(self.user_employee))
