from odoo.addons.provide_coop.tests.common_web import WebIntakeCase
from odoo.tests import tagged


@tagged("post_install", "-at_install")
class TestEnquiryPageOnTheWebsite(WebIntakeCase):
    """With the Website app installed, the public enquiry page is part of the
    site: its layout, its header with the menu, and a menu entry to reach it."""

    def test_every_website_has_the_menu_entry(self):
        websites = self.env["website"].search([])
        menus = self.env["website.menu"].search([("url", "=", "/coop/enquiry")])
        self.assertEqual(menus.website_id, websites)
        self.assertEqual(set(menus.mapped("name")), {"Start a co-op"})
        for website in websites:
            self.assertIn(
                menus.filtered(lambda m, w=website: m.website_id == w),
                website.menu_id.child_id,
            )

    def test_page_is_in_the_site_layout_with_its_menu(self):
        response, tokens = self.open_form()
        self.assertTrue(tokens["csrf_token"])
        # The site's header and footer, not Odoo's plain frontend layout.
        self.assertIn('id="wrapwrap"', response.text)
        self.assertIn("<header", response.text)
        self.assertIn('href="/coop/enquiry"', response.text)
        self.assertIn("Start a co-op", response.text)
        self.assertIn("o_footer", response.text)
        # The form itself, as without the Website app.
        self.assertIn("I agree (test v7).", response.text)
        for field in ("name", "email", "service", "consent"):
            self.assertIn(f'for="provide_{field}"', response.text)

    def test_a_visitor_sends_an_enquiry_through_the_site(self):
        before = self.counts()
        response = self.post_form(email="site.visitor@example.org")
        self.assertEqual(response.status_code, 303, response.text[-2000:])
        self.assertEqual(self.counts(), tuple(count + 1 for count in before))
        enquiry = self.env["provide.enquiry"].search([], order="id desc", limit=1)
        self.assertEqual(enquiry.source, "web")
        self.assertEqual(enquiry.partner_id.email, "site.visitor@example.org")
        thanks = self.url_open(response.headers["Location"])
        self.assertEqual(thanks.status_code, 200)
        self.assertIn('id="wrapwrap"', thanks.text)

    def test_a_refused_form_comes_back_in_the_site_layout(self):
        before = self.counts()
        response = self.post_form(consent=None)
        self.assertRefused(response, "Please tick the consent box")
        self.assertIn('id="wrapwrap"', response.text)
        self.assertEqual(self.counts(), before)
