import re
from unittest.mock import patch

from odoo.exceptions import AccessError, UserError
from odoo.tests import Form, tagged
from odoo.tools import SQL

from .common import TestProvideCommon
from .common_event import TestProvideEventCommon
from .common_web import WebIntakeCase

WITHDRAW_LINK_RE = re.compile(r'href="[^"]*(/coop/consent/withdraw\?token=[^"]+)"')


class ConsentAssertions:
    def assertNoEmailTo(self, partner, since_id):
        """No e-mail (mail.mail or e-mail notification) went to `partner`
        after message id `since_id`."""
        self.env.flush_all()
        mails = self.env["mail.mail"].search(
            [("id", ">", since_id), ("recipient_ids", "in", partner.ids)]
        )
        self.assertFalse(mails, "an e-mail was queued for the contact")
        notifications = self.env["mail.notification"].search(
            [
                ("mail_message_id", ">", since_id),
                ("res_partner_id", "=", partner.id),
                ("notification_type", "=", "email"),
            ]
        )
        self.assertFalse(notifications, "the contact was notified by e-mail")

    def last_message_id(self):
        self.env.flush_all()
        return self.env["mail.message"].search([], order="id desc", limit=1).id


class TestLawfulBasisAndStaffConsent(ConsentAssertions, TestProvideCommon):
    def test_staff_enquiry_is_held_on_legitimate_interest_without_consent(self):
        self.assertEqual(self.enquiry.lawful_basis, "legitimate_interest")
        self.assertFalse(self.enquiry.consent_ids)

    def test_adviser_picking_consent_on_a_phone_call_records_the_statement(self):
        statement = self.env["provide.consent.statement"]._current("staff")
        statement.write({"text": "Agreed on the phone (test v3).", "version": 3})
        Enquiry = self.env["provide.enquiry"].with_user(self.user_adviser)
        with Form(Enquiry) as form:
            form.name = "Leisure centre mutual"
            form.contact_name = "Pat Phone"
            form.phone = "0116 496 0000"
            form.source = "phone"
            form.lawful_basis = "consent"
        enquiry = form.record
        consent = enquiry.sudo().consent_ids
        self.assertEqual(len(consent), 1)
        self.assertEqual(consent.channel, "phone")
        self.assertEqual(consent.text, "Agreed on the phone (test v3).")
        self.assertEqual(consent.version, "3")
        self.assertEqual(consent.statement_id, statement)
        self.assertEqual(consent.partner_id, enquiry.partner_id)

    def test_consent_picked_later_on_an_email_enquiry_is_recorded_once(self):
        self.enquiry.source = "email"
        self.enquiry.with_user(self.user_adviser).lawful_basis = "consent"
        self.enquiry.with_user(self.user_adviser).write({"lawful_basis": "consent"})
        self.assertEqual(len(self.enquiry.consent_ids), 1)
        self.assertEqual(self.enquiry.consent_ids.channel, "email")

    def test_adviser_records_a_withdrawal_and_no_more_email_goes_out(self):
        self.enquiry.lawful_basis = "consent"
        self.enquiry.message_subscribe(partner_ids=self.enquirer.ids)
        since = self.last_message_id()
        self.enquiry.with_user(self.user_adviser).action_withdraw_consent()

        consent = self.enquiry.consent_ids
        self.assertTrue(consent.withdrawn_date)
        self.assertEqual(consent.withdrawn_via, "staff")
        self.assertTrue(self.enquiry.consent_withdrawn_date)
        self.assertTrue(
            self.env["mail.blacklist"].search(
                [("email", "=", "carol.carer@example.com")]
            ),
            "the address is on the blacklist",
        )
        logged = self.enquiry.message_ids.filtered(
            lambda m: "Consent withdrawn" in str(m.body)
        )
        self.assertTrue(logged, "the withdrawal is logged on the enquiry")
        self.assertIn("Ada Adviser", str(logged.body))
        self.assertTrue(
            self.enquirer.message_ids.filtered(
                lambda m: "Consent withdrawn" in str(m.body)
            ),
            "and on the contact",
        )

        since = self.last_message_id()
        self.enquiry.with_user(self.user_adviser).message_post(
            body="Following up on your enquiry",
            partner_ids=self.enquirer.ids,
            message_type="comment",
            subtype_xmlid="mail.mt_comment",
        )
        self.assertNoEmailTo(self.enquirer, since)

    def test_other_followers_still_get_email_after_a_withdrawal(self):
        self.enquiry.lawful_basis = "consent"
        other = self.env["res.partner"].create(
            {"name": "Olu Other", "email": "olu.other@example.com"}
        )
        self.enquiry.with_user(self.user_adviser).action_withdraw_consent()
        since = self.last_message_id()
        self.enquiry.message_post(
            body="Note for both",
            partner_ids=(self.enquirer | other).ids,
            message_type="comment",
            subtype_xmlid="mail.mt_comment",
        )
        self.env.flush_all()
        self.assertNoEmailTo(self.enquirer, since)
        self.assertTrue(
            self.env["mail.notification"].search(
                [
                    ("mail_message_id", ">", since),
                    ("res_partner_id", "=", other.id),
                    ("notification_type", "=", "email"),
                ]
            )
        )

    def test_withdrawing_without_a_consent_on_record_is_refused(self):
        with self.assertRaisesRegex(UserError, "no consent on record"):
            self.enquiry.with_user(self.user_adviser).action_withdraw_consent()

    def test_employee_outside_the_app_cannot_withdraw(self):
        self.enquiry.lawful_basis = "consent"
        with self.assertRaises(AccessError):
            self.enquiry.with_user(self.user_employee).action_withdraw_consent()
        self.assertFalse(self.enquiry.consent_ids.withdrawn_date)


