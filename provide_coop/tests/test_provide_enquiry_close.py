from datetime import datetime

from freezegun import freeze_time
from psycopg2.errors import NotNullViolation

from odoo import Command
from odoo.exceptions import UserError, ValidationError
from odoo.tests import Form, tagged
from odoo.tools import mute_logger

from .common import TestProvideCommon


@tagged("post_install", "-at_install")
class TestProvideEnquiryClose(TestProvideCommon):
    """Not proceeding: closed with a reason, archived, never deleted, and can be
    reopened."""

    def _close_form(self, enquiries):
        action = enquiries.with_user(self.user_adviser).action_close()
        return Form(
            self.env[action["res_model"]]
            .with_user(self.user_adviser)
            .with_context(**action["context"])
        )

    def _close(self, enquiries, reason, note=None):
        form = self._close_form(enquiries)
        form.close_reason_id = reason
        if note:
            form.note = note
        wizard = form.save()
        return wizard.action_close()

    def test_close_wizard_requires_reason(self):
        form = self._close_form(self.enquiry)
        with self.assertRaisesRegex(AssertionError, "close_reason_id is a required"):
            form.save()
        self.assertTrue(self.enquiry.active)

    @mute_logger("odoo.sql_db")
    def test_close_wizard_without_reason_refused_by_database(self):
        # Whatever the client sends, the database holds the reason as required.
        Wizard = self.env["provide.enquiry.close"].with_user(self.user_adviser)
        with self.assertRaises(NotNullViolation):
            Wizard.create({"enquiry_ids": [Command.set(self.enquiry.ids)]})
        self.assertTrue(self.enquiry.active)

    def test_close_wizard_without_enquiries_refused(self):
        wizard = (
            self.env["provide.enquiry.close"]
            .with_user(self.user_adviser)
            .create({"close_reason_id": self.reason_not_viable.id})
        )
        with self.assertRaisesRegex(UserError, "at least one enquiry"):
            wizard.action_close()

    def test_archiving_without_reason_refused(self):
        with self.assertRefused(ValidationError, "can only be closed with a reason"):
            self.enquiry.with_user(self.user_adviser).write({"active": False})
        self.assertTrue(self.enquiry.active)

    def test_action_archive_without_reason_opens_close_wizard(self):
        action = self.enquiry.with_user(self.user_adviser).action_archive()
        self.assertEqual(action["res_model"], "provide.enquiry.close")
        self.assertEqual(action["target"], "new")
        self.assertEqual(action["context"]["active_ids"], self.enquiry.ids)
        self.assertTrue(self.enquiry.active)

    def test_close_wizard_archives_and_keeps_enquiry(self):
        self._close(self.enquiry, self.reason_not_viable)
        Enquiry = self.env["provide.enquiry"].with_user(self.user_adviser)
        self.assertFalse(self.enquiry.active)
        self.assertFalse(Enquiry.search([("id", "=", self.enquiry.id)]))
        self.assertEqual(
            Enquiry.with_context(active_test=False).search(
                [("id", "=", self.enquiry.id)]
            ),
            self.enquiry,
        )
        self.assertEqual(self.enquiry.close_reason_id, self.reason_not_viable)
        self.assertEqual(self.enquiry.outcome, "lost")

    def test_close_sets_date_closed(self):
        with freeze_time("2026-03-19 15:30:00"):
            self._close(self.enquiry, self.reason_withdrawn)
        self.assertEqual(self.enquiry.date_closed, datetime(2026, 3, 19, 15, 30))

    def test_close_wizard_closes_every_selected_enquiry(self):
        other = self.env["provide.enquiry"].create({"name": "Leisure trust"})
        self._close(self.enquiry | other, self.reason_withdrawn)
        self.assertEqual(
            (self.enquiry | other).mapped("close_reason_id"), self.reason_withdrawn
        )
        self.assertFalse(any((self.enquiry | other).mapped("active")))

    def test_close_note_is_logged_in_chatter(self):
        self._close(self.enquiry, self.reason_not_viable, note="Council retendered")
        notes = self.enquiry.message_ids.filtered(
            lambda message: "Council retendered" in (message.body or "")
        )
        self.assertEqual(len(notes), 1)
        self.assertEqual(notes.subtype_id, self.env.ref("mail.mt_note"))

    def test_stage_move_of_closed_enquiry_keeps_date_closed(self):
        # With the "Not Proceeding" filter the kanban shows closed cards, and
        # they can still be dragged to another column.
        self._assess(self.enquiry)
        self._record_coop(self.enquiry)
        with freeze_time("2026-03-19 15:30:00"):
            self._close(self.enquiry, self.reason_withdrawn)
        for stage in (self.stage_first_contact, self.stage_launched):
            with freeze_time("2026-04-02 09:00:00"):
                self.enquiry.with_user(self.user_adviser).stage_id = stage
            self.assertEqual(self.enquiry.date_closed, datetime(2026, 3, 19, 15, 30))
        self.assertFalse(self.enquiry.active)
        self.assertEqual(self.enquiry.outcome, "lost")

    def test_stage_move_of_open_and_closed_enquiries_together(self):
        launched = self.env["provide.enquiry"].create({"name": "Leisure trust"})
        self._assess(self.enquiry | launched)
        self._record_coop(launched)
        launched.stage_id = self.stage_launched
        with freeze_time("2026-03-19 15:30:00"):
            self._close(self.enquiry, self.reason_withdrawn)
        (self.enquiry | launched).write({"stage_id": self.stage_support_team.id})
        self.assertEqual(self.enquiry.date_closed, datetime(2026, 3, 19, 15, 30))
        self.assertFalse(launched.date_closed, "a launched co-op moved back reopens")
        self.assertEqual((self.enquiry | launched).stage_id, self.stage_support_team)

    def test_reopen_clears_reason_and_date_and_reactivates(self):
        self._close(self.enquiry, self.reason_not_viable)
        self.enquiry.with_user(self.user_adviser).action_reopen()
        self.assertTrue(self.enquiry.active)
        self.assertFalse(self.enquiry.close_reason_id)
        self.assertFalse(self.enquiry.date_closed)
        self.assertEqual(self.enquiry.outcome, "open")

    def test_close_is_tracked_as_reason_and_outcome(self):
        self._close(self.enquiry, self.reason_not_viable)
        changes = self.tracked_changes(self.enquiry)
        reason = self.reason_not_viable.display_name
        self.assertEqual(changes.get("close_reason_id"), [("", reason)])
        self.assertEqual(changes.get("outcome"), [("Open", "Not proceeding")])
        self.assertNotIn("active", changes, "the chatter says why, not Yes → No")

    def test_reopen_is_tracked_as_reason_cleared_and_outcome(self):
        self._close(self.enquiry, self.reason_not_viable)
        self.tracked_changes(self.enquiry)  # the close, as its own request
        self.enquiry.with_user(self.user_adviser).action_reopen()
        changes = self.tracked_changes(self.enquiry)
        reason = self.reason_not_viable.display_name
        self.assertEqual(changes.get("close_reason_id"), [("", reason), (reason, "")])
        self.assertEqual(
            changes.get("outcome"),
            [("Open", "Not proceeding"), ("Not proceeding", "Open")],
        )
        self.assertNotIn("active", changes)
