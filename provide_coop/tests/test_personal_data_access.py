from odoo import Command
from odoo.exceptions import AccessError
from odoo.tests import HttpCase, new_test_user, tagged
from odoo.tools import html2plaintext

from .common import TestProvideCommon

REPORT = "provide_coop.provide_personal_data"
USER_CONTEXT = {"no_reset_password": True}


class SubjectAccessCase(TestProvideCommon):
    """A person of the first agency with a confidential enquiry and a note
    they wrote; a manager of the second agency who must not read it."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.person = cls.env["res.partner"].create(
            {
                "name": "Priya Private",
                "email": "priya.private@example.org",
                "company_id": cls.company_a.id,
            }
        )
        cls.enquiry = cls.env["provide.enquiry"].create(
            {
                "name": "Depot drivers' co-op",
                "partner_id": cls.person.id,
                "is_confidential": True,
                "user_id": cls.user_adviser.id,
            }
        )
        cls.enquiry.message_post(
            body="My employer must not hear of this yet.",
            author_id=cls.person.id,
            message_type="email",
            subtype_xmlid="mail.mt_comment",
        )
        # A contact shared by both agencies, whose enquiry is the first's.
        cls.shared = cls.env["res.partner"].create(
            {"name": "Sam Shared", "email": "sam.shared@example.org"}
        )
        cls.shared_enquiry = cls.env["provide.enquiry"].create(
            {
                "name": "Shared depot enquiry",
                "partner_id": cls.shared.id,
                "is_confidential": True,
                "user_id": cls.user_adviser.id,
            }
        )

    def privacy_logs(self):
        return self.env["privacy.log"].search([], order="id")


class TestSubjectAccessReport(SubjectAccessCase):
    def test_adviser_cannot_render_the_subject_access_report(self):
        with self.assertRaises(AccessError):
            self.render_html(REPORT, self.person, user=self.user_adviser)

    def test_manager_of_another_agency_cannot_render_its_contacts(self):
        with self.assertRaises(AccessError):
            self.render_html(REPORT, self.person, user=self.user_manager_b)
        # Several ids in one request: one refused refuses them all.
        with self.assertRaises(AccessError):
            self.render_html(
                REPORT, self.shared | self.person, user=self.user_manager_b
            )

    def test_shared_contact_shows_another_agency_only_its_own_records(self):
        html = self.render_html(REPORT, self.shared, user=self.user_manager_b)
        self.assertIn("Sam Shared", html)
        self.assertNotIn("Shared depot enquiry", html)
        data = self.shared.with_user(self.user_manager_b)._provide_personal_data()
        self.assertEqual(data["enquiries"], [])
        data = self.shared.with_user(self.user_manager)._provide_personal_data()
        self.assertEqual(
            [row["name"] for row in data["enquiries"]], ["Shared depot enquiry"]
        )

    def test_every_report_is_logged_with_who_whom_and_when(self):
        before = self.privacy_logs()
        html = self.render_html(REPORT, self.person, user=self.user_manager)
        self.assertIn("My employer must not hear of this yet.", html)
        log = self.privacy_logs() - before
        self.assertEqual(len(log), 1)
        self.assertEqual(log.user_id, self.user_manager)
        self.assertTrue(log.date)
        self.assertEqual(log.anonymized_name, "P**** P******")
        self.assertIn("Mona Manager", log.execution_details)
        self.assertIn(f"#{self.enquiry.id}", log.records_description)
        self.assertIn(
            "Personal data exported as",
            self.person.message_ids[:1].body,
        )


class TestProtectedEnquiryFields(SubjectAccessCase):
    def test_users_cannot_write_what_the_app_keeps(self):
        enquiry = self.enquiry.with_user(self.user_manager)
        other = self.env["provide.enquiry"].create({"name": "Other enquiry"})
        for vals in (
            {"anonymised_date": "2026-01-01 00:00:00"},
            {"reference": "ENQ/FAKE"},
            {"date_closed": "2020-01-01 00:00:00"},
            {"merged_into_id": other.id},
        ):
            with self.subTest(vals=vals), self.assertRaises(AccessError):
                enquiry.write(vals)
        self.assertFalse(self.enquiry.anonymised_date)
        self.assertFalse(self.enquiry.merged_into_id)
        self.assertNotEqual(self.enquiry.reference, "ENQ/FAKE")
        with self.assertRaises(AccessError):
            self.env["provide.enquiry"].with_user(self.user_adviser).create(
                {"name": "Hidden from retention", "anonymised_date": "2026-01-01"}
            )

    def test_anonymised_date_set_over_rpc_cannot_hide_from_retention(self):
        closed = self.env["provide.enquiry"].create(
            {"name": "Closed long ago", "partner_id": self.person.id}
        )
        closed.with_user(self.user_manager).action_archive()
        with self.assertRaises(AccessError):
            closed.with_user(self.user_manager).write(
                {"anonymised_date": "2026-01-01 00:00:00"}
            )
        self.assertFalse(closed.anonymised_date)


class TestForgetAcrossAgencies(SubjectAccessCase):
    def test_manager_of_another_agency_cannot_forget_its_contacts(self):
        for partner in (self.person, self.shared):
            with self.subTest(partner=partner.name), self.assertRaises(AccessError):
                wizard = (
                    self.env["provide.forget.person"]
                    .with_user(self.user_manager_b)
                    .create({"partner_id": partner.id})
                )
                wizard.action_forget()
            self.assertTrue(partner.email)
        self.assertTrue(self.shared_enquiry.email_from)

    def test_another_agency_s_manager_is_told_why_and_counts_nothing(self):
        """What the dialog says before Forget: for a person another agency
        holds too, why it cannot be done, and no count of that agency's
        enquiries, bookings, messages or consents."""
        # The first agency's own contact, which the second cannot read, and
        # a contact both share whose enquiry is the first's.
        for partner, why in (
            (self.person, "doesn't have 'read' access"),
            (self.shared, "only a manager of every agency"),
        ):
            with self.subTest(partner=partner.name):
                wizard = (
                    self.env["provide.forget.person"]
                    .with_user(self.user_manager_b)
                    .create({"partner_id": partner.id})
                )
                summary = html2plaintext(wizard.summary)
                self.assertIn(why, summary)
                for counted in ("enquir", "booking", "message", "consent"):
                    self.assertNotIn(counted, summary)
        # The agency that holds them all reads the counts.
        wizard = (
            self.env["provide.forget.person"]
            .with_user(self.user_manager)
            .create({"partner_id": self.person.id})
        )
        self.assertIn("enquir", str(wizard.summary))


class TestExactAddresses(TestProvideCommon):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        Enquiry = cls.env["provide.enquiry"]
        cls.smith = cls.env["res.partner"].create(
            {"name": "Jo Smith", "email": "j_smith@x.org"}
        )
        cls.jasmith = cls.env["res.partner"].create(
            {"name": "Jay Asmith", "email": "jasmith@x.org"}
        )
        cls.smith_enquiry = Enquiry.create(
            {"name": "Smith's enquiry", "partner_id": cls.smith.id}
        )
        # Typed by an adviser before the contacts were linked.
        cls.jasmith_enquiry = Enquiry.create(
            {"name": "Asmith's enquiry", "partner_id": cls.jasmith.id}
        )

    def forget(self, partner):
        wizard = (
            self.env["provide.forget.person"]
            .with_user(self.user_manager)
            .create({"partner_id": partner.id})
        )
        wizard.action_forget()

    def test_enquiry_keeps_the_normalised_address_and_phone(self):
        enquiry = self.env["provide.enquiry"].create(
            {
                "name": "Typed address",
                "contact_name": "Tia Typed",
                "email_from": '"Tia Typed" <Tia.Typed@Example.ORG>',
                "phone": "+44 161 496 0555",
            }
        )
        self.assertEqual(enquiry.email_normalized, "tia.typed@example.org")
        self.assertEqual(enquiry.phone_sanitized, "+441614960555")

    def test_subject_access_finds_the_exact_address_only(self):
        data = self.smith.with_user(self.user_manager)._provide_personal_data()
        self.assertEqual(
            [row["name"] for row in data["enquiries"]], ["Smith's enquiry"]
        )

    def test_forgetting_an_address_does_not_forget_one_it_would_match(self):
        self.forget(self.smith)
        self.assertEqual(self.jasmith_enquiry.email_from, "jasmith@x.org")
        self.assertEqual(self.jasmith_enquiry.contact_name, "Jay Asmith")
        self.assertFalse(self.smith_enquiry.email_from)

    def test_a_wildcard_address_forgets_only_its_owner(self):
        visitor = self.env["res.partner"].create({"name": "Wild Card", "email": "%@%"})
        self.env["provide.enquiry"].create(
            {"name": "Wildcard enquiry", "partner_id": visitor.id}
        )
        blacklist_before = self.env["mail.blacklist"].search_count([])
        self.forget(visitor)
        self.assertEqual(self.smith_enquiry.email_from, "j_smith@x.org")
        self.assertEqual(self.jasmith_enquiry.email_from, "jasmith@x.org")
        self.assertFalse(self.smith_enquiry.anonymised_date)
        erasure = self.env["provide.erasure"].search([], limit=1)
        self.assertEqual(erasure.enquiry_count, 1)
        self.assertLessEqual(
            self.env["mail.blacklist"].search_count([]), blacklist_before + 1
        )


class TestForgetWholeWords(TestProvideCommon):
    def test_forgetting_tom_keeps_tomlinson_and_custom(self):
        tom = self.env["res.partner"].create({"name": "Tom", "email": "tom@x.org"})
        enquiry = self.env["provide.enquiry"].create(
            {
                "name": "Tom's custom bus co-op",
                "partner_id": tom.id,
                "service_description": "Tom and Mr Tomlinson want a custom service.",
            }
        )
        enquiry.message_post(body="Tomlinson called about Tom.")
        self.env["provide.forget.person"].with_user(self.user_manager).create(
            {"partner_id": tom.id}
        ).action_forget()
        self.assertEqual(
            enquiry.service_description,
            "[removed] and Mr Tomlinson want a custom service.",
        )
        self.assertEqual(enquiry.name, "[removed]'s custom bus co-op")
        self.assertIn("Tomlinson called about [removed].", enquiry.message_ids[0].body)


class TestWithdrawalAfterMerge(TestProvideCommon):
    def test_withdrawal_after_a_merge_touches_only_who_withdrew(self):
        Enquiry = self.env["provide.enquiry"]
        alice = self.env["res.partner"].create(
            {"name": "Alice Keep", "email": "alice.keep@example.org"}
        )
        bob = self.env["res.partner"].create(
            {"name": "Bob Merged", "email": "bob.merged@example.org"}
        )
        kept = Enquiry.create(
            {"name": "Kept", "partner_id": alice.id, "lawful_basis": "consent"}
        )
        duplicate = Enquiry.create(
            {"name": "Duplicate", "partner_id": bob.id, "lawful_basis": "consent"}
        )
        kept._merge(duplicate)
        bob_consent = self.env["provide.consent"].search([("partner_id", "=", bob.id)])
        self.assertEqual(bob_consent.enquiry_id, kept, "the consent moved")
        bob_consent.with_user(self.user_adviser).action_withdraw()

        Blacklist = self.env["mail.blacklist"].with_context(active_test=False)
        self.assertTrue(Blacklist.search([("email", "=", "bob.merged@example.org")]))
        self.assertFalse(
            Blacklist.search([("email", "=", "alice.keep@example.org")]),
            "the other person of the merge is not blacklisted",
        )
        alice_consent = self.env["provide.consent"].search(
            [("partner_id", "=", alice.id)]
        )
        self.assertFalse(alice_consent.withdrawn_date)
        self.assertFalse(
            kept.consent_withdrawn_date,
            "the kept enquiry is Alice's: her consent stands",
        )


@tagged("post_install", "-at_install")
class TestSubjectAccessOverHttp(HttpCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.company_b = cls.env["res.company"].create({"name": "Provide North"})
        cls.person = cls.env["res.partner"].create(
            {
                "name": "Hana Http",
                "email": "hana.http@example.org",
                "company_id": cls.env.company.id,
            }
        )
        cls.other = cls.env["res.partner"].create(
            {"name": "Olly Other", "email": "olly.other@example.org"}
        )
        cls.enquiry = cls.env["provide.enquiry"].create(
            {
                "name": "Confidential depot",
                "partner_id": cls.person.id,
                "is_confidential": True,
            }
        )
        for login, groups, company in (
            ("pd_portal", "base.group_portal", None),
            ("pd_adviser", "provide_coop.group_provide_user", None),
            ("pd_manager", "provide_coop.group_provide_manager", None),
            ("pd_manager_b", "provide_coop.group_provide_manager", cls.company_b),
        ):
            extra = (
                {
                    "company_id": company.id,
                    "company_ids": [Command.set(company.ids)],
                }
                if company
                else {}
            )
            new_test_user(
                cls.env,
                login=login,
                password=f"{login}_pw",
                groups=groups,
                context=USER_CONTEXT,
                **extra,
            )

    def urls(self, ids=None):
        docids = ",".join(str(i) for i in (ids or [self.person.id]))
        return (
            f"/report/html/{REPORT}/{docids}",
            f"/report/pdf/{REPORT}/{docids}",
            f"/coop/personal-data/{self.person.id}.json",
        )

    def assertRefused(self, login):
        self.authenticate(login, f"{login}_pw")
        for url in self.urls([self.other.id, self.person.id]):
            with self.subTest(login=login, url=url):
                response = self.url_open(url)
                self.assertNotEqual(response.status_code, 200)
                self.assertNotIn("hana.http@example.org", response.text)
                self.assertNotIn("Confidential depot", response.text)

    def test_portal_user_cannot_download_a_subject_access_report(self):
        self.assertRefused("pd_portal")

    def test_adviser_cannot_download_a_subject_access_report(self):
        self.assertRefused("pd_adviser")

    def test_manager_of_another_agency_cannot_download_its_contacts(self):
        self.assertRefused("pd_manager_b")

    def test_manager_downloads_and_each_export_is_logged(self):
        self.authenticate("pd_manager", "pd_manager_pw")
        before = self.env["privacy.log"].search_count([])
        for url in self.urls():
            with self.subTest(url=url):
                response = self.url_open(url)
                self.assertEqual(response.status_code, 200)
                if not url.startswith("/report/pdf"):
                    self.assertIn("hana.http@example.org", response.text)
        logs = self.env["privacy.log"].search([], order="id desc", limit=3)
        self.assertEqual(self.env["privacy.log"].search_count([]), before + 3)
        self.assertEqual(
            sorted(log.execution_details.split(" by ")[0] for log in logs),
            [
                "Personal data exported as HTML",
                "Personal data exported as JSON",
                "Personal data exported as PDF",
            ],
        )