class TestBookingConsent(TestProvideEventCommon):
    def test_booking_without_interest_is_held_on_contract(self):
        booking = self._register(name="Cal Contract", email="cal@example.com")
        self.assertEqual(booking.provide_lawful_basis, "contract")
        self.assertFalse(booking.provide_consent_ids)

    def test_interested_booking_is_held_on_consent_with_its_enquiry(self):
        statement = self.env["provide.consent.statement"]._current("booking")
        statement.text = "Contact me about a co-op (test)."
        booking = self._register(
            name="Ivy Interested",
            email="ivy.interested@example.com",
            provide_interest=True,
            provide_idea="A nursery run by its staff",
            state="open",
        )
        self.assertEqual(booking.provide_lawful_basis, "consent")
        enquiry = booking.provide_enquiry_id
        self.assertTrue(enquiry, "the rule made an enquiry")
        self.assertEqual(enquiry.lawful_basis, "consent")
        consent = booking.provide_consent_ids
        self.assertEqual(len(consent), 1)
        self.assertEqual(consent.channel, "booking")
        self.assertEqual(consent.text, "Contact me about a co-op (test).")
        self.assertEqual(consent.version, str(statement.version))
        self.assertEqual(consent.statement_id, statement)
        self.assertEqual(consent.enquiry_id, enquiry)
        self.assertEqual(consent.partner_id, enquiry.partner_id)
        self.assertEqual(enquiry.consent_ids, consent, "no second, staff consent")

    def test_interest_ticked_later_records_the_consent_once(self):
        contact = self.env["res.partner"].create(
            {"name": "Lee Later", "email": "lee.later@example.com"}
        )
        booking = self._register(partner_id=contact.id, name="Lee Later")
        self.assertFalse(booking.provide_consent_ids)
        booking.provide_interest = True
        booking.provide_idea = "Leisure trust"
        self.assertEqual(len(booking.provide_consent_ids), 1)
        booking.action_confirm()
        self.assertEqual(len(booking.provide_consent_ids), 1)
        self.assertEqual(
            booking.provide_consent_ids.enquiry_id, booking.provide_enquiry_id
        )

    def test_enquiry_from_a_booking_without_interest_is_legitimate_interest(self):
        self.rule.registration_domain = "[]"
        booking = self._register(name="Nia NoInterest", email="nia@example.com")
        booking.action_confirm()
        self.assertEqual(booking.provide_enquiry_id.lawful_basis, "legitimate_interest")
        self.assertFalse(booking.provide_enquiry_id.consent_ids)


