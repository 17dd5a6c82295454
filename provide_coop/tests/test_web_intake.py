from datetime import timedelta

from odoo import fields
from odoo.tests import new_test_user, tagged

from .common_web import CSRF_RE, WebIntakeCase


@tagged("post_install", "-at_install")
class TestWebIntakePage(WebIntakeCase):
    def test_page_shows_the_form_the_consent_statement_and_a_csrf_token(self):
        response, tokens = self.open_form()
        self.assertIn("I agree (test v7).", response.text)
        self.assertTrue(tokens["csrf_token"])
        for field in ("name", "email", "phone", "organisation", "service", "consent"):
            self.assertIn(f'for="provide_{field}"', response.text)
        self.assertIn('<option value="public_sector_workers">', response.text)

    def test_page_link_preselects_the_sector_by_id_or_name(self):
        selected = f'<option value="{self.sector.id}" selected="selected">'
        response, _tokens = self.open_form(f"/coop/enquiry?sector={self.sector.id}")
        self.assertIn(selected, response.text)
        response, _tokens = self.open_form(
            "/coop/enquiry?sector=school%20MEALS%20(web)"
        )
        self.assertIn(selected, response.text)
        response, _tokens = self.open_form("/coop/enquiry?sector=999999")
        self.assertNotIn('selected="selected"', response.text)

    def test_other_methods_are_not_allowed(self):
        for method in ("PUT", "DELETE", "PATCH"):
            response = self.opener.request(method, self.base_url() + "/coop/enquiry")
            self.assertEqual(response.status_code, 405, method)


