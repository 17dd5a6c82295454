from odoo.exceptions import AccessError
from odoo.tests import Form, tagged

from .common import TestProvideCommon


@tagged("post_install", "-at_install")
class TestProvideFeasibilityStudy(TestProvideCommon):
    """Pre-feasibility studies on an enquiry: their figures, their smart
    button, and who may see them."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        Study = cls.env["provide.feasibility.study"]
        cls.other_enquiry = cls.env["provide.enquiry"].create(
            {"name": "GP out-of-hours co-op", "sector_id": cls.sector_health.id}
        )
        cls.studies = Study.create(
            [
                {
                    "name": "Homecare market",
                    "enquiry_id": cls.enquiry.id,
                    "cost": 1200,
                    "days_spent": 3.5,
                },
                {"name": "Workforce survey", "enquiry_id": cls.enquiry.id},
                {"name": "Rota cover", "enquiry_id": cls.other_enquiry.id},
            ]
        )
        cls.enquiry_b = cls.env["provide.enquiry"].create(
            {"name": "North leisure centres", "company_id": cls.company_b.id}
        )
        cls.study_b = Study.create(
            {"name": "Leisure centres (North)", "enquiry_id": cls.enquiry_b.id}
        )

    def test_negative_cost_refused(self):
        with self.assertCheckRefused("cost of a feasibility study .* negative"):
            self.studies[0].write({"cost": -1})
        with self.assertCheckRefused(
            "cost of a feasibility study .* negative", self.studies._name
        ):
            self.env["provide.feasibility.study"].create(
                {"name": "Bad", "enquiry_id": self.enquiry.id, "cost": -50}
            )

    def test_negative_days_spent_refused(self):
        with self.assertCheckRefused("days spent .* negative"):
            self.studies[0].write({"days_spent": -0.5})

    def test_study_takes_its_company_from_the_enquiry_and_author_from_the_user(self):
        study = (
            self.env["provide.feasibility.study"]
            .with_user(self.user_adviser)
            .create({"name": "Premises", "enquiry_id": self.enquiry.id})
        )
        self.assertEqual(study.author_id, self.user_adviser)
        self.assertEqual(study.company_id, self.company_a)
        self.assertEqual(study.currency_id, self.company_a.currency_id)
        self.assertEqual(self.study_b.company_id, self.company_b)
        self.assertEqual(study.state, "planned")

    def test_state_moves_planned_in_progress_delivered(self):
        study = self.studies[0].with_user(self.user_adviser)
        study.action_start()
        self.assertEqual(study.state, "in_progress")
        study.action_deliver()
        self.assertEqual(study.state, "delivered")
        study.action_plan()
        self.assertEqual(study.state, "planned")

    def test_smart_button_counts_the_studies_of_each_enquiry(self):
        enquiries = (self.enquiry | self.other_enquiry).with_user(self.user_adviser)
        self.assertEqual(enquiries.mapped("feasibility_study_count"), [2, 1])
        self.studies[1].unlink()
        self.assertEqual(self.enquiry.feasibility_study_count, 1)

    def test_study_count_is_one_grouped_query_for_all_enquiries(self):
        enquiries = self.enquiry | self.other_enquiry | self.enquiry_b
        # Mark the stored counts for recomputation, as a new study would.
        self.env.add_to_compute(enquiries._fields["feasibility_study_count"], enquiries)
        with self.assertQueryCount(1):
            enquiries._recompute_field(enquiries._fields["feasibility_study_count"])
        self.assertEqual(enquiries.mapped("feasibility_study_count"), [2, 1, 1])

    def test_smart_button_opens_the_enquirys_studies(self):
        enquiry = self.enquiry.with_user(self.user_adviser)
        action = enquiry.action_view_feasibility_studies()
        self.assertEqual(action["res_model"], "provide.feasibility.study")
        self.assertEqual(action["domain"], [("enquiry_id", "=", self.enquiry.id)])
        Study = self.env["provide.feasibility.study"].with_user(self.user_adviser)
        self.assertEqual(Study.search(action["domain"]), self.studies[:2])
        # A study created from there belongs to the enquiry.
        with Form(Study.with_context(**action["context"])) as form:
            form.name = "Commissioner interviews"
        self.assertEqual(form.record.enquiry_id, self.enquiry)
        self.assertEqual(self.enquiry.feasibility_study_count, 3)

    def test_adviser_creates_edits_and_deletes_studies(self):
        Study = self.env["provide.feasibility.study"].with_user(self.user_adviser)
        study = Study.create({"name": "Premises", "enquiry_id": self.enquiry.id})
        study.write({"findings": "<p>Two sites fit.</p>", "days_spent": 1})
        self.assertIn("Two sites fit", study.findings)
        study.unlink()
        self.assertFalse(study.exists())

    def test_other_company_cannot_read_the_studies(self):
        Study = self.env["provide.feasibility.study"].with_user(self.user_adviser_b)
        self.assertEqual(Study.search([]), self.study_b)
        with self.assertRaises(AccessError):
            self.studies[0].with_user(self.user_adviser_b).read(["name"])
        with self.assertRaises(AccessError):
            self.study_b.with_user(self.user_adviser).read(["name"])

    def test_employee_without_the_app_cannot_read_studies(self):
        with self.assertRaises(AccessError):
            self.env["provide.feasibility.study"].with_user(self.user_employee).search(
                []
            )
        with self.assertRaises(AccessError):
            self.studies[0].with_user(self.user_employee).read(["name"])
