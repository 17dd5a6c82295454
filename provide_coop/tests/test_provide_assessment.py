from odoo.exceptions import AccessError, UserError, ValidationError
from odoo.tests import Form, tagged

from .common import TestProvideCommon


@tagged("post_install", "-at_install")
class TestProvideAssessment(TestProvideCommon):
    """The formal assessment: scored criteria, a weighted score out of 100, a
    recommendation, and a record that stays as it was once done."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        Criterion = cls.env["provide.assessment.criterion"]
        # Only our own criteria, so the weights are known.
        Criterion.search([]).action_archive()
        cls.need = Criterion.create({"name": "Need (test)", "weight": 3})
        cls.support = Criterion.create({"name": "Support (test)", "weight": 1})
        cls.money = Criterion.create({"name": "Money (test)", "weight": 2})

    def _new_assessment(self, user=None):
        Assessment = self.env["provide.assessment"].with_user(user or self.user_adviser)
        return Assessment.create({"enquiry_id": self.enquiry.id})

    def _score(self, assessment, scores):
        for line in assessment.line_ids:
            line.score = scores[line.criterion_id]

    def test_new_assessment_lists_every_active_criterion_with_its_weight(self):
        assessment = self._new_assessment()
        self.assertEqual(
            assessment.line_ids.mapped("criterion_id"),
            self.need | self.support | self.money,
        )
        self.assertEqual(
            {line.criterion_id: line.weight for line in assessment.line_ids},
            {self.need: 3, self.support: 1, self.money: 2},
        )

    def test_weighted_score_for_known_scores_and_weights(self):
        assessment = self._new_assessment()
        # (5-1)/4*3 + (1-1)/4*1 + (3-1)/4*2 = 3 + 0 + 1 = 4 points of 6 -> 66.7
        self._score(assessment, {self.need: 5, self.support: 1, self.money: 3})
        self.assertAlmostEqual(assessment.score, 66.7)
        self._score(assessment, {self.need: 5, self.support: 5, self.money: 5})
        self.assertEqual(assessment.score, 100)
        self._score(assessment, {self.need: 1, self.support: 1, self.money: 1})
        self.assertEqual(assessment.score, 0)

    def test_unscored_criteria_do_not_count_yet(self):
        assessment = self._new_assessment()
        assessment.line_ids.filtered(
            lambda line: line.criterion_id == self.need
        ).score = 5
        self.assertEqual(assessment.score, 100)

    def test_criterion_archived_or_reweighted_after_scoring_keeps_the_score(self):
        assessment = self._new_assessment()
        self._score(assessment, {self.need: 5, self.support: 1, self.money: 3})
        self.money.action_archive()
        self.need.weight = 10
        assessment.invalidate_recordset()
        self.assertEqual(len(assessment.line_ids), 3)
        self.assertAlmostEqual(assessment.score, 66.7)
        # Touching a line recomputes with the weights it was scored with.
        assessment.line_ids.filtered(
            lambda line: line.criterion_id == self.support
        ).note = "ok"
        self.assertAlmostEqual(assessment.score, 66.7)
        # A new assessment leaves the archived criterion out.
        assessment.recommendation_id = self.recommend_feasibility
        assessment.action_done()
        fresh = self._new_assessment()
        self.assertEqual(fresh.line_ids.criterion_id, self.need | self.support)

    def test_scores_outside_one_to_five_are_refused(self):
        assessment = self._new_assessment()
        line = assessment.line_ids[0]
        for bad in (6, -1, 99):
            with self.assertRaisesRegex(ValidationError, "scores go from 1 to 5"):
                line.write({"score": bad})
        line.score = 5
        self.assertEqual(line.score, 5)

    def test_done_needs_every_score_and_a_recommendation(self):
        assessment = self._new_assessment()
        with self.assertRaisesRegex(
            UserError, "Score every criterion.*Need \\(test\\)"
        ):
            assessment.action_done()
        self._score(assessment, {self.need: 4, self.support: 4, self.money: 4})
        with self.assertRaisesRegex(UserError, "Choose a recommendation"):
            assessment.action_done()
        assessment.recommendation_id = self.recommend_support_team
        assessment.action_done()
        self.assertEqual(assessment.state, "done")

    def test_enquiry_shows_current_score_and_recommendation(self):
        first = self._new_assessment()
        self._score(first, {self.need: 2, self.support: 2, self.money: 2})
        first.recommendation_id = self.recommend_signpost
        first.action_done()
        self.assertEqual(self.enquiry.assessment_id, first)
        self.assertEqual(self.enquiry.assessment_score, 25)
        self.assertEqual(
            self.enquiry.assessment_recommendation_id, self.recommend_signpost
        )
        # A second look later: history kept, the new one is current.
        second = self._new_assessment()
        self.assertNotEqual(second, first)
        self.assertEqual(self.enquiry.assessment_id, second)
        self.assertEqual(self.enquiry.assessment_state, "draft")
        self.assertEqual(self.enquiry.assessment_count, 2)
        self._score(second, {self.need: 5, self.support: 5, self.money: 5})
        self.assertEqual(self.enquiry.assessment_score, 100)

    def test_one_assessment_in_progress_per_enquiry(self):
        self._new_assessment()
        with self.assertRefused(
            UserError, "already has an assessment in progress", "provide.assessment"
        ):
            self._new_assessment()

    def test_done_assessment_cannot_be_edited_by_a_user(self):
        assessment = self._new_assessment()
        self._score(assessment, {self.need: 4, self.support: 4, self.money: 4})
        assessment.recommendation_id = self.recommend_feasibility
        assessment.action_done()
        as_user = assessment.with_user(self.user_adviser)
        with self.assertRaisesRegex(UserError, "is done and can no longer be changed"):
            as_user.recommendation_id = self.recommend_signpost
        with self.assertRaisesRegex(UserError, "is done and can no longer be changed"):
            as_user.line_ids[0].score = 1
        with self.assertRaisesRegex(UserError, "is done and can no longer be changed"):
            as_user.state = "draft"
        with self.assertRaisesRegex(UserError, "Only a manager can reopen"):
            as_user.action_reset_draft()
        with self.assertRaisesRegex(UserError, "only a manager can delete it"):
            as_user.unlink()
        self.assertEqual(assessment.recommendation_id, self.recommend_feasibility)
        self.assertEqual(assessment.line_ids[0].score, 4)

    def test_manager_resets_a_done_assessment_and_it_can_be_edited_again(self):
        assessment = self._new_assessment()
        self._score(assessment, {self.need: 4, self.support: 4, self.money: 4})
        assessment.recommendation_id = self.recommend_feasibility
        assessment.action_done()
        assessment.with_user(self.user_manager).action_reset_draft()
        self.assertEqual(assessment.state, "draft")
        assessment.with_user(self.user_adviser).line_ids[0].score = 1
        self.assertLess(assessment.score, 100)

    def test_form_scores_the_assessment_as_an_adviser_would(self):
        action = self.enquiry.with_user(self.user_adviser).action_open_assessment()
        assessment = self.env["provide.assessment"].browse(action["res_id"])
        with Form(assessment.with_user(self.user_adviser)) as form:
            for index in range(len(form.line_ids)):
                with form.line_ids.edit(index) as line:
                    line.score = 5
                    line.note = "Strong"
            form.recommendation_id = self.recommend_support_team
        assessment.with_user(self.user_adviser).action_done()
        self.assertEqual(self.enquiry.assessment_score, 100)
        self.assertEqual(self.enquiry.assessment_state, "done")

    def test_user_cannot_configure_criteria_and_other_company_cannot_read(self):
        with self.assertRaises(AccessError):
            self.env["provide.assessment.criterion"].with_user(
                self.user_adviser
            ).create({"name": "Sneaky"})
        self.env["provide.assessment.criterion"].with_user(self.user_manager).create(
            {"name": "Manager's own"}
        )
        assessment = self._new_assessment()
        with self.assertRaises(AccessError):
            assessment.with_user(self.user_adviser_b).read(["score"])
        with self.assertRaises(AccessError):
            assessment.with_user(self.user_employee).read(["score"])

    def test_criterion_weight_must_be_positive(self):
        with self.assertRaisesRegex(ValidationError, "must be more than zero"):
            self.need.weight = 0

    def test_draft_score_is_provisional_until_done(self):
        assessment = self._new_assessment()
        lines = assessment.line_ids
        lines[0].score = 5
        lines[1].score = 4
        total = len(lines)
        self.assertEqual(assessment.progress, f"2 of {total} scored")
        self.assertEqual(self.enquiry.assessment_progress, f"2 of {total} scored")
        # Unscored criteria stay empty, not 1s or 0s counted in.
        self.assertEqual(lines.filtered(lambda line: not line.score), lines[2:])
        # Reports leave a provisional score out of their averages.
        self.env.flush_all()
        row = (
            self.env["provide.pipeline.report"]
            .with_user(self.user_manager)
            .search([("enquiry_id", "=", self.enquiry.id)])
        )
        self.assertFalse(row.assessment_score)
        lines[2:].write({"score": 3})
        assessment.recommendation_id = self.recommend_support_team
        assessment.action_done()
        self.env.flush_all()
        row.invalidate_recordset()
        self.assertEqual(row.assessment_score, self.enquiry.assessment_score)
        self.assertTrue(row.assessment_score)

    def test_kanban_badge_and_form_show_only_a_done_score(self):
        kanban = self.env["provide.enquiry"].get_view(view_type="kanban")["arch"]
        self.assertIn("invisible=\"assessment_state != 'done'\"", kanban)
        form = self.env["provide.enquiry"].get_view(view_type="form")["arch"]
        self.assertRegex(
            form,
            r'name="assessment_score" widget="progressbar" '
            r"invisible=\"assessment_state != 'done'\"",
        )
