from datetime import timedelta
from xmlrpc.client import Fault

from odoo import fields
from odoo.exceptions import RedirectWarning, UserError
from odoo.tests import Form, HttpCase, tagged

from .common import TestProvideCommon


@tagged("post_install", "-at_install")
class TestProvideStageMove(TestProvideCommon, HttpCase):
    """One stage move, every path an adviser or a script takes (a card dropped
    on the kanban, the status bar in the form, XML-RPC, an import): each goes
    through the gate, dates the move, ends one stay and starts the next,
    plans the new stage's activities and touches the enquiry."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.call_type = cls.env.ref(
            "provide_coop.mail_activity_type_provide_assessment_call"
        )
        cls.enquiries = cls.env["provide.enquiry"].create(
            [
                {
                    "name": f"Homecare co-op {path}",
                    "stage_id": cls.stage_first_contact.id,
                    "user_id": cls.user_adviser.id,
                }
                for path in ("kanban", "form", "rpc", "import")
            ]
        )
        cls.env.cr.flush()

    # The ways a stage is changed -----------------------------------------

    def _kanban(self, enquiry, stage):
        enquiry.with_user(self.user_adviser).write({"stage_id": stage.id})

    def _form(self, enquiry, stage):
        try:
            with Form(enquiry.with_user(self.user_adviser)) as form:
                form.stage_id = stage
        except RedirectWarning as refused:
            # The form gets the message with a button to the assessment.
            self.assertEqual(refused.args[2], "Open the assessment")
            raise UserError(refused.args[0]) from refused

    def _rpc(self, enquiry, stage):
        try:
            self.xmlrpc_object.execute_kw(
                self.env.cr.dbname,
                self.user_adviser.id,
                self.user_adviser.login,
                "provide.enquiry",
                "write",
                [[enquiry.id], {"stage_id": stage.id}],
            )
        except Fault as fault:
            raise UserError(fault.faultString) from fault
        finally:
            self.env.invalidate_all()

    def _import(self, enquiry, stage):
        result = (
            self.env["provide.enquiry"]
            .with_user(self.user_adviser)
            .load([".id", "stage_id"], [[str(enquiry.id), stage.name]])
        )
        errors = [m["message"] for m in result["messages"] if m["type"] == "error"]
        if errors:
            raise UserError("\n".join(errors))

    # What every path must do ---------------------------------------------

    def _open_calls(self, enquiry):
        return self.env["mail.activity"].search(
            [
                ("res_model", "=", "provide.enquiry"),
                ("res_id", "=", enquiry.id),
                ("activity_type_id", "=", self.call_type.id),
            ]
        )

    def _assert_path(self, move, enquiry):
        first_stay = enquiry.stage_history_ids
        self.assertEqual(len(first_stay), 1)

        # The gate: unassessed, the enquiry cannot enter the study stage, and
        # nothing of the move is left behind.
        with self.assertRaisesRegex(UserError, "until its formal assessment is done"):
            with self.env.cr.savepoint():
                move(enquiry, self.stage_feasibility)
        self.env.invalidate_all()
        self.assertEqual(enquiry.stage_id, self.stage_first_contact)
        self.assertEqual(enquiry.stage_history_ids, first_stay)
        self.assertFalse(first_stay.date_out)
        self.assertFalse(self._open_calls(enquiry))

        # Through: into the formal assessment.
        before = fields.Datetime.now().replace(microsecond=0)
        move(enquiry, self.stage_assessment)
        after = fields.Datetime.now()
        self.env.invalidate_all()
        self.assertEqual(enquiry.stage_id, self.stage_assessment)
        # Dates of the move, and the enquiry counts as touched.
        moved_at = enquiry.date_last_stage_update
        self.assertTrue(before <= moved_at <= after)
        self.assertEqual(enquiry.last_touch_date, moved_at)
        # The stay in first contact ends, one in the formal assessment starts.
        new_stay = enquiry.stage_history_ids - first_stay
        self.assertEqual(first_stay.date_out, moved_at)
        self.assertEqual(new_stay.stage_id, self.stage_assessment)
        self.assertEqual(new_stay.date_in, moved_at)
        self.assertFalse(new_stay.date_out)
        # The status bar reads the same stays.
        spent = (first_stay.date_out - first_stay.date_in).total_seconds()
        self.assertEqual(
            enquiry.duration_tracking[str(self.stage_first_contact.id)], spent
        )
        # The stage's plan: the assessment call, for the adviser, within
        # five working days.
        call = self._open_calls(enquiry)
        self.assertEqual(len(call), 1)
        self.assertEqual(call.user_id, self.user_adviser)
        self.assertTrue(
            moved_at.date() + timedelta(days=5)
            <= call.date_deadline
            <= moved_at.date() + timedelta(days=9)
        )

    def test_move_by_kanban(self):
        self._assert_path(self._kanban, self.enquiries[0])

    def test_move_by_form(self):
        self._assert_path(self._form, self.enquiries[1])

    def test_move_by_rpc(self):
        self._assert_path(self._rpc, self.enquiries[2])

    def test_move_by_import(self):
        self._assert_path(self._import, self.enquiries[3])
