from odoo import Command
from odoo.tests import tagged, users, warmup

from .common import TestProvideCommon
from .web_client import view_spec


@tagged("post_install", "-at_install")
class TestProvidePipelinePerformance(TestProvideCommon):
    """Query budgets of the kanban, the pipeline analysis and the form, as
    measured by the benchmark (docs/benchmark.md): they must not grow with
    the number of enquiries."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.stage_intake = cls._create_intake_stage(sequence=1)
        partners = cls.env["res.partner"].create(
            [{"name": f"Enquirer {i}", "email": f"e{i}@example.com"} for i in range(60)]
        )
        sectors = cls.sector_health | cls.sector_leisure | cls.sector_social_care
        cls.enquiries = cls.env["provide.enquiry"].create(
            [
                {
                    "name": f"Enquiry {i}",
                    "stage_id": cls.stage_intake.id,
                    "partner_id": partner.id,
                    "sector_id": sectors[i % 3].id,
                    "local_authority_id": cls.council.id,
                    "user_id": (cls.user_adviser | cls.user_manager)[i % 2].id,
                    "priority": str(i % 4),
                }
                for i, partner in enumerate(partners)
            ]
        )
        # Published case studies, suggested on every form.
        cls.env["provide.case.study"].create(
            [
                {
                    "name": f"Case study {i}",
                    "sector_id": sectors[i % 3].id,
                    "workforce_size": 10 * i,
                    "is_published": True,
                }
                for i in range(12)
            ]
        )
        for enquiry in cls.enquiries[::3]:
            enquiry.activity_schedule(
                "mail.mail_activity_data_call", user_id=cls.user_adviser.id
            )
        cls.env.flush_all()
        cls.kanban_spec = view_spec(
            cls.env["provide.enquiry"],
            "kanban",
            "provide_coop.provide_enquiry_view_kanban",
        )
        cls.form_spec = view_spec(
            cls.env["provide.enquiry"], "form", "provide_coop.provide_enquiry_view_form"
        )

    def _column(self, limit):
        self.env.invalidate_all()
        return self.env["provide.enquiry"].web_search_read(
            [("stage_id", "=", self.stage_intake.id)],
            self.kanban_spec,
            limit=limit,
            count_limit=limit + 1,
        )

    @users("provide_adviser")
    @warmup
    def test_kanban_grouped_read_budget(self):
        Enquiry = self.env["provide.enquiry"]
        self.env.invalidate_all()
        with self.assertQueryCount(provide_adviser=3):
            Enquiry.web_read_group([], [], ["stage_id"], lazy=True)
        self.env.invalidate_all()
        with self.assertQueryCount(provide_adviser=2):
            Enquiry.read_progress_bar(
                [],
                "stage_id",
                {"field": "activity_state", "colors": {"planned": "success"}},
            )

    @users("provide_adviser")
    @warmup
    def test_kanban_column_budget_does_not_grow_with_cards(self):
        self._column(40)  # warm the registry caches
        # The confidentiality rule reads its columns and readers once a page.
        # Two fewer since the column's stage and the amount's currency are
        # hidden on the card: read as ids, not as names.
        with self.assertQueryCount(provide_adviser=16):
            result = self._column(10)
        self.assertEqual(len(result["records"]), 10)
        with self.assertQueryCount(provide_adviser=16):
            result = self._column(40)
        self.assertEqual(len(result["records"]), 40)

    @users("provide_adviser")
    @warmup
    def test_kanban_column_budget_does_not_grow_with_distinct_people(self):
        """A page whose cards belong to twenty advisers and carry twenty tags
        costs what a page of one adviser costs: related records are read in
        one query per model, never one per person."""
        Stage = self.env["provide.assessment.stage"].sudo()
        one_adviser = Stage.create({"name": "One adviser (test)", "sequence": 2})
        many_advisers = Stage.create({"name": "Many advisers (test)", "sequence": 3})
        advisers = (
            self.env["res.users"]
            .sudo()
            .create(
                [
                    {"name": f"Adviser {i}", "login": f"perf_adviser_{i}"}
                    for i in range(20)
                ]
            )
        )
        tags = (
            self.env["provide.enquiry.tag"]
            .sudo()
            .create([{"name": f"Tag {i}"} for i in range(20)])
        )
        Enquiry = self.env["provide.enquiry"].sudo()
        for stage, people in (
            (one_adviser, [advisers[0]] * 20),
            (many_advisers, list(advisers)),
        ):
            enquiries = Enquiry.create(
                [
                    {
                        "name": f"{stage.name} {i}",
                        "stage_id": stage.id,
                        "user_id": user.id,
                        "partner_id": self.enquiries[i].partner_id.id,
                        "sector_id": self.sector_health.id,
                        "tag_ids": [
                            Command.set(
                                tags[i % (1 if stage == one_adviser else 20)].ids
                            )
                        ],
                    }
                    for i, user in enumerate(people)
                ]
            )
            for enquiry in enquiries:
                enquiry.activity_schedule(
                    "mail.mail_activity_data_call", user_id=enquiry.user_id.id
                )
        self.env.flush_all()

        def column(stage):
            self.env.invalidate_all()
            return self.env["provide.enquiry"].web_search_read(
                [("stage_id", "=", stage.id)],
                self.kanban_spec,
                limit=40,
                count_limit=41,
            )

        column(one_adviser)  # warm the registry caches
        # The confidentiality rule reads the cards' readers in one query;
        # the stage and the currency are read as ids (see above).
        with self.assertQueryCount(provide_adviser=15):
            self.assertEqual(len(column(one_adviser)["records"]), 20)
        with self.assertQueryCount(provide_adviser=15):
            self.assertEqual(len(column(many_advisers)["records"]), 20)

    @users("provide_manager")
    @warmup
    def test_report_pivot_is_one_grouped_statement(self):
        Report = self.env["provide.pipeline.report"]
        self.env.invalidate_all()
        # One grouped statement, then the sector and stage names.
        with self.assertQueryCount(provide_manager=3):
            groups = Report.read_group(
                [], ["__count"], ["sector_id", "stage_id"], lazy=False
            )
        self.assertTrue(groups)

    @users("provide_adviser")
    @warmup
    def test_form_budget(self):
        enquiry = self.enquiries[0].with_user(self.env.user)
        enquiry.web_read(self.form_spec)
        self.env.invalidate_all()
        # 10 for the enquiry itself, +1 for the lines of its support team,
        # +1 for its contact's other open enquiries (one grouped count),
        # +1 for the published case studies it suggests (one search),
        # +1 for its service-delivery lines (support delivered); -1 since
        # the form's hidden many2one fields are read as ids, as the web
        # client asks for them (`view_spec`).
        with self.assertQueryCount(provide_adviser=13):
            enquiry.web_read(self.form_spec)
