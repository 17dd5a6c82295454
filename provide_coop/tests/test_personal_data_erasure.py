from dateutil.relativedelta import relativedelta
from freezegun import freeze_time

from odoo import fields
from odoo.exceptions import AccessError, UserError
from odoo.tools import SQL

from .common_event import TestProvideEventCommon

NAME = "Zed Zebedee-Forget"
SURNAME = "Zebedee-Forget"
EMAIL = "zed.forget@example.org"
PHONE = "+44 7700 900123"
# What must not be left anywhere: the name, the address (and its local
# part), the phone as typed and as Odoo's phone validation stores it.
TRACES = (SURNAME, EMAIL, "zed.forget", PHONE, "7700900123", "7700 900123")
# Odoo's notification queue to open browser tabs (not written by the app,
# emptied within minutes by Odoo's garbage collector).
NOT_SCANNED = {"bus_bus"}


class ErasureCase(TestProvideEventCommon):
    def traces_left(self, traces=TRACES):
        """(table, column) of every text column of the database that still
        holds one of `traces`, case aside."""
        self.env.flush_all()
        cr = self.env.cr
        cr.execute(
            """SELECT c.table_name, c.column_name
                 FROM information_schema.columns c
                 JOIN information_schema.tables t
                   ON t.table_name = c.table_name AND t.table_schema = c.table_schema
                WHERE c.table_schema = 'public' AND t.table_type = 'BASE TABLE'
                  AND c.data_type IN ('text', 'character varying', 'jsonb')
             ORDER BY 1, 2"""
        )
        columns = {}
        for table, column in cr.fetchall():
            if table not in NOT_SCANNED:
                columns.setdefault(table, []).append(column)
        patterns = [f"%{trace}%" for trace in traces]
        found = []
        for table, names in columns.items():
            condition = SQL(" OR ").join(
                SQL("%s::text ILIKE ANY(%s)", SQL.identifier(name), patterns)
                for name in names
            )
            cr.execute(
                SQL(
                    "SELECT %s FROM %s WHERE %s",
                    SQL(", ").join(
                        SQL(
                            "bool_or(%s::text ILIKE ANY(%s))",
                            SQL.identifier(n),
                            patterns,
                        )
                        for n in names
                    ),
                    SQL.identifier(table),
                    condition,
                )
            )
            for row in cr.fetchall():
                found += [
                    (table, name) for name, hit in zip(names, row, strict=True) if hit
                ]
        return sorted(set(found))

    def person_everywhere(self):
        """Zed, as the app comes to hold someone: a phone enquiry held on
        consent with a confirmation e-mail, a note and an activity naming
        them and the enquirer changed on it (tracked); a message they wrote
        with an attachment; a conference booking that became an enquiry; a
        booking of another event; a withdrawal that blacklisted them."""
        Enquiry = self.env["provide.enquiry"]
        self.rule.registration_domain = "[('provide_interest', '=', True)]"
        booking = self._register(
            name=NAME,
            email=EMAIL,
            phone=PHONE,
            provide_interest=True,
            provide_idea=f"Porters' co-op, ask {NAME}",
            state="open",
        )
        person = booking.partner_id
        self.assertTrue(booking.provide_enquiry_id)
        person.write({"street": "1 Forget Lane", "parent_id": self.council.id})
        other_booking = self._register(
            event=self.other_event, name=NAME, email=EMAIL, phone=PHONE
        )
        other = self.env["res.partner"].create({"name": "Previous Enquirer"})
        phone_enquiry = Enquiry.create(
            {
                "name": f"Ward cleaning co-op ({NAME}'s idea)",
                "partner_id": other.id,
                "sector_id": self.sector_health.id,
                "local_authority_id": self.council.id,
                "user_id": self.user_adviser.id,
                "workforce_size": 12,
                "annual_contract_value": 90000,
                "date_received": "2024-01-08 10:00:00",
            }
        )
        self.env.cr.flush()
        phone_enquiry.write(
            {
                "partner_id": person.id,
                "contact_name": NAME,
                "email_from": EMAIL,
                "phone": PHONE,
                "lawful_basis": "consent",
                "service_description": f"{NAME} ({EMAIL}) says the cleaners want it.",
            }
        )
        phone_enquiry.message_post(
            body=f"Called {NAME} back on {PHONE}.", subtype_xmlid="mail.mt_note"
        )
        phone_enquiry.activity_schedule(
            "mail.mail_activity_data_call",
            summary=f"Ring {NAME}",
            note=f"Number: {PHONE}",
            user_id=self.user_adviser.id,
        )
        phone_enquiry._provide_send_template(
            self.env.ref("provide_coop.mail_template_provide_web_enquiry_received")
        )
        phone_enquiry.message_post(
            body=f"Hello, it's {NAME}, my number is {PHONE}.",
            author_id=person.id,
            message_type="email",
            subtype_xmlid="mail.mt_comment",
            attachments=[("zed-notes.txt", f"Notes by {NAME}".encode())],
        )
        self.env.cr.flush()
        return person, phone_enquiry, booking, other_booking


