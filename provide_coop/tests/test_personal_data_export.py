import json

from odoo.exceptions import AccessError
from odoo.tests import HttpCase, tagged

from .common_event import TestProvideEventCommon


class ExportCase(TestProvideEventCommon):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.person = cls.env["res.partner"].create(
            {
                "name": "Sasha Subject",
                "email": "sasha.subject@example.org",
                "phone": "0161 496 0001",
                "city": "Manchester",
            }
        )
        cls.enquiry_open = cls.env["provide.enquiry"].create(
            {
                "name": "Libraries run by their staff",
                "partner_id": cls.person.id,
                "lawful_basis": "consent",
                "is_confidential": True,
                "user_id": cls.user_adviser.id,
            }
        )
        cls.enquiry_open.message_post(
            body="I work in the central library and we are worried.",
            author_id=cls.person.id,
            message_type="email",
            subtype_xmlid="mail.mt_comment",
        )
        cls.booking = cls._register(
            partner_id=cls.person.id,
            name="Sasha Subject",
            email="sasha.subject@example.org",
            provide_idea="Library trust",
        )


class TestExportPersonalData(ExportCase):
    def test_everything_held_on_the_person(self):
        data = self.person.with_user(self.user_manager)._provide_personal_data()
        self.assertEqual(data["contact"]["email"], "sasha.subject@example.org")
        self.assertEqual(data["contact"]["city"], "Manchester")
        [enquiry] = data["enquiries"]
        self.assertEqual(enquiry["reference"], self.enquiry_open.reference)
        self.assertEqual(enquiry["lawful_basis"], "Consent")
        self.assertIs(enquiry["is_confidential"], True)
        [booking] = data["bookings"]
        self.assertEqual(booking["event_id"], self.event.display_name)
        self.assertEqual(booking["provide_idea"], "Library trust")
        [consent] = data["consents"]
        self.assertEqual(consent["channel"], "Phone")
        self.assertIn("agreed", consent["text"])
        self.assertEqual(
            [m["message"] for m in data["messages"]],
            ["I work in the central library and we are worried."],
        )
        json.dumps(data)  # plain values only

    def test_only_managers_export(self):
        with self.assertRaises(AccessError):
            self.person.with_user(
                self.user_adviser
            ).action_provide_export_personal_data()
        action = self.person.with_user(
            self.user_manager
        ).action_provide_export_personal_data()
        self.assertEqual(action["url"], f"/coop/personal-data/{self.person.id}.json")
        # The download itself is logged (test_personal_data_access).
        report = self.env.ref("provide_coop.provide_personal_data_report")
        self.assertEqual(
            report.groups_id, self.env.ref("provide_coop.group_provide_manager")
        )

    def test_readable_pdf_says_the_same(self):
        html = self.render_html(
            "provide_coop.provide_personal_data", self.person, user=self.user_manager
        )
        for text in (
            "Personal data held on Sasha Subject",
            "sasha.subject@example.org",
            self.enquiry_open.reference,
            "Library trust",
            "Statement agreed",
            "I work in the central library and we are worried.",
        ):
            self.assertIn(text, html)
        self.assertRendersPdf(
            "provide_coop.provide_personal_data", self.person, user=self.user_manager
        )


@tagged("post_install", "-at_install")
class TestExportOverHttp(HttpCase):
    def test_json_download_for_managers_only(self):
        person = self.env["res.partner"].create(
            {"name": "Jude Json", "email": "jude.json@example.org"}
        )
        self.env["provide.enquiry"].create(
            {"name": "Leisure centre", "partner_id": person.id}
        )
        manager = self.env["res.users"].create(
            {
                "name": "Json Manager",
                "login": "json_manager",
                "password": "json_manager",
                "groups_id": [
                    (6, 0, [self.env.ref("provide_coop.group_provide_manager").id])
                ],
            }
        )
        self.env["res.users"].create(
            {
                "name": "Json Adviser",
                "login": "json_adviser",
                "password": "json_adviser",
                "groups_id": [
                    (6, 0, [self.env.ref("provide_coop.group_provide_user").id])
                ],
            }
        )
        self.assertTrue(manager)
        url = f"/coop/personal-data/{person.id}.json"
        self.authenticate("json_adviser", "json_adviser")
        self.assertEqual(self.url_open(url).status_code, 404)
        self.authenticate("json_manager", "json_manager")
        response = self.url_open(url)
        self.assertEqual(response.status_code, 200)
        self.assertIn("attachment", response.headers["Content-Disposition"])
        data = response.json()
        self.assertEqual(data["contact"]["email"], "jude.json@example.org")
        self.assertEqual(data["enquiries"][0]["name"], "Leisure centre")