@tagged("post_install", "-at_install")
class TestWebIntakeAccepted(WebIntakeCase):
    def test_valid_post_makes_one_enquiry_one_contact_and_one_consent(self):
        before = self.counts()
        start = fields.Datetime.now().replace(microsecond=0)
        response = self.post_form()
        self.assertEqual(response.status_code, 303, response.text[-2000:])
        self.assertTrue(response.headers["Location"].endswith("/coop/enquiry/thanks"))
        self.assertEqual(self.counts(), tuple(count + 1 for count in before))

        enquiry = self.env["provide.enquiry"].search([], order="id desc", limit=1)
        self.assertEqual(enquiry.name, "School meals run by the cooks")
        self.assertEqual(
            enquiry.service_description,
            "School meals run by the cooks\nThe council is outsourcing it.",
        )
        self.assertEqual(enquiry.source, "web")
        self.assertEqual(
            enquiry.stage_id, self.env["provide.enquiry"]._default_stage_id()
        )
        self.assertFalse(enquiry.user_id)
        self.assertEqual(enquiry.sector_id, self.sector)
        self.assertEqual(enquiry.enquirer_type, "public_sector_workers")
        self.assertEqual(enquiry.workforce_size, 40)
        self.assertEqual(enquiry.partner_id.name, "Sam Visitor")
        self.assertEqual(enquiry.partner_id.email, "sam.visitor@example.org")
        self.assertEqual(enquiry.partner_id.company_name, "Northtown Catering Staff")
        self.assertFalse(enquiry.activity_ids, "no triage adviser, no activity")

        consent = enquiry.consent_ids
        self.assertEqual(len(consent), 1)
        self.assertEqual(consent.partner_id, enquiry.partner_id)
        self.assertEqual(consent.text, "I agree (test v7).")
        self.assertEqual(consent.version, "7")
        self.assertEqual(consent.statement_id, self.statement)
        self.assertEqual(consent.channel, "web")
        self.assertGreaterEqual(consent.date, start)
        self.assertLessEqual(consent.date, fields.Datetime.now())

        mail = self.env["mail.mail"].search(
            [("model", "=", "provide.enquiry"), ("res_id", "=", enquiry.id)]
        )
        self.assertEqual(len(mail), 1)
        self.assertEqual(mail.recipient_ids, enquiry.partner_id)
        self.assertIn(enquiry.reference, mail.subject)
        self.assertIn("What happens next", str(mail.body_html))

        thanks = self.url_open("/coop/enquiry/thanks")
        self.assertEqual(thanks.status_code, 200)
        self.assertIn(enquiry.reference, thanks.text)

    def test_second_post_with_the_same_email_in_other_case_reuses_the_contact(self):
        self.post_form()
        enquiries, partners, consents = self.counts()
        response = self.post_form(
            email="Sam.VISITOR@Example.ORG", service="Library co-op"
        )
        self.assertEqual(response.status_code, 303)
        self.assertEqual(self.counts(), (enquiries + 1, partners, consents + 1))
        first, second = self.env["provide.enquiry"].search([], order="id desc", limit=2)
        self.assertEqual(first.partner_id, second.partner_id)
        self.assertEqual(first.email_from, "Sam.VISITOR@Example.ORG")

    def test_triage_adviser_gets_a_new_enquiry_activity(self):
        adviser = new_test_user(
            self.env,
            login="web_triage",
            groups="provide_coop.group_provide_user",
            context={"no_reset_password": True},
        )
        self.params.set_param("provide_coop.web_triage_user_id", str(adviser.id))
        self.assertEqual(self.post_form().status_code, 303)
        enquiry = self.env["provide.enquiry"].search([], order="id desc", limit=1)
        self.assertFalse(enquiry.user_id, "triage is an activity, not ownership")
        self.assertEqual(enquiry.activity_ids.user_id, adviser)
        self.assertIn("New enquiry", enquiry.activity_ids.summary)

    def test_council_is_matched_to_a_known_local_authority(self):
        council = self.env["res.partner"].create(
            {
                "name": "Northtown  Borough Council",
                "is_company": True,
                "is_local_authority": True,
            }
        )
        self.post_form(authority="northtown borough COUNCIL")
        enquiry = self.env["provide.enquiry"].search([], order="id desc", limit=1)
        self.assertEqual(enquiry.local_authority_id, council)

    def test_unknown_council_stays_in_the_description(self):
        self.post_form(authority="Southtown Health Trust")
        enquiry = self.env["provide.enquiry"].search([], order="id desc", limit=1)
        self.assertFalse(enquiry.local_authority_id)
        self.assertIn(
            "Run today by: Southtown Health Trust", enquiry.service_description
        )

    def test_campaign_from_the_link_is_kept_on_the_enquiry(self):
        _response, tokens = self.open_form(
            "/coop/enquiry?utm_campaign=Spring%20leaflet&utm_medium=Leaflet&utm_source=Library"
        )
        self.assertEqual(self.post_form(tokens).status_code, 303)
        enquiry = self.env["provide.enquiry"].search([], order="id desc", limit=1)
        self.assertEqual(enquiry.campaign_id.name, "Spring leaflet")
        self.assertEqual(enquiry.medium_id.name, "Leaflet")
        self.assertEqual(enquiry.source_id.name, "Library")

    def test_campaign_too_long_to_keep_is_dropped_not_held_against_the_visitor(self):
        response = self.post_form(utm_campaign="x" * 101)
        self.assertEqual(response.status_code, 303)
        enquiry = self.env["provide.enquiry"].search([], order="id desc", limit=1)
        self.assertFalse(enquiry.campaign_id)

    def test_errors_are_listed_in_the_order_of_the_form(self):
        response = self.post_form(service="", email="nope", consent=None)
        text = response.text
        self.assertLess(
            text.index('href="#provide_email"'), text.index('href="#provide_service"')
        )
        self.assertLess(
            text.index('href="#provide_service"'), text.index('href="#provide_consent"')
        )

    def test_html_is_stored_as_text_and_shown_escaped(self):
        service = "<script>alert('x')</script> meals"
        self.assertEqual(self.post_form(service=service).status_code, 303)
        enquiry = self.env["provide.enquiry"].search([], order="id desc", limit=1)
        self.assertEqual(enquiry.service_description, service)
        thanks = self.url_open("/coop/enquiry/thanks")
        self.assertNotIn("<script>alert", thanks.text)
        self.assertIn(
            "&lt;script&gt;alert(&#39;x&#39;)&lt;/script&gt; meals", thanks.text
        )

    def test_thank_you_page_without_an_enquiry_leads_to_the_form(self):
        response = self.url_open("/coop/enquiry/thanks", allow_redirects=False)
        self.assertEqual(response.status_code, 303)
        self.assertTrue(response.headers["Location"].endswith("/coop/enquiry"))


