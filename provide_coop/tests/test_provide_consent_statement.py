from psycopg2 import IntegrityError

from odoo.exceptions import AccessError, ValidationError
from odoo.tests import Form, tagged
from odoo.tools import mute_logger

from ..models.provide_consent_statement import DEFAULT_TEXTS
from .common import TestProvideCommon, load_migration
from .common_event import TestProvideEventCommon
from .common_web import WebIntakeCase


class TestConsentStatement(TestProvideCommon):
    """The words people agree to: one statement in force per purpose and
    agency, worded by managers, versioned by the app."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.Statement = cls.env["provide.consent.statement"]
        cls.staff = cls.Statement._current("staff", cls.company_a)

    def test_every_agency_starts_with_the_three_statements(self):
        for purpose, text in DEFAULT_TEXTS.items():
            statement = self.Statement._current(purpose, self.company_b)
            self.assertEqual(statement.company_id, self.company_b)
            self.assertEqual(statement.text, text)
            self.assertEqual(statement.version, 1)
        self.assertEqual(
            self.Statement._current("staff", self.company_a), self.staff, "no twin"
        )

    def test_changing_the_words_makes_a_new_version(self):
        version = self.staff.version
        with Form(self.staff.with_user(self.user_manager)) as form:
            form.text = "The enquirer agreed on the phone (reworded)."
        self.assertEqual(self.staff.version, version + 1)
        self.staff.write({"text": "The enquirer agreed on the phone (reworded)."})
        self.assertEqual(self.staff.version, version + 1, "same words, same version")
        self.staff.text = "Reworded again."
        self.assertEqual(self.staff.version, version + 2)

    def test_a_change_of_words_is_logged_in_the_chatter(self):
        old = self.staff.text
        self.staff.with_user(self.user_manager).text = "Reworded (test)."
        self.env.cr.flush()
        values = self.staff.message_ids.tracking_value_ids
        self.assertIn(old, values.mapped("old_value_text"))
        self.assertIn("Reworded (test).", values.mapped("new_value_text"))

    def test_a_version_never_goes_back(self):
        self.staff.version = 5
        with self.assertRaisesRegex(ValidationError, "only goes up"):
            self.staff.version = 4

    def test_an_agency_has_one_statement_in_force_per_purpose(self):
        with mute_logger("odoo.sql_db"), self.assertRaises(IntegrityError):
            self.Statement.create(
                {"purpose": "staff", "company_id": self.company_a.id, "text": "Twin"}
            )

    def test_a_statement_replacing_an_archived_one_goes_on_from_its_version(self):
        self.staff.text = "Second wording."
        self.staff.action_archive()
        new = self.Statement.create(
            {"purpose": "staff", "company_id": self.company_a.id, "text": "Third"}
        )
        self.assertEqual(new.version, self.staff.version + 1)
        self.assertEqual(self.Statement._current("staff", self.company_a), new)

    def test_an_adviser_reads_but_cannot_change_a_statement(self):
        statement = self.staff.with_user(self.user_adviser)
        self.assertTrue(statement.text)
        with self.assertRaises(AccessError):
            statement.text = "Changed by an adviser"
        with self.assertRaises(AccessError):
            self.Statement.with_user(self.user_adviser).create(
                {"purpose": "web", "text": "Mine"}
            )

    def test_another_agency_does_not_see_our_statements(self):
        ours = self.Statement._current("web", self.company_a)
        theirs = self.Statement._current("web", self.company_b)
        found = self.Statement.with_user(self.user_manager_b).search([])
        self.assertIn(theirs, found)
        self.assertNotIn(ours, found)
        with self.assertRaises(AccessError):
            ours.with_user(self.user_manager_b).text  # noqa: B018

    def test_a_consent_keeps_the_words_it_was_given_after_they_change(self):
        self.staff.write({"text": "Agreed on the phone (first).", "version": 2})
        self.enquiry.with_user(self.user_adviser).lawful_basis = "consent"
        first = self.enquiry.consent_ids
        self.assertEqual(first.statement_id, self.staff)
        self.staff.with_user(self.user_manager).text = "Agreed on the phone (second)."
        self.assertEqual(self.staff.version, 3)
        first.invalidate_recordset()
        self.assertEqual(first.text, "Agreed on the phone (first).")
        self.assertEqual(first.version, "2")
        self.assertEqual(self.staff.consent_count, 1)

        enquiry = self.env["provide.enquiry"].create(
            {
                "name": "Library run by its staff",
                "contact_name": "Lou Library",
                "phone": "0116 496 0001",
                "lawful_basis": "consent",
            }
        )
        self.assertEqual(enquiry.consent_ids.text, "Agreed on the phone (second).")
        self.assertEqual(enquiry.consent_ids.version, "3")

    def test_staff_consent_takes_the_enquiry_agency_statement(self):
        theirs = self.Statement._current("staff", self.company_b)
        theirs.text = "North's words (test)."
        enquiry = (
            self.env["provide.enquiry"]
            .with_user(self.user_adviser_b)
            .create(
                {
                    "name": "Leisure centre co-op (North)",
                    "contact_name": "Nora North",
                    "phone": "0116 496 0002",
                    "lawful_basis": "consent",
                }
            )
        )
        consent = enquiry.sudo().consent_ids
        self.assertEqual(consent.statement_id, theirs)
        self.assertEqual(consent.text, "North's words (test).")
        self.assertEqual(consent.version, "2")

    def test_settings_lead_to_the_statements(self):
        arch = self.env["res.config.settings"].get_views([(False, "form")])["views"][
            "form"
        ]["arch"]
        action = self.env.ref("provide_coop.provide_consent_statement_action")
        self.assertIn(f'name="{action.id}"', arch)
        self.assertNotIn("consent_version", arch)


class TestConsentStatementMigration(TestProvideCommon):
    """Upgrading from 18.0.1.5.0, where the statements were six settings."""

    def test_each_agency_keeps_the_words_and_versions_of_the_settings(self):
        params = self.env["ir.config_parameter"].sudo()
        params.set_param("provide_coop.web_consent_text", "Web words (v4).")
        params.set_param("provide_coop.web_consent_version", "4")
        params.set_param("provide_coop.staff_consent_text", "Staff words.")
        params.set_param("provide_coop.staff_consent_version", "May 2024")
        old = self.env["provide.consent"].create(
            {
                "partner_id": self.enquirer.id,
                "enquiry_id": self.enquiry.id,
                "text": "Web words (v4).",
                "version": "4",
                "channel": "web",
            }
        )
        older = self.env["provide.consent"].create(
            {
                "partner_id": self.enquirer.id,
                "text": "Web words (v3).",
                "version": "3",
                "channel": "web",
            }
        )

        load_migration("18.0.1.6.0").statements_from_settings(self.env)

        Statement = self.env["provide.consent.statement"]
        for company in self.company_a | self.company_b:
            web = Statement._current("web", company)
            self.assertEqual((web.text, web.version), ("Web words (v4).", 4))
            staff = Statement._current("staff", company)
            self.assertEqual((staff.text, staff.version), ("Staff words.", 1))
            booking = Statement._current("booking", company)
            self.assertEqual(booking.text, DEFAULT_TEXTS["booking"])
        self.assertEqual(old.statement_id, Statement._current("web", self.company_a))
        self.assertFalse(older.statement_id, "other words: not that statement")
        self.assertEqual((older.text, older.version), ("Web words (v3).", "3"))
        self.assertFalse(params.search([("key", "like", "provide_coop.%_consent_%")]))


class TestBookingConsentStatement(TestProvideEventCommon):
    def test_a_booking_records_its_event_agency_statement(self):
        self.event.company_id = self.company_b
        theirs = self.env["provide.consent.statement"]._current(
            "booking", self.company_b
        )
        contact = self.env["res.partner"].create(
            {"name": "Ivy Interested", "email": "ivy.interested@example.com"}
        )
        booking = self._register(
            partner_id=contact.id, name="Ivy Interested", provide_interest=True
        )
        consent = booking.provide_consent_ids
        self.assertEqual(consent.statement_id, theirs)
        self.assertEqual(consent.text, theirs.text)
        self.assertEqual(consent.version, str(theirs.version))
        self.assertEqual(consent.company_id, self.company_b)


@tagged("post_install", "-at_install")
class TestWebConsentStatement(WebIntakeCase):
    def test_the_page_records_the_words_it_shows_and_keeps_them(self):
        self.assertEqual(self.post_form(email="first@example.org").status_code, 303)
        first = self.env["provide.consent"].search([], order="id desc", limit=1)
        self.statement.text = "I agree (test, reworded)."
        response = self.open_form()[0]
        self.assertIn("I agree (test, reworded).", response.text)
        self.assertEqual(self.post_form(email="second@example.org").status_code, 303)
        second = self.env["provide.consent"].search([], order="id desc", limit=1)
        self.assertEqual(second.text, "I agree (test, reworded).")
        self.assertEqual(second.version, "8")
        self.assertEqual(second.statement_id, self.statement)
        first.invalidate_recordset()
        self.assertEqual((first.text, first.version), ("I agree (test v7).", "7"))
