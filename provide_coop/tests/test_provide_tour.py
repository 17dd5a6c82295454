from odoo import Command
from odoo.tests import HttpCase, new_test_user, tagged


@tagged("post_install", "-at_install")
class TestProvideAssessmentTour(HttpCase):
    """In the browser: an adviser drags a card on the kanban, meets the gate,
    assesses the enquiry and moves it on."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.adviser = new_test_user(
            cls.env,
            login="tour_adviser",
            name="Tess Tour",
            email="tess.tour@provide.example.com",
            groups="provide_coop.group_provide_user",
            context={"no_reset_password": True},
        )
        Criterion = cls.env["provide.assessment.criterion"]
        Criterion.search([]).action_archive()
        Criterion.create(
            [
                {"name": "Community need (tour)", "weight": 2, "sequence": 1},
                {"name": "Council support (tour)", "weight": 1, "sequence": 2},
            ]
        )
        cls.enquiry = cls.env["provide.enquiry"].create(
            {
                "name": "School meals co-op",
                "user_id": cls.adviser.id,
                "stage_id": cls.env.ref("provide_coop.provide_stage_first_contact").id,
                "tag_ids": [Command.clear()],
            }
        )

    def test_adviser_meets_the_gate_assesses_and_moves_the_card_on(self):
        self.start_tour(
            "/odoo/action-provide_coop.provide_enquiry_action",
            "provide_assessment_gate_tour",
            login="tour_adviser",
        )
        self.enquiry.invalidate_recordset()
        self.assertEqual(
            self.enquiry.stage_id,
            self.env.ref("provide_coop.provide_stage_feasibility"),
        )
        self.assertEqual(self.enquiry.assessment_state, "done")
        # 5 and 4 out of 5, weights 2 and 1: (1*2 + 0.75*1) / 3 = 91.7
        self.assertAlmostEqual(self.enquiry.assessment_score, 91.7)
        # The study's plan is scheduled; the assessment call planned in
        # Formal assessment is cancelled by the move, not left due.
        self.assertEqual(
            sorted(self.enquiry.activity_ids.mapped("summary")),
            [
                "Agree the scope of the pre-feasibility study",
                "Deliver the pre-feasibility findings",
            ],
        )
        self.assertTrue(
            self.env["mail.message"].search_count(
                [
                    ("model", "=", "provide.enquiry"),
                    ("res_id", "=", self.enquiry.id),
                    ("body", "ilike", "cancelled with this move: Assessment call"),
                ]
            )
        )


@tagged("post_install", "-at_install")
class TestProvideEnquiryOriginTour(HttpCase):
    """In the browser: an adviser without the Events app opens an enquiry made
    at a conference and reads where it came from, without an access error;
    the figures the attendee did not give read as not known, not 0."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.adviser = new_test_user(
            cls.env,
            login="tour_origin_adviser",
            name="Otto Origin",
            email="otto.origin@provide.example.com",
            groups="provide_coop.group_provide_user",
            context={"no_reset_password": True},
        )
        venue = cls.env["res.partner"].create(
            {"name": "Community hall (tour)", "city": "Birmingham"}
        )
        event = cls.env["event.event"].create(
            {
                "name": "The Co-operative Council (tour)",
                "date_begin": "2011-03-19 10:30:00",
                "date_end": "2011-03-19 15:30:00",
                "date_tz": "Europe/London",
                "address_id": venue.id,
            }
        )
        cls.enquiry = cls.env["provide.enquiry"].create(
            {
                "name": "Community transport co-op",
                "user_id": cls.adviser.id,
                "source": "event",
                "event_id": event.id,
            }
        )
        booking = cls.env["event.registration"].create(
            {
                "event_id": event.id,
                "name": "Tom Tour",
                "provide_attendee_role": "frontline_worker",
                "provide_idea": "Community transport run by its drivers",
            }
        )
        booking.provide_enquiry_id = cls.enquiry
        cls.enquiry.registration_id = booking

    def test_adviser_without_events_app_reads_the_origin(self):
        self.assertFalse(self.adviser.has_group("event.group_event_registration_desk"))
        self.start_tour(
            f"/odoo/action-provide_coop.provide_enquiry_action/{self.enquiry.id}",
            "provide_enquiry_origin_tour",
            login="tour_origin_adviser",
        )
        self.assertEqual(self.enquiry.workforce_size, 14)
        self.assertFalse(self.enquiry.annual_contract_value)


@tagged("post_install", "-at_install")
class TestProvideReportViewsTour(HttpCase):
    """In the browser: the survival graph and a pivot open, with the app's
    colours, whole-number axes and "No sector" label loaded alongside
    Odoo's lazily loaded graph and pivot views."""

    def test_manager_opens_the_survival_graph_and_pivot(self):
        new_test_user(
            self.env,
            login="tour_report_manager",
            name="Rhea Report",
            email="rhea.report@provide.example.com",
            groups="provide_coop.group_provide_manager",
            context={"no_reset_password": True},
        )
        self.start_tour(
            "/odoo/action-provide_coop.provide_coop_survival_report_action",
            "provide_report_views_tour",
            login="tour_report_manager",
        )
