from odoo.tests import tagged

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