class TestForgetPerson(ErasureCase):
    def test_forgetting_leaves_no_trace_and_the_same_figures(self):
        person, phone_enquiry, booking, other_booking = self.person_everywhere()
        self.assertIn(("res_partner", "name"), self.traces_left())
        phone_enquiry.action_withdraw_consent()
        self.assertTrue(self.env["mail.blacklist"].search([("email", "=", EMAIL)]))
        before = self.report_figures()

        wizard = (
            self.env["provide.forget.person"]
            .with_user(self.user_manager)
            .create({"partner_id": person.id})
        )
        self.assertIn("This cannot be undone", wizard.summary)
        self.assertIn("2 enquiries", wizard.summary)
        self.assertIn("2 conference bookings", wizard.summary)
        wizard.action_forget()

        self.assertEqual(self.traces_left(), [])
        self.assertSameFigures(before, self.report_figures())

        person = person.with_context(active_test=False)
        self.assertFalse(person.active)
        self.assertEqual(person.name, "Forgotten contact")
        self.assertEqual(person.parent_id, self.council, "the organisation stays")
        for enquiry in phone_enquiry | booking.provide_enquiry_id:
            self.assertEqual(enquiry.partner_id, person)
            self.assertEqual(enquiry.contact_name, "Forgotten contact")
            self.assertFalse(enquiry.email_from or enquiry.phone)
            self.assertTrue(enquiry.anonymised_date)
        self.assertEqual(phone_enquiry.workforce_size, 12, "figures are kept")
        self.assertEqual(phone_enquiry.name, "Ward cleaning co-op ([removed]'s idea)")
        for registration in booking | other_booking:
            self.assertEqual(registration.name, "Forgotten attendee")
            self.assertFalse(registration.email or registration.phone)
        self.assertTrue(booking.provide_interest, "the booking's answers stay")
        self.assertEqual(len(phone_enquiry.consent_ids), 1, "consent kept as proof")
        self.assertFalse(
            self.env["ir.attachment"].search([("name", "=", "zed-notes.txt")])
        )
        # Their address is on the blacklist as a keyed hash only.
        hashed = self.env["provide.consent"]._forgotten_address(EMAIL)
        self.assertTrue(self.env["mail.blacklist"].search([("email", "=", hashed)]))
        self.assertEqual(
            self.env["provide.consent"]._provide_blocked_emails([EMAIL]), {EMAIL}
        )

        # Logged: who and when, not whose.
        erasure = self.env["provide.erasure"].search([], limit=1)
        self.assertEqual(erasure.user_id, self.user_manager)
        self.assertEqual(erasure.reason, "request")
        self.assertEqual(
            (erasure.partner_count, erasure.enquiry_count, erasure.registration_count),
            (1, 2, 2),
        )
        self.assertEqual(
            [
                name
                for name, field in erasure._fields.items()
                if field.store
                and field.type in ("many2one", "char", "text", "html", "integer")
                # The company is the agency's, who did it, not the person's.
                and name
                not in ("id", "user_id", "company_id", "create_uid", "write_uid")
                and not name.endswith("_count")
            ],
            [],
            "the log holds nothing that could say whose data it was",
        )

    def test_forgetting_tells_the_manager_what_was_done(self):
        """The dialog closes on a notice that says what was done, with the
        counts the summary announced, and without the person's name."""
        person, _enquiry, _booking, _other = self.person_everywhere()
        action = (
            self.env["provide.forget.person"]
            .with_user(self.user_manager)
            .create({"partner_id": person.id})
            .action_forget()
        )
        self.assertEqual(action["tag"], "display_notification")
        params = action["params"]
        self.assertEqual(params["type"], "success")
        self.assertEqual(params["next"], {"type": "ir.actions.act_window_close"})
        message = params["message"]
        self.assertIn("forgotten", message)
        self.assertIn("anonymised and archived", message)
        self.assertIn("2 enquiries and 2 conference bookings", message)
        for trace in TRACES:
            self.assertNotIn(trace, message)

    def test_forgetting_one_enquiry_says_so_in_the_singular(self):
        contact = self.env["res.partner"].create(
            {"name": "Una Single", "email": "una.single@example.com"}
        )
        self.env["provide.enquiry"].create(
            {"name": "Una's idea", "partner_id": contact.id}
        )
        message = (
            self.env["provide.forget.person"]
            .create({"partner_id": contact.id})
            .action_forget()["params"]["message"]
        )
        self.assertIn("1 enquiry kept", message)
        self.assertNotIn("booking", message)

    def test_forgotten_person_booking_again_is_a_new_unlinked_contact(self):
        person, _enquiry, _booking, _other = self.person_everywhere()
        self.env["provide.forget.person"].create(
            {"partner_id": person.id}
        ).action_forget()
        again = self._register(
            name=NAME,
            email=EMAIL,
            provide_interest=True,
            provide_idea="Another idea",
            state="open",
        )
        self.assertTrue(again.provide_enquiry_id)
        new_contact = again.provide_enquiry_id.partner_id
        self.assertNotEqual(new_contact, person)
        self.assertEqual(new_contact.email, EMAIL)
        self.assertEqual(new_contact.name, NAME)
        self.assertEqual(
            person.with_context(active_test=False).name, "Forgotten contact"
        )

    def test_only_managers_forget(self):
        person = self.env["res.partner"].create({"name": NAME, "email": EMAIL})
        with self.assertRaises(AccessError):
            self.env["provide.forget.person"].with_user(self.user_adviser).create(
                {"partner_id": person.id}
            )
        action = self.env.ref("provide_coop.provide_forget_person_action")
        self.assertEqual(
            action.groups_id, self.env.ref("provide_coop.group_provide_manager")
        )

    def test_users_and_organisations_are_not_forgotten(self):
        for partner in (self.user_adviser.partner_id, self.council):
            wizard = self.env["provide.forget.person"].create(
                {"partner_id": partner.id}
            )
            with self.assertRaises(UserError):
                wizard.action_forget()
        self.assertTrue(self.council.name)


