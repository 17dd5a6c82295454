from odoo.tests import HttpCase, new_test_user, tagged


@tagged("post_install", "-at_install")
class TestProvideCaseStudyTour(HttpCase):
    """In the browser: an adviser opens an enquiry, attaches two suggested
    case studies and sends them to the enquirer."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.adviser = new_test_user(
            cls.env,
            login="tour_study_adviser",
            name="Sid Study",
            email="sid.study@provide.example.com",
            groups="provide_coop.group_provide_user",
            context={"no_reset_password": True},
        )
        ref = cls.env.ref
        social_care = ref("provide_coop.provide_sector_social_care")
        Study = cls.env["provide.case.study"]
        cls.riverside, cls.hilltop = Study.create(
            [
                {
                    "name": "Riverside Carers (tour)",
                    "sector_id": social_care.id,
                    "workforce_size": 30,
                    "is_published": True,
                },
                {
                    "name": "Hilltop Homecare (tour)",
                    "sector_id": social_care.id,
                    "workforce_size": 300,
                    "is_published": True,
                },
            ]
        )
        Study.create(
            {
                "name": "Town Leisure (tour)",
                "sector_id": ref("provide_coop.provide_sector_leisure").id,
                "is_published": True,
            }
        )
        enquirer = cls.env["res.partner"].create(
            {"name": "Erin Enquirer", "email": "erin.enquirer@example.org"}
        )
        cls.enquiry = cls.env["provide.enquiry"].create(
            {
                "name": "Homecare co-op for the north (tour)",
                "partner_id": enquirer.id,
                "user_id": cls.adviser.id,
                "sector_id": social_care.id,
                "workforce_size": 25,
            }
        )

    def test_adviser_attaches_two_suggested_studies_and_sends_them(self):
        self.start_tour(
            f"/odoo/action-provide_coop.provide_enquiry_action/{self.enquiry.id}",
            "provide_case_study_tour",
            login="tour_study_adviser",
        )
        self.assertEqual(self.enquiry.case_study_ids, self.riverside | self.hilltop)
        sent = self.enquiry.message_ids.filtered(
            lambda m: m.message_type == "comment" and m.attachment_ids
        )
        self.assertEqual(len(sent), 1)
        self.assertEqual(sent.author_id, self.adviser.partner_id)
        self.assertEqual(sent.partner_ids, self.enquiry.partner_id)
        self.assertEqual(len(sent.attachment_ids), 1)
        self.assertTrue(sent.attachment_ids.name.startswith("Case studies - "))
