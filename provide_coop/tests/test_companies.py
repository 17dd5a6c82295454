from odoo import Command
from odoo.exceptions import AccessError, UserError

from .common_event import TestProvideEventCommon


class TestCompaniesEverywhere(TestProvideEventCommon):
    """Two agencies share the database: neither reads the other's personal
    data, and nothing an agency receives lands on the other's records."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.consent = cls.env["provide.consent"].create(
            {
                "partner_id": cls.enquirer.id,
                "enquiry_id": cls.enquiry.id,
                "text": "I agree (test).",
                "version": "1",
            }
        )

    # Consents, erasures, submissions (finding 8) -------------------------

    def test_consent_takes_its_enquiry_company(self):
        self.assertEqual(self.consent.company_id, self.company_a)

    def test_adviser_of_another_company_does_not_read_consents(self):
        Consent = self.env["provide.consent"].with_user(self.user_adviser_b)
        self.assertFalse(Consent.search([("partner_id", "=", self.enquirer.id)]))
        with self.assertRaises(AccessError):
            Consent.browse(self.consent.id).text  # noqa: B018
        # Its own company's adviser does.
        self.assertEqual(
            self.consent.with_user(self.user_adviser).withdraw_url,
            self.consent.withdraw_url,
        )

    def test_adviser_of_another_company_cannot_withdraw_a_consent(self):
        consent = self.consent.with_user(self.user_adviser_b)
        with self.assertRaises(AccessError):
            consent.action_withdraw()
        self.assertFalse(self.consent.withdrawn_date)

    def test_erasure_log_is_read_by_its_company_only(self):
        erasure = self.env["provide.erasure"].create({"reason": "request"})
        self.assertEqual(erasure.company_id, self.company_a)
        Erasure = self.env["provide.erasure"]
        self.assertIn(erasure, Erasure.with_user(self.user_manager).search([]))
        self.assertNotIn(erasure, Erasure.with_user(self.user_manager_b).search([]))

    def test_web_submissions_are_read_by_their_company_only(self):
        submission = self.env["provide.web.submission"].create(
            {"ip_address": "203.0.113.50", "email_normalized": "a@example.org"}
        )
        Submission = self.env["provide.web.submission"]
        self.assertIn(submission, Submission.with_user(self.user_manager).search([]))
        self.assertFalse(
            Submission.with_user(self.user_manager_b).search(
                [("ip_address", "=", "203.0.113.50")]
            )
        )

    # Contacts and enquiries (finding 9) ----------------------------------

    def test_enquirer_contact_gets_the_enquiry_company(self):
        enquiry = (
            self.env["provide.enquiry"]
            .with_user(self.user_adviser_b)
            .create(
                {
                    "name": "Leisure centre co-op (North)",
                    "contact_name": "Nora North",
                    "email_from": "nora.north@example.org",
                }
            )
        )
        self.assertEqual(enquiry.company_id, self.company_b)
        self.assertEqual(enquiry.partner_id.company_id, self.company_b)
        Partner = self.env["res.partner"].with_user(self.user_adviser)
        self.assertFalse(
            Partner.search([("email_normalized", "=", "nora.north@example.org")])
        )

    def test_contact_of_another_company_is_not_reused(self):
        theirs = self.env["res.partner"].create(
            {
                "name": "Nora North",
                "email": "nora@example.org",
                "company_id": self.company_b.id,
            }
        )
        enquiry = self.env["provide.enquiry"].create(
            {
                "name": "Library co-op",
                "contact_name": "Nora",
                "email_from": "NORA@example.org",
                "company_id": self.company_a.id,
            }
        )
        self.assertNotEqual(enquiry.partner_id, theirs)
        self.assertEqual(enquiry.partner_id.company_id, self.company_a)

    def test_shared_contact_is_reused_by_every_company(self):
        # Contacts without a company are shared by every company in Odoo:
        # the enquirer of company A's fixture enquiry is one.
        self.assertFalse(self.enquirer.company_id)
        enquiry = (
            self.env["provide.enquiry"]
            .with_user(self.user_adviser_b)
            .create({"name": "Carers' co-op", "email_from": self.enquirer.email})
        )
        self.assertEqual(enquiry.partner_id, self.enquirer)

    def test_organisation_of_another_company_is_not_joined(self):
        self.env["res.partner"].create(
            {
                "name": "Northtown Council",
                "is_company": True,
                "is_local_authority": True,
                "company_id": self.company_b.id,
            }
        )
        Partner = self.env["res.partner"]
        self.assertEqual(Partner._provide_find_organisations(["Northtown Council"]), {})
        self.assertTrue(
            Partner._provide_find_organisations(
                ["northtown  COUNCIL"], company=self.company_b
            )
        )

    def test_booking_in_another_company_is_not_noted_on_an_enquiry(self):
        self.event.company_id = self.company_b
        self.rule.write({"company_id": self.company_b.id, "user_id": False})
        registration = self._register(
            name="Carol Carer",
            email=self.enquirer.email,
            provide_interest=True,
            provide_idea="A carers' co-op up north",
        )
        # Company A's open enquiry of the same (shared) contact is left alone.
        enquiry = registration.provide_enquiry_id
        self.assertTrue(enquiry)
        self.assertNotEqual(enquiry, self.enquiry)
        self.assertEqual(enquiry.company_id, self.company_b)
        self.assertFalse(
            self.enquiry.message_ids.filtered(
                lambda m: "A carers' co-op up north" in (m.body or "")
            )
        )

    def test_adviser_cannot_move_an_enquiry_to_another_company(self):
        self.user_adviser.write({"company_ids": [Command.link(self.company_b.id)]})
        enquiry = self.enquiry.with_user(self.user_adviser).with_context(
            allowed_company_ids=[self.company_a.id, self.company_b.id]
        )
        with self.assertRaisesRegex(UserError, "Only a co-op manager can move"):
            enquiry.write({"company_id": self.company_b.id})
        self.assertEqual(self.enquiry.company_id, self.company_a)
        # Writing the company it already has changes nothing and is allowed.
        enquiry.write({"company_id": self.company_a.id})

    def test_manager_moves_an_enquiry_with_its_stage_history(self):
        self.user_manager.write({"company_ids": [Command.link(self.company_b.id)]})
        self.enquiry.user_id = False
        self.enquiry.with_user(self.user_manager).with_context(
            allowed_company_ids=[self.company_a.id, self.company_b.id]
        ).write({"company_id": self.company_b.id})
        history = self.env["provide.enquiry.stage.history"].search(
            [("enquiry_id", "=", self.enquiry.id)]
        )
        self.assertTrue(history)
        self.assertEqual(history.company_id, self.company_b)
        self.assertEqual(self.consent.company_id, self.company_b)
        Enquiry = self.env["provide.enquiry"].with_user(self.user_adviser_b)
        self.assertEqual(Enquiry.search([("id", "=", self.enquiry.id)]), self.enquiry)


class TestOrganisationNames(TestProvideEventCommon):
    """What someone types as an organisation or council is a name: matched
    exactly (case and spacing aside), never as a pattern."""

    def test_pattern_characters_match_themselves_only(self):
        Partner = self.env["res.partner"]
        hundred = Partner.create({"name": "100% Recycled", "is_company": True})
        slash = Partner.create({"name": "Trust A\\B", "is_company": True})
        Partner.create({"name": "Trust AB", "is_company": True})
        found = Partner._provide_find_organisations(
            ["100%  recycled", "trust a\\b", "%", "_", "trust_ab"]
        )
        self.assertEqual(found, {"100% recycled": hundred, "trust a\\b": slash})