@tagged("post_install", "-at_install")
class TestWithdrawLink(ConsentAssertions, WebIntakeCase):
    def _web_enquiry(self):
        response = self.post_form(email="wendy.web@example.org", name="Wendy Web")
        self.assertEqual(response.status_code, 303, response.text[-2000:])
        return self.env["provide.enquiry"].search([], order="id desc", limit=1)

    def test_web_enquiry_is_held_on_consent_and_its_email_links_to_withdraw(self):
        enquiry = self._web_enquiry()
        self.assertEqual(enquiry.lawful_basis, "consent")
        mail = self.env["mail.mail"].search(
            [("model", "=", "provide.enquiry"), ("res_id", "=", enquiry.id)]
        )
        link = WITHDRAW_LINK_RE.search(str(mail.body_html))
        self.assertTrue(link, "the confirmation e-mail has a withdrawal link")

        page = self.url_open(link.group(1).replace("&amp;", "&"))
        self.assertEqual(page.status_code, 200)
        self.assertIn("Withdraw my consent", page.text)
        self.assertFalse(
            enquiry.consent_ids.withdrawn_date, "opening withdraws nothing"
        )

        csrf = re.search(r'name="csrf_token" value="([^"]+)"', page.text).group(1)
        token = re.search(r'name="token" value="([^"]+)"', page.text).group(1)
        done = self.url_open(
            "/coop/consent/withdraw", data={"csrf_token": csrf, "token": token}
        )
        self.assertEqual(done.status_code, 200)
        self.assertIn("Your consent is withdrawn", done.text)
        self.env.invalidate_all()
        self.assertTrue(enquiry.consent_ids.withdrawn_date)
        self.assertEqual(enquiry.consent_ids.withdrawn_via, "link")
        self.assertTrue(
            self.env["mail.blacklist"].search([("email", "=", "wendy.web@example.org")])
        )
        self.assertTrue(
            enquiry.message_ids.filtered(
                lambda m: "through the link in an e-mail" in str(m.body)
            )
        )

        since = self.last_message_id()
        enquiry.message_post(
            body="Any news?",
            partner_ids=enquiry.partner_id.ids,
            message_type="comment",
            subtype_xmlid="mail.mt_comment",
        )
        self.assertNoEmailTo(enquiry.partner_id, since)
        # Opening the link again says it is done.
        again = self.url_open(link.group(1).replace("&amp;", "&"))
        self.assertIn("Your consent is withdrawn", again.text)

    def test_forged_or_cut_token_is_not_valid(self):
        enquiry = self._web_enquiry()
        token = enquiry.consent_ids.withdraw_url.split("token=")[1]
        for bad in (token[:-3], "x" + token[1:], "nonsense", ""):
            page = self.url_open(f"/coop/consent/withdraw?token={bad}")
            self.assertEqual(page.status_code, 404, bad)
            self.assertIn("This link is not valid", page.text)
        self.assertFalse(enquiry.consent_ids.withdrawn_date)

    def test_withdrawn_address_gets_no_confirmation_email_for_a_new_enquiry(self):
        enquiry = self._web_enquiry()
        enquiry.consent_ids._withdraw("link")
        since = self.last_message_id()
        self.post_form(email="wendy.web@example.org", name="Wendy Web")
        self.assertNoEmailTo(enquiry.partner_id, since)


class TestBlacklistLookup(TestProvideCommon):
    """Who the app may not e-mail is read from Odoo's blacklist by exact
    address, quickly however long the blacklist grows."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.env.cr.execute(
            """INSERT INTO mail_blacklist (email, active, create_date, write_date)
               SELECT 'person' || g || '@shared.example.org', g % 10 <> 0,
                      NOW(), NOW()
                 FROM generate_series(1, 5000) g"""
        )
        cls.env.cr.execute("ANALYZE mail_blacklist")

    def test_only_exact_addresses_are_found(self):
        Consent = self.env["provide.consent"]
        wanted = {
            "person11@shared.example.org",  # active
            "person20@shared.example.org",  # inactive
            "person1@shared.example.org",  # active, a prefix of person11
            "erson11@shared.example.org",  # a part of person11: not listed
            "nobody@elsewhere.example.org",
        }
        found = Consent._blacklist_entries(wanted)
        self.assertEqual(
            set(found.values()),
            {
                "person11@shared.example.org",
                "person20@shared.example.org",
                "person1@shared.example.org",
            },
        )
        self.assertEqual(
            set(Consent._blacklist_entries(wanted, active=True).values()),
            {"person11@shared.example.org", "person1@shared.example.org"},
        )
        self.assertEqual(
            set(Consent._blacklist_entries(wanted, active=False).values()),
            {"person20@shared.example.org"},
        )
        self.assertEqual(
            Consent._provide_blocked_emails(["Person11@Shared.example.org"]),
            {"person11@shared.example.org"},
        )

    def test_a_thousand_addresses_are_read_through_the_unique_index(self):
        """The retention cron checks hundreds of addresses at a time: each
        is one look-up in the blacklist's unique b-tree, never a scan of
        the blacklist or of Odoo's trigram index on its addresses."""
        cr = self.env.cr
        statements = []
        execute = type(cr).execute

        def record(cursor, query, params=None, log_exceptions=True):
            statements.append(query)
            return execute(cursor, query, params, log_exceptions)

        emails = {f"person{g}@shared.example.org" for g in range(2000, 3000)}
        with patch.object(type(cr), "execute", record):
            found = self.env["provide.consent"]._blacklist_entries(emails)
        self.assertEqual(len(found), 1000)
        (lookup,) = [q for q in statements if "mail_blacklist" in str(q)]
        cr.execute(SQL("EXPLAIN %s", lookup))
        plan = "\n".join(row[0][:120] for row in cr.fetchall())
        self.assertIn("Index Scan using mail_blacklist_unique_email", plan, plan)
        self.assertNotIn("Seq Scan on mail_blacklist", plan, plan)
        self.assertNotIn("Bitmap", plan, plan)
