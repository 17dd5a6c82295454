from odoo.addons.mail.tests.common import MockEmail
from odoo.exceptions import AccessError, UserError
from odoo.tests import tagged
from odoo.tools import email_normalize, mute_logger

from .common_event import TestProvideEventCommon

REPLY = """\
From: {email_from}
To: catchall@provide.example.com
Subject: Re: follow-up
Message-ID: <reply-{tag}@example.com>
In-Reply-To: {parent}
References: {parent}
Date: Wed, 23 Mar 2011 09:12:00 +0000
MIME-Version: 1.0
Content-Type: text/plain; charset="utf-8"

Yes please, call me next week ({tag}).
"""


@tagged("post_install", "-at_install")
class TestEventFollowUp(TestProvideEventCommon, MockEmail):
    """After the conference: a follow-up e-mail to the attendees chosen, never
    to the blacklisted or those who withdrew their consent, once each."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()

        def booking(name, role, state="done", email=True, **vals):
            registration = cls._register(
                name=name,
                email=f"{name.lower().replace(' ', '.')}@example.com"
                if email
                else False,
                provide_attendee_role=role,
                **vals,
            )
            if state == "done":
                registration.action_set_done()
            elif state == "cancel":
                registration.action_cancel()
            return registration

        cls.councillor_keen = booking(
            "Cllr Keen", "councillor", provide_interest=True, provide_idea="Youth club"
        )
        cls.councillor = booking("Cllr Quiet", "councillor")
        cls.officer_absent = booking("Officer Away", "council_officer", state="open")
        cls.worker_blacklisted = booking("Worker Blocked", "frontline_worker")
        cls.worker_withdrawn = booking("Worker Withdrawn", "frontline_worker")
        cls.worker_no_email = booking("Worker Nomail", "frontline_worker", email=False)
        cls.service_user = booking("Service User", "service_user")
        cls.no_role = booking("No Role", False)
        cls.cancelled = booking("Cllr Cancelled", "councillor", state="cancel")

        cls.env["mail.blacklist"].create({"email": cls.worker_blacklisted.email})
        withdrawn = cls.env["res.partner"].create(
            {"name": "Worker Withdrawn", "email": cls.worker_withdrawn.email}
        )
        cls.env["provide.consent"].create(
            {
                "partner_id": withdrawn.id,
                "text": "I agree (test).",
                "version": "1",
                "date": "2011-03-01 10:00:00",
                "withdrawn_date": "2011-03-20 10:00:00",
            }
        )
        cls.general = cls.env.ref("provide_coop.mail_template_provide_event_follow_up")
        cls.interested = cls.env.ref(
            "provide_coop.mail_template_provide_event_follow_up_interested"
        )

    def _wizard(self, roles=None, **vals):
        Wizard = self.env["provide.event.follow.up"].with_user(self.user_events)
        wizard = Wizard.with_context(default_event_id=self.event.id).create(vals)
        if roles is not None:
            wizard.write(
                {
                    field: field in [f"role_{role}" for role in roles]
                    for field in wizard._fields
                    if field.startswith("role_")
                }
            )
        return wizard

    def _follow_up_messages(self, booking):
        """The follow-ups kept in the booking's chatter (Odoo's own
        registration e-mail is there too)."""
        return booking.message_ids.filtered(
            lambda m: m.message_type == "email_outgoing"
            and m.subject.startswith("Thank you for coming")
        )

    def _send(self, wizard):
        with self.mock_mail_gateway():
            wizard.action_send()
        return sorted(email_normalize(mail["email_to"][0]) for mail in self._mails)

    def test_reaches_the_chosen_attendees_minus_blacklist_and_withdrawn(self):
        wizard = self._wizard(roles=["councillor", "frontline_worker"])
        self.assertRecordValues(
            wizard,
            [
                {
                    "match_count": 5,
                    "send_count": 2,
                    "blacklisted_count": 1,
                    "withdrawn_count": 1,
                    "no_email_count": 1,
                    "sent_before_count": 0,
                    "template_id": self.general.id,
                }
            ],
        )
        self.assertEqual(
            self._send(wizard),
            sorted([self.councillor_keen.email, self.councillor.email]),
        )

    def test_a_forgotten_person_booking_again_is_not_followed_up(self):
        # Forgotten, their address is kept only as a hash on the blacklist;
        # booking again under the same address, they get no follow-up.
        person = self.env["res.partner"].create(
            {"name": "Worker Forgotten", "email": "worker.back@example.com"}
        )
        self.env["provide.forget.person"].create(
            {"partner_id": person.id}
        ).action_forget()
        self.assertFalse(
            self.env["mail.blacklist"].search(
                [("email", "=", "worker.back@example.com")]
            )
        )
        back = self._register(
            name="Worker Back",
            email="worker.back@example.com",
            provide_attendee_role="frontline_worker",
        )
        back.action_set_done()
        wizard = self._wizard(roles=["councillor", "frontline_worker"])
        self.assertEqual(wizard.blacklisted_count, 2)
        self.assertEqual(
            self._send(wizard),
            sorted([self.councillor_keen.email, self.councillor.email]),
        )

    def test_each_mail_is_logged_on_its_booking(self):
        self._send(self._wizard(roles=["councillor"]))
        for booking in self.councillor_keen | self.councillor:
            self.assertEqual(len(self._follow_up_messages(booking)), 1)
            self.assertEqual(booking.provide_follow_up_template_ids, self.general)
        self.assertFalse(self.officer_absent.provide_follow_up_template_ids)

    def test_running_it_again_sends_nothing_twice(self):
        self._send(self._wizard(roles=["councillor"]))
        again = self._wizard(roles=["councillor"])
        self.assertEqual((again.send_count, again.sent_before_count), (0, 2))
        with self.assertRaisesRegex(UserError, "Nobody to send this follow-up to"):
            again.action_send()
        late = self._register(
            name="Cllr Late",
            email="cllr.late@example.com",
            provide_attendee_role="councillor",
        )
        late.action_set_done()
        self.assertEqual(self._send(self._wizard(roles=["councillor"])), [late.email])

    def test_another_template_is_another_follow_up(self):
        self._send(self._wizard(roles=["councillor"]))
        wizard = self._wizard(roles=["councillor"], interest="interested")
        self.assertEqual(wizard.template_id, self.interested)
        self.assertEqual(self._send(wizard), [self.councillor_keen.email])
        self.assertEqual(
            self.councillor_keen.provide_follow_up_template_ids,
            self.general | self.interested,
        )

    def test_notice_says_how_many_attendees_it_was_sent_to(self):
        with self.mock_mail_gateway():
            one = self._wizard(interest="interested").action_send()
            two = self._wizard(roles=["councillor"]).action_send()
        self.assertEqual(
            one["params"]["message"], f"“{self.interested.name}” sent to 1 attendee."
        )
        self.assertEqual(
            two["params"]["message"], f"“{self.general.name}” sent to 2 attendees."
        )

    def test_interest_and_attendance_filters(self):
        interested = self._wizard(interest="interested")
        self.assertEqual(interested._provide_recipients()["send"], self.councillor_keen)
        not_interested = self._wizard(roles=["councillor"], interest="not_interested")
        self.assertEqual(not_interested._provide_recipients()["send"], self.councillor)
        absent = self._wizard(attendance="absent")
        self.assertEqual(absent._provide_recipients()["send"], self.officer_absent)
        everyone = self._wizard(attendance="all")
        self.assertNotIn(self.cancelled, everyone._provide_recipients()["send"])
        self.assertEqual(everyone.match_count, 8)

    def test_others_include_bookings_without_a_role(self):
        wizard = self._wizard(roles=["other"])
        self.assertEqual(wizard._provide_recipients()["send"], self.no_role)

    def test_consent_given_again_after_a_withdrawal_counts(self):
        partner = self.env["res.partner"].search(
            [("email", "=", self.worker_withdrawn.email)]
        )
        self.env["provide.consent"].create(
            {
                "partner_id": partner.id,
                "text": "I agree again (test).",
                "version": "2",
                "date": "2011-03-21 10:00:00",
            }
        )
        wizard = self._wizard(roles=["frontline_worker"])
        self.assertIn(self.worker_withdrawn, wizard._provide_recipients()["send"])

    def test_manager_rewords_the_follow_up_an_events_user_cannot(self):
        body = (
            '<p>Dear <t t-out="object.name">Sam</t>, thank you for coming to '
            '<t t-out="object.event_id.name">the day</t> (reworded).</p>'
        )
        self.general.with_user(self.user_manager).body_html = body
        self.assertIn("(reworded)", self.general.body_html)
        with self.assertRaises(AccessError):
            self.general.with_user(self.user_events).body_html = body

    @mute_logger("odoo.addons.mail.models.mail_thread")
    def test_replies_land_in_the_enquiry_or_else_on_the_booking(self):
        self._send(self._wizard(roles=["councillor"]))
        enquiry = self.councillor_keen.provide_enquiry_id
        self.assertTrue(enquiry, "the enquiry rule made one for the keen councillor")
        for booking, tag in (
            (self.councillor_keen, "keen"),
            (self.councillor, "quiet"),
        ):
            sent = self._follow_up_messages(booking)
            self.env["mail.thread"].message_process(
                None,
                REPLY.format(email_from=booking.email, parent=sent.message_id, tag=tag),
            )
        self.assertIn("call me next week (keen)", enquiry.message_ids[0].body)
        self.assertFalse(
            self.councillor_keen.message_ids.filtered(
                lambda m: "call me next week" in (m.body or "")
            )
        )
        self.assertIn("call me next week (quiet)", self.councillor.message_ids[0].body)
