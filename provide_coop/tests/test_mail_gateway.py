import base64
from email.message import EmailMessage
from email.utils import make_msgid

from odoo.addons.mail.tests.common import MailCommon, mail_new_test_user
from odoo.exceptions import ValidationError
from odoo.tests import Form, tagged
from odoo.tools import mute_logger

PLAIN = """\
From: {email_from}
To: {to}
Subject: {subject}
Message-ID: {msg_id}
Date: Tue, 01 Dec 2026 09:12:00 +0000
MIME-Version: 1.0
Content-Type: text/plain; charset="utf-8"
Content-Transfer-Encoding: 8bit
{extra}
The care workers at Riverside want to take over the homecare contract.
Can someone call us?

Jo
"""

HTML = """\
From: {email_from}
To: {to}
Subject: {subject}
Message-ID: {msg_id}
Date: Tue, 01 Dec 2026 09:12:00 +0000
MIME-Version: 1.0
Content-Type: multipart/alternative; boundary="b1"

--b1
Content-Type: text/plain; charset="utf-8"

Our library is closing. Could the staff & volunteers run it as a co-op?

--b1
Content-Type: text/html; charset="utf-8"

<html><body><p>Our library is closing.</p>
<p>Could the staff &amp; volunteers run it as a co-op?</p></body></html>

--b1--
"""

# Subject and body in Latin-1, the subject as an RFC 2047 encoded word.
LATIN1_SUBJECT = "=?iso-8859-1?q?Caf=E9_for_=A35_a_day?="
LATIN1 = (
    """\
From: {email_from}
To: {to}
Subject: {subject}
Message-ID: {msg_id}
Date: Tue, 01 Dec 2026 09:12:00 +0000
MIME-Version: 1.0
Content-Type: text/plain; charset="iso-8859-1"
Content-Transfer-Encoding: 8bit

"""
).encode("ascii") + "Le café de la mairie coûte £5 par jour.\n".encode("iso-8859-1")

# A delivery status notification (RFC 3464) from the mail server.
DSN = """\
Return-Path: <>
From: MAILER-DAEMON@mail.example.com (Mail Delivery System)
To: {to}
Subject: Undelivered Mail Returned to Sender
Message-ID: {msg_id}
Date: Tue, 01 Dec 2026 09:12:00 +0000
MIME-Version: 1.0
Content-Type: multipart/report; report-type=delivery-status; boundary="r1"

--r1
Content-Description: Notification
Content-Type: text/plain; charset=us-ascii

Your message could not be delivered to gone@example.com.

--r1
Content-Description: Delivery report
Content-Type: message/delivery-status

Reporting-MTA: dns; mail.example.com
Final-Recipient: rfc822; gone@example.com
Action: failed
Status: 5.1.1

--r1--
"""


