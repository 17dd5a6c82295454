import re

from markupsafe import escape

from odoo.tests import HttpCase

CSRF_RE = re.compile(r'name="csrf_token" value="([^"]+)"')
FORM_TOKEN_RE = re.compile(r'name="form_token" value="([^"]+)"')


class WebIntakeCase(HttpCase):
    """The public enquiry page over real HTTP, as a visitor without an account.
    Most tests switch off the minimum fill time and the rate limit, and the
    tests of those switch them back on."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.params = cls.env["ir.config_parameter"].sudo()
        cls.params.set_param("provide_coop.web_min_seconds", "0")
        cls.params.set_param("provide_coop.web_rate_limit", "0")
        cls.statement = cls.env["provide.consent.statement"]._current("web")
        cls.statement.write({"text": "I agree (test v7).", "version": 7})
        # Rate limits count from a clean slate, whatever the database holds.
        cls.env["provide.web.submission"].search([]).unlink()
        cls.sector = cls.env["provide.sector"].create({"name": "School meals (web)"})

    def open_form(self, url="/coop/enquiry"):
        response = self.url_open(url)
        self.assertEqual(response.status_code, 200)
        return response, {
            "csrf_token": CSRF_RE.search(response.text).group(1),
            "form_token": FORM_TOKEN_RE.search(response.text).group(1),
        }

    def tokens_of(self, response):
        """The tokens of the form a response shows again, if it shows one."""
        csrf = CSRF_RE.search(response.text)
        form_token = FORM_TOKEN_RE.search(response.text)
        if not (csrf and form_token):
            return None
        return {"csrf_token": csrf.group(1), "form_token": form_token.group(1)}

    def valid_form(self, **values):
        form = {
            "name": "Sam Visitor",
            "email": "sam.visitor@example.org",
            "phone": "",
            "organisation": "Northtown Catering Staff",
            "enquirer_type": "public_sector_workers",
            "service": "School meals run by the cooks\nThe council is outsourcing it.",
            "sector_id": str(self.sector.id),
            "authority": "",
            "workforce": "40",
            "consent": "on",
        }
        form.update(values)
        return {key: value for key, value in form.items() if value is not None}

    def post_form(self, tokens=None, **values):
        if tokens is None:
            tokens = self.open_form()[1]
        data = dict(tokens, **self.valid_form(**values))
        return self.url_open("/coop/enquiry", data=data, allow_redirects=False)

    def counts(self):
        env = self.env(context={"active_test": False})
        env.invalidate_all()
        return (
            env["provide.enquiry"].search_count([]),
            env["res.partner"].search_count([]),
            env["provide.consent"].search_count([]),
        )

    def assertRefused(self, response, message, status=400):
        """Refused with `message`, the form shown again, nothing stored."""
        self.assertEqual(response.status_code, status, response.text[-2000:])
        self.assertIn(str(escape(message)), response.text)
        self.assertIn('action="/coop/enquiry"', response.text)