@tagged("post_install", "-at_install")
class TestWebIntakeRefused(WebIntakeCase):
    def assertNothingStored(self, before):
        self.assertEqual(self.counts(), before)

    def test_missing_consent_is_refused(self):
        before = self.counts()
        response = self.post_form(consent=None)
        self.assertRefused(response, "Please tick the consent box")
        self.assertNothingStored(before)

    def test_bad_email_is_refused_and_the_input_kept(self):
        before = self.counts()
        response = self.post_form(email="sam at example", name="Sam <Kept>")
        self.assertRefused(response, "“sam at example” is not an e-mail address")
        self.assertIn('value="Sam &lt;Kept&gt;"', response.text)
        self.assertNothingStored(before)

    def test_address_without_a_domain_ending_is_refused(self):
        before = self.counts()
        response = self.post_form(email="jordan.price@example")
        self.assertRefused(response, "“jordan.price@example” is not an e-mail address")
        self.assertNothingStored(before)
        # An ordinary address with a two-part ending still goes through.
        response = self.post_form(email="Jordan.Price@council.gov.uk")
        self.assertEqual(response.status_code, 303, response.text[-2000:])

    def test_form_fields_carry_their_length_limits(self):
        response, _tokens = self.open_form()
        for field, limit in (("name", 200), ("email", 254), ("service", 5000)):
            self.assertRegex(
                response.text,
                rf'<(input|textarea)[^>]*name="{field}"[^>]*maxlength="{limit}"',
            )

    def test_errors_are_tied_to_their_fields_and_the_first_has_the_focus(self):
        response = self.post_form(name="", email="nope")
        self.assertEqual(response.status_code, 400)
        text = response.text
        self.assertIn('aria-describedby="provide_name_error"', text)
        self.assertIn('id="provide_name_error"', text)
        self.assertIn('aria-describedby="provide_email_error"', text)
        self.assertEqual(text.count('aria-invalid="true"'), 2)
        self.assertEqual(text.count('autofocus="autofocus"'), 1)
        self.assertRegex(
            text, r'<input[^>]*id="provide_name"[^>]*autofocus="autofocus"'
        )
        self.assertIn('href="#provide_name"', text)

    def test_missing_csrf_token_is_refused(self):
        before = self.counts()
        tokens = self.open_form()[1]
        del tokens["csrf_token"]
        response = self.post_form(tokens)
        self.assertRefused(response, "could not accept it safely")
        self.assertNothingStored(before)

    def test_csrf_token_of_another_session_is_refused(self):
        tokens = self.open_form()[1]
        self.opener.cookies.clear()
        before = self.counts()
        response = self.post_form(tokens)
        self.assertRefused(response, "could not accept it safely")
        self.assertNothingStored(before)
        # The form shown again carries a token for the new session.
        self.assertTrue(CSRF_RE.search(response.text))

    def test_filled_honeypot_is_refused(self):
        before = self.counts()
        response = self.post_form(homepage="http://spam.example.com")
        self.assertRefused(response, "Leave this field empty")
        self.assertNothingStored(before)

    def test_form_sent_too_fast_is_refused(self):
        self.params.set_param("provide_coop.web_min_seconds", "3600")
        before = self.counts()
        response = self.post_form()
        self.assertRefused(response, "quicker than anyone can fill in the form")
        self.assertNothingStored(before)

    def test_forged_form_token_is_refused(self):
        tokens = self.open_form()[1]
        tokens["form_token"] = tokens["form_token"][:-4] + "AAAA"
        before = self.counts()
        response = self.post_form(tokens)
        self.assertRefused(response, "not opened from our page")
        self.assertNothingStored(before)

    def test_over_the_rate_limit_per_address_is_refused(self):
        self.params.set_param("provide_coop.web_rate_limit", "2")
        self.assertEqual(self.post_form(email="one@example.org").status_code, 303)
        self.assertEqual(self.post_form(email="two@example.org").status_code, 303)
        before = self.counts()
        response = self.post_form(email="three@example.org")
        self.assertRefused(response, "several enquiries from you", status=429)
        self.assertNothingStored(before)

    def test_over_the_rate_limit_per_email_is_refused(self):
        self.params.set_param("provide_coop.web_rate_limit", "2")
        self.env["provide.web.submission"].create(
            [{"ip_address": "203.0.113.9", "email_normalized": "busy@example.org"}] * 2
        )
        before = self.counts()
        response = self.post_form(email="Busy@Example.org")
        self.assertRefused(response, "several enquiries from you", status=429)
        self.assertNothingStored(before)

    def test_rate_limit_forgets_submissions_after_an_hour(self):
        self.params.set_param("provide_coop.web_rate_limit", "1")
        old = self.env["provide.web.submission"].create(
            {
                "email_normalized": "back@example.org",
                "date": fields.Datetime.now() - timedelta(hours=2),
            }
        )
        self.assertEqual(self.post_form(email="back@example.org").status_code, 303)
        # Not counted; Odoo's auto-vacuum deletes it (see
        # test_submissions_are_purged_by_the_scheduled_vacuum).
        self.assertTrue(old)

    def test_over_long_field_is_refused_not_cut(self):
        before = self.counts()
        response = self.post_form(organisation="x" * 201)
        self.assertRefused(response, "Your organisation is too long: 201 characters")
        self.assertNothingStored(before)

    def test_control_characters_are_refused(self):
        before = self.counts()
        response = self.post_form(name="Sam\x00Visitor")
        self.assertRefused(response, "control characters")
        self.assertNothingStored(before)

    def test_unknown_sector_and_role_are_refused(self):
        before = self.counts()
        response = self.post_form(sector_id="999999", enquirer_type="king")
        self.assertRefused(response, "Please pick one of the sectors listed.")
        self.assertIn("Please pick one of the roles listed.", response.text)
        self.assertNothingStored(before)

    def test_a_file_instead_of_text_is_refused(self):
        tokens = self.open_form()[1]
        data = dict(tokens, **self.valid_form(name=None))
        before = self.counts()
        response = self.url_open(
            "/coop/enquiry",
            data=data,
            files={"name": ("name.txt", b"Sam")},
            allow_redirects=False,
        )
        self.assertRefused(response, "Your name must be text.")
        self.assertNothingStored(before)