@tagged("post_install", "-at_install")
class TestMailGateway(MailCommon):
    """Messages to the enquiries alias, as a mail server hands them to Odoo."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.alias = cls.env.ref("provide_coop.mail_alias_enquiry")
        # The company's alias domain, as set in the General Settings.
        cls.alias.alias_domain_id = cls.mail_alias_domain
        cls.alias_email = f"enquiries@{cls.alias_domain}"
        cls.stage_new = cls.env.ref("provide_coop.provide_stage_new")
        cls.stage_first_contact = cls.env.ref(
            "provide_coop.provide_stage_first_contact"
        )
        cls.adviser = mail_new_test_user(
            cls.env,
            login="gateway_adviser",
            name="Ada Adviser",
            email="ada.adviser@provide.example.com",
            groups="provide_coop.group_provide_user",
        )
        cls.Enquiry = cls.env["provide.enquiry"]

    def _process(
        self,
        template,
        email_from="Jo Carer <jo.carer@riverside.example>",
        to=None,
        subject="Homecare co-op",
        extra="",
        msg_id=None,
    ):
        msg_id = msg_id or make_msgid(domain="riverside.example")
        if isinstance(template, str):
            message = template.format(
                email_from=email_from,
                to=to or self.alias_email,
                subject=subject,
                msg_id=msg_id,
                extra=extra,
            )
        else:
            message = template
        self.env["mail.thread"].message_process(None, message)
        return msg_id

    def _enquiries(self):
        return self.Enquiry.with_context(active_test=False).search(
            [("source", "=", "email")]
        )

    # ------------------------------------------------------------------
    # New enquiries
    # ------------------------------------------------------------------

    def test_plain_text_message_creates_one_enquiry(self):
        self._process(PLAIN)
        enquiry = self._enquiries()
        self.assertEqual(len(enquiry), 1)
        self.assertEqual(enquiry.name, "Homecare co-op")
        self.assertIn("take over the homecare contract", enquiry.service_description)
        self.assertEqual(enquiry.source, "email")
        self.assertEqual(enquiry.stage_id, self.stage_new)
        self.assertFalse(enquiry.user_id, "unassigned, waiting for triage")
        self.assertEqual(enquiry.partner_id.name, "Jo Carer")
        self.assertEqual(enquiry.partner_id.email, "jo.carer@riverside.example")
        self.assertEqual(enquiry.email_from, "jo.carer@riverside.example")
        message = enquiry.message_ids.filtered(lambda m: m.message_type == "email")
        self.assertEqual(len(message), 1, "the message is in the chatter")
        self.assertEqual(message.author_id, enquiry.partner_id)

    def test_html_message_body_stored_as_text(self):
        self._process(HTML, subject="Library")
        enquiry = self._enquiries()
        self.assertEqual(len(enquiry), 1)
        self.assertEqual(
            enquiry.service_description,
            "Our library is closing.\nCould the staff & volunteers run it as a co-op?",
        )

    def test_no_subject_named_after_sender(self):
        self._process(PLAIN, subject="")
        self.assertEqual(self._enquiries().name, "Enquiry from Jo Carer")

    def test_known_sender_reused_whatever_the_case(self):
        partner = self.env["res.partner"].create(
            {"name": "Jo Carer", "email": "Jo.Carer@Riverside.example"}
        )
        self._process(PLAIN, email_from="JO.CARER@riverside.EXAMPLE")
        self.assertEqual(self._enquiries().partner_id, partner)
        self.assertEqual(
            self.env["res.partner"].search_count(
                [("email_normalized", "=", "jo.carer@riverside.example")]
            ),
            1,
        )

    def test_non_utf8_charset(self):
        message = LATIN1.replace(
            b"{email_from}", b"Jo Carer <jo.carer@riverside.example>"
        )
        message = message.replace(b"{to}", self.alias_email.encode())
        message = message.replace(b"{subject}", LATIN1_SUBJECT.encode())
        message = message.replace(b"{msg_id}", make_msgid().encode())
        self.env["mail.thread"].message_process(None, message)
        enquiry = self._enquiries()
        self.assertEqual(enquiry.name, "Café for £5 a day")
        self.assertIn(
            "Le café de la mairie coûte £5 par jour.", enquiry.service_description
        )

    def test_forged_reply_to_ignored(self):
        self._process(PLAIN, extra="Reply-To: Mallory <mallory@evil.example>\n")
        enquiry = self._enquiries()
        self.assertEqual(enquiry.partner_id.email, "jo.carer@riverside.example")
        self.assertFalse(
            self.env["res.partner"].search([("email", "ilike", "mallory")]),
            "no contact for the Reply-To address",
        )

    def test_configured_stage_and_adviser(self):
        settings = self.env["res.config.settings"].create(
            {
                "provide_email_stage_id": self.stage_first_contact.id,
                "provide_email_user_id": self.adviser.id,
            }
        )
        settings.execute()
        self._process(PLAIN)
        enquiry = self._enquiries()
        self.assertEqual(enquiry.stage_id, self.stage_first_contact)
        self.assertEqual(enquiry.user_id, self.adviser)

    def test_gated_stage_refused_in_settings(self):
        gated = self.env.ref("provide_coop.provide_stage_feasibility")
        settings = self.env["res.config.settings"].create(
            {"provide_email_stage_id": gated.id}
        )
        with self.assertRaisesRegex(ValidationError, "needs a done formal assessment"):
            settings.execute()

    def test_alias_editable_from_settings(self):
        with Form(self.env["res.config.settings"]) as form:
            self.assertEqual(form.provide_enquiry_alias_prefix, "enquiries")
            form.provide_enquiry_alias_prefix = "hello"
            form.alias_domain_id = self.mail_alias_domain
        form.record.execute()
        self.assertEqual(self.alias.alias_full_name, f"hello@{self.alias_domain}")
        self._process(PLAIN, to=f"hello@{self.alias_domain}")
        self.assertEqual(len(self._enquiries()), 1)

    # ------------------------------------------------------------------
    # Attachments
    # ------------------------------------------------------------------

    def _message_with_attachment(self, name, content, subject="With a file"):
        message = EmailMessage()
        message["From"] = "Jo Carer <jo.carer@riverside.example>"
        message["To"] = self.alias_email
        message["Subject"] = subject
        message["Message-ID"] = make_msgid()
        message.set_content("The business plan is attached.")
        message.add_attachment(
            content, maintype="application", subtype="pdf", filename=name
        )
        return message.as_bytes()

    def test_attachment_kept_on_enquiry(self):
        content = b"%PDF-1.4 a small business plan"
        self.env["mail.thread"].message_process(
            None, self._message_with_attachment("plan.pdf", content)
        )
        enquiry = self._enquiries()
        attachment = self.env["ir.attachment"].search(
            [("res_model", "=", "provide.enquiry"), ("res_id", "=", enquiry.id)]
        )
        self.assertEqual(attachment.name, "plan.pdf")
        self.assertEqual(base64.b64decode(attachment.datas), content)
        self.assertIn(attachment, enquiry.message_ids.attachment_ids)

    def test_ten_megabyte_attachment_kept(self):
        content = b"%PDF-1.4 " + b"x" * (10 * 1024 * 1024)
        self.env["mail.thread"].message_process(
            None, self._message_with_attachment("survey.pdf", content)
        )
        enquiry = self._enquiries()
        attachment = self.env["ir.attachment"].search(
            [("res_model", "=", "provide.enquiry"), ("res_id", "=", enquiry.id)]
        )
        self.assertEqual(attachment.file_size, len(content))
        self.assertEqual(base64.b64decode(attachment.datas), content)

    # ------------------------------------------------------------------
    # Replies and repeat senders
    # ------------------------------------------------------------------

    def test_reply_lands_in_chatter(self):
        self._process(PLAIN)
        enquiry = self._enquiries()
        answer = enquiry.with_user(self.adviser).message_post(
            body="When can we call you?",
            message_type="comment",
            subtype_xmlid="mail.mt_comment",
            partner_ids=enquiry.partner_id.ids,
        )
        self._process(
            PLAIN,
            subject="Re: Homecare co-op",
            extra=f"In-Reply-To: {answer.message_id}\n"
            f"References: {answer.message_id}\n",
        )
        self.assertEqual(self._enquiries(), enquiry, "no new enquiry")
        reply = enquiry.message_ids.filtered(
            lambda m: m.subject == "Re: Homecare co-op"
        )
        self.assertEqual(len(reply), 1)
        self.assertEqual(reply.author_id, enquiry.partner_id)
        self.assertEqual(enquiry.name, "Homecare co-op")

    def test_second_thread_from_same_sender(self):
        self._process(PLAIN, subject="Homecare co-op")
        self._process(PLAIN, subject="And the day centre")
        enquiries = self._enquiries()
        self.assertEqual(len(enquiries), 2, "a new thread is a new enquiry")
        self.assertEqual(len(enquiries.partner_id), 1, "one contact")
        for enquiry in enquiries:
            self.assertEqual(enquiry.partner_open_enquiry_count, 1)
        # The form shows the other one and opens it.
        first = enquiries.sorted("id")[0]
        with Form(first) as form:
            self.assertEqual(form.partner_open_enquiry_count, 1)
        action = first.action_view_partner_open_enquiries()
        self.assertEqual(self.Enquiry.search(action["domain"]), enquiries - first)

    # ------------------------------------------------------------------
    # What creates nothing
    # ------------------------------------------------------------------

    def assertNothingStored(self):
        self.assertFalse(self._enquiries())
        self.assertFalse(
            self.env["res.partner"].search([("email", "ilike", "riverside.example")])
        )

    def test_auto_reply_creates_nothing(self):
        for header in (
            "Auto-Submitted: auto-replied",
            "Auto-Submitted: auto-generated",
            "X-Autoreply: yes",
            "Precedence: auto_reply",
        ):
            with self.subTest(header=header), self.mock_mail_gateway():
                self._process(
                    PLAIN, subject="Out of office: Homecare co-op", extra=header + "\n"
                )
                self.assertNothingStored()
                self.assertNotSentEmail()

    def test_auto_submitted_no_is_a_person(self):
        self._process(PLAIN, extra="Auto-Submitted: no\n")
        self.assertEqual(len(self._enquiries()), 1)

    def test_bounce_to_bounce_alias_creates_nothing(self):
        with self.mock_mail_gateway():
            self._process(
                PLAIN, to=f"{self.alias_bounce}@{self.alias_domain}", subject="Bounced"
            )
        self.assertNothingStored()
        self.assertNotSentEmail()

    def test_delivery_status_notification_creates_nothing(self):
        with self.mock_mail_gateway():
            self._process(DSN)
        self.assertFalse(self._enquiries())
        self.assertNotSentEmail()

    def test_blacklisted_sender_creates_nothing(self):
        self.env["mail.blacklist"].create({"email": "Jo.Carer@riverside.example"})
        with self.mock_mail_gateway():
            self._process(PLAIN)
        self.assertNothingStored()
        self.assertNotSentEmail()

    def test_missing_from_creates_nothing(self):
        message = PLAIN.replace("From: {email_from}\n", "")
        with self.mock_mail_gateway():
            self._process(message)
        self.assertFalse(self._enquiries(), "no sender: nobody to answer")
        self.assertNotSentEmail()

    @mute_logger("odoo.addons.mail.models.mail_thread")
    def test_sender_without_address_creates_nothing(self):
        with self.mock_mail_gateway():
            self._process(PLAIN, email_from="Jo Carer")
        self.assertFalse(self._enquiries())
        self.assertNotSentEmail()
