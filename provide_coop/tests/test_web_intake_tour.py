from odoo.tests import HttpCase, new_test_user, tagged


@tagged("post_install", "-at_install")
class TestWebIntakeTour(HttpCase):
    """In the browser: a visitor sends an enquiry from the public page, then
    the triage adviser finds it on the kanban."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        params = cls.env["ir.config_parameter"].sudo()
        params.set_param("provide_coop.web_min_seconds", "0")
        params.set_param("provide_coop.web_rate_limit", "0")
        cls.env["provide.consent.statement"]._current("web").text = "I agree (tour)."
        cls.adviser = new_test_user(
            cls.env,
            login="web_tour_adviser",
            name="Tia Triage",
            email="tia.triage@provide.example.com",
            groups="provide_coop.group_provide_user",
            context={"no_reset_password": True},
        )
        params.set_param("provide_coop.web_triage_user_id", str(cls.adviser.id))

    def test_visitor_sends_an_enquiry_and_the_adviser_finds_it(self):
        self.start_tour("/coop/enquiry", "provide_web_enquiry_visitor_tour")
        enquiry = self.env["provide.enquiry"].search(
            [("email_from", "=", "vera.visitor@example.org")]
        )
        self.assertEqual(len(enquiry), 1)
        self.assertEqual(enquiry.name, "Riverside pool run by its lifeguards")
        self.assertEqual(enquiry.workforce_size, 25)
        self.assertEqual(enquiry.consent_ids.text, "I agree (tour).")
        self.assertEqual(enquiry.activity_ids.user_id, self.adviser)
        self.start_tour(
            "/odoo/action-provide_coop.provide_enquiry_action",
            "provide_web_enquiry_adviser_tour",
            login="web_tour_adviser",
        )