class TestRetention(ErasureCase):
    def _closed(self, name, months_ago, partner=None):
        enquiry = self.env["provide.enquiry"].create(
            {
                "name": name,
                "partner_id": (
                    partner
                    or self.env["res.partner"].create(
                        {
                            "name": f"{name} contact",
                            "email": f"{name.lower().replace(' ', '.')}@example.com",
                        }
                    )
                ).id,
                "date_received": fields.Datetime.now()
                - relativedelta(months=months_ago + 2),
            }
        )
        with freeze_time(fields.Datetime.now() - relativedelta(months=months_ago)):
            enquiry._close(self.reason_not_viable)
        return enquiry

    def test_setting_defaults_to_24_months(self):
        settings = self.env["res.config.settings"].create({})
        self.assertEqual(settings.provide_retention_months, 24)

    def test_cron_anonymises_what_is_kept_too_long_only(self):
        person, phone_enquiry, booking, other_booking = self.person_everywhere()
        old = self._closed("Old closed", 30, partner=person)
        recent = self._closed("Recently closed", 10)
        open_old = self.env["provide.enquiry"].create(
            {"name": "Old but open", "date_received": "2019-01-01 00:00:00"}
        )
        # Close the phone enquiry long ago too: Zed then has nothing left
        # but the booking that led to an enquiry (kept, it is not closed).
        before = self.report_figures()
        self.env["provide.erasure"]._cron_retention()
        self.assertSameFigures(before, self.report_figures())

        self.assertTrue(old.anonymised_date)
        self.assertEqual(old.contact_name, "Forgotten contact")
        self.assertFalse(recent.anonymised_date)
        self.assertFalse(open_old.anonymised_date)
        # The 2011 booking of another event, with no enquiry: anonymised;
        # the one that led to an enquiry: kept.
        self.assertEqual(other_booking.name, "Forgotten attendee")
        self.assertEqual(booking.name, NAME)
        # Zed still has an open enquiry: their contact stays.
        self.assertEqual(person.name, NAME)
        self.assertTrue(person.active)
        erasure = self.env["provide.erasure"].search([], limit=1)
        self.assertEqual(erasure.reason, "retention")

    def test_the_summary_speaks_of_one_enquiry_in_the_singular(self):
        contact = self.env["res.partner"].create(
            {"name": "Una Single", "email": "una.single@example.com"}
        )
        self.env["provide.enquiry"].create(
            {"name": "Una's idea", "partner_id": contact.id}
        )
        wizard = self.env["provide.forget.person"].create({"partner_id": contact.id})
        self.assertIn("1 enquiry keeps its stage", wizard.summary)
        self.assertNotIn("1 enquiries", wizard.summary)
        self.assertIn("0 conference bookings", wizard.summary)

    def test_contact_with_nothing_else_left_is_forgotten(self):
        contact = self.env["res.partner"].create(
            {"name": "Olive Oldcase", "email": "olive.oldcase@example.com"}
        )
        enquiry = self._closed("Olive's old idea", 30, partner=contact)
        enquiry.message_post(body="Olive Oldcase rang", subtype_xmlid="mail.mt_note")
        self.env["provide.erasure"]._cron_retention()
        self.assertFalse(contact.active)
        self.assertEqual(contact.name, "Forgotten contact")
        self.assertEqual(self.traces_left(("Oldcase", "olive.oldcase@example.com")), [])

    def test_retention_switched_off_keeps_everything(self):
        self.env["ir.config_parameter"].sudo().set_param(
            "provide_coop.retention_months", "0"
        )
        old = self._closed("Old closed", 30)
        self.env["provide.erasure"]._cron_retention()
        self.assertFalse(old.anonymised_date)

    def test_runs_in_batches_reports_progress_and_can_be_rerun(self):
        old = self.env["provide.enquiry"]
        for i in range(5):
            old |= self._closed(f"Old {i}", 30)
        # The 2011 bookings of the fixtures' events are due too.
        due = self.env["provide.erasure"]._retention_domains()
        total = self.env["provide.enquiry"].with_context(
            active_test=False
        ).search_count(due[0]) + self.env["event.registration"].search_count(due[1])
        cron = self.env.ref("provide_coop.ir_cron_provide_retention")
        progress = self.env["ir.cron.progress"].create(
            {"cron_id": cron.id, "remaining": 0, "done": 0}
        )
        Erasure = self.env["provide.erasure"].with_context(
            ir_cron_progress_id=progress.id
        )
        done = 0
        runs = 0
        while True:
            Erasure._cron_retention(batch_size=2)
            runs += 1
            done += progress.done
            if not progress.remaining:
                break
            self.assertEqual(progress.done, 2)
            self.assertEqual(progress.remaining, total - done)
        self.assertEqual(done, total)
        self.assertEqual(runs, -(-total // 2))
        self.assertTrue(all(old.mapped("anonymised_date")))
        # A rerun finds nothing left and changes nothing.
        stamps = old.mapped("anonymised_date")
        Erasure._cron_retention(batch_size=2)
        self.assertEqual(progress.done, 0)
        self.assertEqual(progress.remaining, 0)
        self.assertEqual(old.mapped("anonymised_date"), stamps)
