import io

from odoo.addons.mail.tests.common import MockEmail
from odoo.exceptions import AccessError, UserError
from odoo.tests import tagged, users, warmup
from odoo.tools.pdf import PdfFileReader

from .common import TestProvideCommon


@tagged("post_install", "-at_install")
class TestProvideCaseStudySuggestions(TestProvideCommon):
    """Suggested case studies on an enquiry: published ones, same sector
    first, then a similar workforce, then the rest; one click attaches."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        ref = cls.env.ref
        cls.sector_housing = ref("provide_coop.provide_sector_housing")
        Study = cls.env["provide.case.study"]

        def study(name, sector, workforce=0, **vals):
            return Study.create(
                {
                    "name": name,
                    "sector_id": sector.id,
                    "workforce_size": workforce,
                    "is_published": True,
                    **vals,
                }
            )

        # The enquiry: social care, 25 people deliver the service.
        cls.same_sector_big = study("Big Homecare (test)", cls.sector_social_care, 100)
        cls.same_sector_similar = study(
            "Small Homecare (test)", cls.sector_social_care, 30
        )
        cls.similar_health = study("GP Co-op (test)", cls.sector_health, 20)
        cls.leisure_unknown = study("Leisure Trust (test)", cls.sector_leisure)
        cls.housing_big = study("Tenants' Co-op (test)", cls.sector_housing, 200)
        cls.internal = study("Internal (test)", cls.sector_social_care, 25)
        cls.internal.is_published = False
        cls.other_company = study(
            "North Homecare (test)",
            cls.sector_social_care,
            25,
            company_id=cls.company_b.id,
        )
        cls.linked = study("Linked Homecare (test)", cls.sector_social_care, 25)
        cls.enquiry.case_study_ids = cls.linked

    def test_same_sector_first_then_similar_workforce_then_the_rest(self):
        suggested = self.enquiry.with_user(self.user_adviser).suggested_case_study_ids
        self.assertEqual(
            suggested.mapped("name"),
            [
                "Small Homecare (test)",  # same sector, similar size
                "Big Homecare (test)",  # same sector
                "GP Co-op (test)",  # similar size
                "Tenants' Co-op (test)",  # the rest, in the booklet's order
                "Leisure Trust (test)",
            ],
        )

    def test_without_a_workforce_the_sector_alone_ranks(self):
        self.enquiry.workforce_size = 0
        suggested = self.enquiry.suggested_case_study_ids
        self.assertEqual(suggested[:2], self.same_sector_big | self.same_sector_similar)
        self.assertEqual(suggested[2], self.housing_big)

    def test_internal_linked_and_other_company_studies_are_not_suggested(self):
        suggested = self.enquiry.suggested_case_study_ids
        self.assertNotIn(self.internal, suggested)
        self.assertNotIn(self.linked, suggested)
        self.assertNotIn(self.other_company, suggested)

    def test_one_click_attaches_a_suggestion(self):
        self.same_sector_similar.with_user(self.user_adviser).with_context(
            provide_enquiry_id=self.enquiry.id
        ).action_provide_attach()
        self.assertIn(self.same_sector_similar, self.enquiry.case_study_ids)
        self.assertNotIn(
            self.same_sector_similar, self.enquiry.suggested_case_study_ids
        )

    def test_attach_needs_a_saved_enquiry(self):
        with self.assertRaisesRegex(UserError, "Save the enquiry first"):
            self.same_sector_similar.action_provide_attach()

    @users("provide_adviser")
    @warmup
    def test_suggestions_cost_the_same_whatever_the_number_of_studies(self):
        enquiries = self.env["provide.enquiry"].create(
            [
                {"name": f"Enquiry {i} (test)", "sector_id": sector.id}
                for i, sector in enumerate(
                    [self.sector_health, self.sector_leisure, self.sector_social_care]
                )
            ]
        )
        self.env.invalidate_all()
        # The enquiries, the studies already linked, the published studies,
        # and the enquiries' readers (the confidentiality rule).
        with self.assertQueryCount(provide_adviser=4):
            enquiries.mapped("suggested_case_study_ids")
        self.env["provide.case.study"].sudo().create(
            [
                {
                    "name": f"More (test) {i}",
                    "sector_id": self.sector_health.id,
                    "workforce_size": i,
                    "is_published": True,
                }
                for i in range(40)
            ]
        )
        self.env.invalidate_all()
        with self.assertQueryCount(provide_adviser=4):
            suggested = enquiries.mapped("suggested_case_study_ids")
        self.assertGreater(len(suggested), 40)


@tagged("post_install", "-at_install")
class TestProvideCaseStudySend(TestProvideCommon, MockEmail):
    """ "Send Case Studies": Odoo's composer with the template and the booklet
    of the enquiry's published studies as one PDF."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        Study = cls.env["provide.case.study"]
        cls.chosen = Study.create(
            [
                {
                    "name": "SELDOC (test)",
                    "sector_id": cls.sector_health.id,
                    "is_published": True,
                },
                {
                    "name": "Shepshed Carers (test)",
                    "sector_id": cls.sector_social_care.id,
                    "is_published": True,
                },
            ]
        )
        cls.internal = Study.create(
            {"name": "Unchecked (test)", "sector_id": cls.sector_social_care.id}
        )
        cls.not_chosen = Study.create(
            {
                "name": "Greenwich Leisure (test)",
                "sector_id": cls.sector_leisure.id,
                "is_published": True,
            }
        )
        cls.enquiry.case_study_ids = cls.chosen | cls.internal
        cls.template = cls.env.ref("provide_coop.mail_template_provide_case_studies")

    def _composer(self, **context):
        action = self.enquiry.with_user(
            self.user_adviser
        ).action_provide_send_case_studies()
        self.assertEqual(action["res_model"], "mail.compose.message")
        return (
            self.env["mail.compose.message"]
            .with_user(self.user_adviser)
            .with_context(action["context"], **context)
            .create({})
        )

    def test_composer_uses_the_template_for_the_enquirer(self):
        composer = self._composer()
        self.assertEqual(composer.template_id, self.template)
        self.assertEqual(composer.composition_mode, "comment")
        self.assertEqual(composer.partner_ids, self.enquirer)
        self.assertIn(self.enquiry.name, composer.subject)

    def test_composer_attaches_exactly_one_pdf_with_the_chosen_studies(self):
        composer = self._composer(force_report_rendering=True)
        self.assertEqual(len(composer.attachment_ids), 1)
        attachment = composer.attachment_ids
        self.assertEqual(attachment.mimetype, "application/pdf")
        self.assertTrue(attachment.name.endswith(".pdf"))
        pdf = PdfFileReader(io.BytesIO(attachment.raw))
        # A cover, the contents, one page per published study chosen.
        self.assertEqual(len(pdf.pages), 4)
        self.assertEqual(
            pdf.metadata["/Subject"], "Shepshed Carers (test); SELDOC (test)"
        )

    def test_booklet_of_an_enquiry_holds_its_published_studies_only(self):
        html = self.render_html(
            "provide_coop.provide_enquiry_case_study_booklet_report",
            self.enquiry,
            user=self.user_adviser,
        )
        for name in ("SELDOC (test)", "Shepshed Carers (test)"):
            self.assertEqual(html.count(f"<strong>{name}</strong>"), 1)
        self.assertNotIn("Unchecked (test)", html)
        self.assertNotIn("Greenwich Leisure (test)", html)

    def test_sent_mail_is_logged_with_the_booklet_and_the_studies_stay_linked(self):
        composer = self._composer(force_report_rendering=True)
        with self.mock_mail_gateway():
            composer.action_send_mail()
        message = self.enquiry.message_ids[0]
        self.assertEqual(message.author_id, self.user_adviser.partner_id)
        self.assertEqual(message.message_type, "comment")
        self.assertEqual(message.partner_ids, self.enquirer)
        self.assertEqual(len(message.attachment_ids), 1)
        self.assertEqual(message.attachment_ids.mimetype, "application/pdf")
        sent = [
            mail for mail in self._mails if self.enquirer.email in mail["email_to"][0]
        ]
        self.assertEqual(len(sent), 1)
        self.assertEqual(len(sent[0]["attachments"]), 1)
        self.assertTrue(sent[0]["attachments"][0][0].endswith(".pdf"))
        self.assertEqual(self.enquiry.case_study_ids, self.chosen | self.internal)

    def test_nothing_published_to_send_says_so(self):
        self.enquiry.case_study_ids = self.internal
        with self.assertRaisesRegex(UserError, "Attach a published case study"):
            self.enquiry.action_provide_send_case_studies()

    def test_manager_rewords_the_template_an_adviser_cannot(self):
        body = (
            '<p>Dear <t t-out="object.partner_id.name">Sam</t>, here are co-ops '
            'like <t t-out="object.name">yours</t> (reworded).</p>'
        )
        self.template.with_user(self.user_manager).write({"body_html": body})
        self.assertIn("(reworded)", self.template.body_html)
        with self.assertRaises(AccessError):
            self.template.with_user(self.user_adviser).write({"body_html": body})

    def test_enquiry_with_a_suggestion_attached_sends_it(self):
        self.not_chosen.with_context(
            provide_enquiry_id=self.enquiry.id
        ).action_provide_attach()
        composer = self._composer(force_report_rendering=True)
        pdf = PdfFileReader(io.BytesIO(composer.attachment_ids.raw))
        self.assertEqual(len(pdf.pages), 5)
        self.assertIn("Greenwich Leisure (test)", pdf.metadata["/Subject"])
