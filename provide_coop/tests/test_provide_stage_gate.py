from odoo.exceptions import AccessError, RedirectWarning, UserError
from odoo.tests import Form, tagged

from .common import TestProvideCommon


@tagged("post_install", "-at_install")
class TestProvideStageGate(TestProvideCommon):
    """No enquiry enters a gated stage before its formal assessment is done,
    whatever the path: the kanban, the status bar, RPC or an import."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.enquiry.stage_id = cls.stage_assessment
        cls.second = cls.env["provide.enquiry"].create(
            {"name": "Community leisure centre", "stage_id": cls.stage_assessment.id}
        )

    def _assert_gate_holds(self, enquiries, stage):
        self.env.invalidate_all()
        for enquiry in enquiries:
            self.assertNotEqual(enquiry.stage_id, stage)

    def test_drag_and_drop_refused_until_assessment_done_then_allowed(self):
        # The kanban's drop is a write of stage_id on the card.
        card = self.enquiry.with_user(self.user_adviser)
        with self.assertRaisesRegex(
            UserError,
            "“Staff-owned homecare in Shepshed” cannot move to “Pre-feasibility "
            "study” until its formal assessment is done",
        ):
            card.write({"stage_id": self.stage_feasibility.id})
        self._assert_gate_holds(self.enquiry, self.stage_feasibility)
        self._assess(self.enquiry, self.recommend_feasibility)
        card.write({"stage_id": self.stage_feasibility.id})
        self.assertEqual(self.enquiry.stage_id, self.stage_feasibility)

    def test_draft_assessment_is_not_enough(self):
        self.env["provide.assessment"].create({"enquiry_id": self.enquiry.id})
        with self.assertRaisesRegex(UserError, "until its formal assessment is done"):
            self.enquiry.stage_id = self.stage_support_team

    def test_status_bar_click_in_the_form_is_refused(self):
        with self.assertRaisesRegex(
            RedirectWarning, "until its formal assessment is done"
        ) as refused:
            with Form(self.enquiry.with_user(self.user_adviser)) as form:
                form.stage_id = self.stage_support_team
        self._assert_gate_holds(self.enquiry, self.stage_support_team)
        # The message's button opens a new assessment of this enquiry.
        _message, action, button, _context = refused.exception.args
        self.assertEqual(button, "Open the assessment")
        self.assertEqual(action["res_model"], "provide.assessment")
        self.assertEqual(action["context"], {"default_enquiry_id": self.enquiry.id})
        # Once an assessment is started, the button opens that one.
        assessment = self.env["provide.assessment"].create(
            {"enquiry_id": self.enquiry.id}
        )
        with self.assertRaises(RedirectWarning) as refused:
            with Form(self.enquiry.with_user(self.user_adviser)) as form:
                form.stage_id = self.stage_support_team
        self.assertEqual(refused.exception.args[1]["res_id"], assessment.id)

    def test_status_bar_asks_the_gate_before_it_shows_a_move(self):
        """What the form's status bar asks before drawing a move: a refusal
        with the way on, and nothing written."""
        card = self.enquiry.with_user(self.user_adviser)
        with self.assertRaisesRegex(
            RedirectWarning, "until its formal assessment is done"
        ) as refused:
            card.check_stage_move(self.stage_support_team.id)
        self.assertEqual(refused.exception.args[2], "Open the assessment")
        self._assert_gate_holds(self.enquiry, self.stage_support_team)
        # Once assessed, the gate lets it in; asking still moves nothing.
        self._assess(self.enquiry, self.recommend_support_team)
        self.assertTrue(card.check_stage_move(self.stage_support_team.id))
        self.assertNotEqual(self.enquiry.stage_id, self.stage_support_team)

    def test_status_bar_question_needs_the_right_to_move_it(self):
        with self.assertRaises(AccessError):
            self.enquiry.with_user(self.user_employee).check_stage_move(
                self.stage_support_team.id
            )

    def test_gate_gives_scripts_and_batches_the_plain_message(self):
        with self.assertRaises(UserError) as refused:
            (self.enquiry | self.second).web_save(
                {"stage_id": self.stage_support_team.id}, {}
            )
        self.assertNotIsInstance(refused.exception, RedirectWarning)
        self.assertIn("Community leisure centre", str(refused.exception))

    def test_recommendation_outside_the_stage_set_is_refused(self):
        self._assess(self.enquiry, self.recommend_signpost)
        with self.assertRaisesRegex(
            UserError,
            "recommends “Signpost elsewhere”, and this stage needs one of: "
            "Proceed to pre-feasibility, Form a support team",
        ):
            self.enquiry.stage_id = self.stage_support_team
        # The launched gate asks for a done assessment, whatever it
        # recommends, and for the co-op launched.
        with self.assertRaisesRegex(UserError, "until the co-op it launched"):
            self.enquiry.stage_id = self.stage_launched
        self._record_coop(self.enquiry)
        self.enquiry.stage_id = self.stage_launched
        self.assertEqual(self.enquiry.outcome, "won")

    def test_batch_write_refused_as_a_whole_no_partial_move(self):
        self._assess(self.enquiry, self.recommend_support_team)
        both = (self.enquiry | self.second).with_user(self.user_adviser)
        with self.assertRaisesRegex(
            UserError, "“Community leisure centre” cannot move"
        ):
            both.write({"stage_id": self.stage_support_team.id})
        self._assert_gate_holds(both, self.stage_support_team)
        self.assertFalse(
            self.env["provide.enquiry.stage.history"].search(
                [("stage_id", "=", self.stage_support_team.id)]
            )
        )
        self._assess(self.second, self.recommend_feasibility)
        both.write({"stage_id": self.stage_support_team.id})
        self.assertEqual(both.stage_id, self.stage_support_team)

    def test_batch_message_names_five_then_counts_the_rest(self):
        Enquiry = self.env["provide.enquiry"]
        others = Enquiry.create(
            [
                {"name": f"Batch enquiry {n}", "stage_id": self.stage_assessment.id}
                for n in range(4)
            ]
        )
        six = self.enquiry | self.second | others
        with self.assertRaises(UserError) as refused:
            six.write({"stage_id": self.stage_support_team.id})
        self.assertTrue(refused.exception.args[0].endswith("… and 1 more enquiry."))
        seven = six | Enquiry.create(
            {"name": "Batch enquiry 4", "stage_id": self.stage_assessment.id}
        )
        with self.assertRaises(UserError) as refused:
            seven.write({"stage_id": self.stage_support_team.id})
        self.assertTrue(refused.exception.args[0].endswith("… and 2 more enquiries."))

    def test_rpc_write_and_create_refused(self):
        # What an XML-RPC / JSON-RPC client calls goes through the same methods.
        Enquiry = self.env["provide.enquiry"].with_user(self.user_adviser)
        with self.assertRaisesRegex(UserError, "until its formal assessment is done"):
            Enquiry.browse(self.second.id).write({"stage_id": self.stage_launched.id})
        with self.assertRefused(
            UserError, "cannot start in “Support team”", "provide.enquiry"
        ):
            Enquiry.create(
                {"name": "Straight to the team", "stage_id": self.stage_support_team.id}
            )

    def test_import_into_gated_stage_reported_and_nothing_written(self):
        Enquiry = self.env["provide.enquiry"].with_user(self.user_adviser)
        fields = ["id", "name", "stage_id"]
        xid = self.env["ir.model.data"].create(
            {
                "module": "__import__",
                "name": "second",
                "model": "provide.enquiry",
                "res_id": self.second.id,
            }
        )
        self.assertTrue(xid)
        result = Enquiry.load(
            fields,
            [
                ["__import__.new_one", "New from the sheet", "First contact"],
                ["__import__.second", "Community leisure centre", "Support team"],
            ],
        )
        messages = " ".join(m["message"] for m in result["messages"])
        self.assertIn("until its formal assessment is done", messages)
        self.assertFalse(result["ids"])
        self.assertFalse(Enquiry.search([("name", "=", "New from the sheet")]))
        self._assert_gate_holds(self.second, self.stage_support_team)
        # With the assessment done the same sheet goes through.
        self._assess(self.second)
        result = Enquiry.load(
            fields,
            [
                ["__import__.new_one", "New from the sheet", "First contact"],
                ["__import__.second", "Community leisure centre", "Support team"],
            ],
        )
        self.assertEqual(len(result["ids"]), 2, result["messages"])
        self.assertEqual(self.second.stage_id, self.stage_support_team)

    def test_import_through_the_base_import_wizard(self):
        csv = (
            "id,name,stage_id\n"
            f"provide_coop_test.gated,Gated from CSV,{self.stage_launched.name}\n"
        ).encode()
        wizard = (
            self.env["base_import.import"]
            .with_user(self.user_adviser)
            .create(
                {
                    "res_model": "provide.enquiry",
                    "file": csv,
                    "file_type": "text/csv",
                    "file_name": "enquiries.csv",
                }
            )
        )
        result = wizard.execute_import(
            ["id", "name", "stage_id"],
            ["id", "name", "stage_id"],
            {"quoting": '"', "separator": ",", "has_headers": True},
        )
        messages = " ".join(m["message"] for m in result["messages"])
        self.assertIn("cannot start in “Launched”", messages)
        self.assertFalse(
            self.env["provide.enquiry"].search([("name", "=", "Gated from CSV")])
        )

    def test_managers_configure_gates_users_cannot(self):
        with self.assertRaises(AccessError):
            self.stage_first_contact.with_user(
                self.user_adviser
            ).requires_assessment = True
        self.stage_first_contact.with_user(self.user_manager).requires_assessment = True
        with self.assertRaisesRegex(UserError, "cannot move to “First contact”"):
            self.second.stage_id = self.stage_first_contact