@tagged("post_install", "-at_install")
class TestWebIntakeCompanies(WebIntakeCase):
    """The page files what it receives with its own agency only."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.company_b = cls.env["res.company"].create({"name": "Provide North (web)"})

    def test_council_of_another_company_is_not_matched(self):
        self.env["res.partner"].create(
            {
                "name": "Northtown Borough Council",
                "is_company": True,
                "is_local_authority": True,
                "company_id": self.company_b.id,
            }
        )
        response = self.post_form(authority="Northtown Borough Council")
        self.assertEqual(response.status_code, 303, response.text[-2000:])
        enquiry = self.env["provide.enquiry"].search([], order="id desc", limit=1)
        self.assertEqual(enquiry.company_id, self.env.company)
        self.assertFalse(enquiry.local_authority_id)
        self.assertIn(
            "Run today by: Northtown Borough Council", enquiry.service_description
        )

    def test_organisation_of_another_company_is_not_joined(self):
        self.env["res.partner"].create(
            {
                "name": "Northtown Catering Staff",
                "is_company": True,
                "company_id": self.company_b.id,
            }
        )
        response = self.post_form()
        self.assertEqual(response.status_code, 303, response.text[-2000:])
        enquiry = self.env["provide.enquiry"].search([], order="id desc", limit=1)
        self.assertEqual(enquiry.partner_id.company_id, self.env.company)
        self.assertFalse(enquiry.partner_id.parent_id)
        self.assertEqual(enquiry.partner_id.company_name, "Northtown Catering Staff")

    def test_contact_of_another_company_is_not_reused(self):
        theirs = self.env["res.partner"].create(
            {
                "name": "Sam Visitor",
                "email": "sam.visitor@example.org",
                "company_id": self.company_b.id,
            }
        )
        response = self.post_form()
        self.assertEqual(response.status_code, 303, response.text[-2000:])
        self.assertNotIn("Incompatible companies", response.text)
        enquiry = self.env["provide.enquiry"].search([], order="id desc", limit=1)
        self.assertNotEqual(enquiry.partner_id, theirs)
        self.assertEqual(enquiry.partner_id.company_id, self.env.company)
        self.assertEqual(enquiry.consent_ids.company_id, self.env.company)


@tagged("post_install", "-at_install")
class TestWebIntakeAbuse(WebIntakeCase):
    """Against robots and floods: a form token works once, from the session
    it was shown to; names carry no invisible formatting; the confirmation
    e-mail is the managers' to word."""

    def assertNothingStored(self, before):
        self.assertEqual(self.counts(), before)

    def test_form_token_works_only_once(self):
        tokens = self.open_form()[1]
        self.assertEqual(self.post_form(tokens).status_code, 303)
        before = self.counts()
        response = self.post_form(tokens, email="again@example.org")
        self.assertRefused(response, "was already sent")
        self.assertNothingStored(before)

    def test_form_token_of_another_session_is_refused(self):
        stolen = self.open_form()[1]["form_token"]
        self.opener.cookies.clear()
        tokens = dict(self.open_form()[1], form_token=stolen)
        before = self.counts()
        response = self.post_form(tokens)
        self.assertRefused(response, "not opened from our page")
        self.assertNothingStored(before)

    def test_invisible_formatting_characters_are_refused_in_names(self):
        for field, value in (
            ("name", "Sam \u202eRotisiV"),
            ("name", "Sam\u200bVisitor"),
            ("organisation", "North\u2066town\u2069 Catering"),
            ("authority", "\ufeffNorthtown Council"),
        ):
            before = self.counts()
            response = self.post_form(**{field: value})
            self.assertRefused(response, "invisible formatting characters")
            self.assertNothingStored(before)

    def test_submissions_are_purged_by_the_scheduled_vacuum(self):
        Submission = self.env["provide.web.submission"]
        self.assertTrue(Submission.is_transient())
        old, recent = Submission.create(
            [
                {"ip_address": "203.0.113.1", "email_normalized": "old@example.org"},
                {"ip_address": "203.0.113.2", "email_normalized": "new@example.org"},
            ]
        )
        self.env.flush_all()
        self.env.cr.execute(
            "UPDATE provide_web_submission SET create_date = now() - interval "
            "'2 hours', write_date = now() - interval '2 hours' WHERE id = %s",
            [old.id],
        )
        # What Odoo's daily auto-vacuum runs for every transient model.
        Submission._transient_vacuum()
        self.assertFalse(old.exists())
        self.assertTrue(recent.exists())

    def test_manager_edits_the_web_confirmation_template(self):
        manager = new_test_user(
            self.env,
            login="web_template_manager",
            groups="provide_coop.group_provide_manager",
            context={"no_reset_password": True},
        )
        self.assertFalse(manager.has_group("mail.group_mail_template_editor"))
        template = self.env.ref(
            "provide_coop.mail_template_provide_web_enquiry_received"
        )
        body = str(template.body_html).replace("What happens next", "What we do next")
        template.with_user(manager).write({"body_html": body})
        self.assertIn("What we do next", str(template.body_html))
        response = self.post_form()
        self.assertEqual(response.status_code, 303)
        enquiry = self.env["provide.enquiry"].search([], order="id desc", limit=1)
        mail = self.env["mail.mail"].search(
            [("model", "=", "provide.enquiry"), ("res_id", "=", enquiry.id)]
        )
        self.assertIn("What we do next", str(mail.body_html))
        self.assertIn(enquiry.consent_ids.withdraw_url, str(mail.body_html))
