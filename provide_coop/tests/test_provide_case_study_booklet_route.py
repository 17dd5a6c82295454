import io

from odoo import Command
from odoo.tests import HttpCase, tagged
from odoo.tools.pdf import PdfFileReader

from .common import TestProvideCommon
from .test_provide_case_study_booklet import booklet_pages


@tagged("post_install", "-at_install")
class TestProvideCaseStudyBookletRoute(HttpCase, TestProvideCommon):
    """Print > Case-Study Booklet on an enquiry, as the browser asks for it:
    by the report's name and the enquiry's id."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        Study = cls.env["provide.case.study"]
        # More studies than enquiries, so an enquiry's id is also some
        # study's id: read as study ids, the booklet would print that one.
        cls.studies = Study.create(
            [
                {"name": f"Study {n} (test)", "sector_id": cls.sector_leisure.id}
                for n in range(cls.enquiry.id + 3)
            ]
        )
        cls.studies.is_published = True
        cls.linked = cls.studies[-2:]
        cls.enquiry.case_study_ids = [Command.set(cls.linked.ids)]

    def _booklet(self, path_ids):
        report = self.env.ref("provide_coop.provide_enquiry_case_study_booklet_report")
        self.authenticate("provide_adviser", "provide_adviser")
        return self.url_open(f"/report/html/{report.report_name}/{path_ids}")

    def test_enquiry_booklet_prints_the_enquiry_s_studies(self):
        response = self._booklet(self.enquiry.id)
        self.assertEqual(response.status_code, 200)
        self.assertCountEqual(booklet_pages(response.text), self.linked.ids)

    def test_study_booklet_still_prints_the_chosen_studies(self):
        report = self.env.ref("provide_coop.provide_case_study_booklet_report")
        self.authenticate("provide_adviser", "provide_adviser")
        chosen = self.studies[:2]
        response = self.url_open(
            f"/report/html/{report.report_name}/{','.join(map(str, chosen.ids))}"
        )
        self.assertEqual(response.status_code, 200)
        self.assertCountEqual(booklet_pages(response.text), chosen.ids)

    def _embedded_fonts(self, report_ref, records, page=0):
        """The fonts embedded as text on `page` of the PDF of `report_ref`
        for `records`, with the report's styles loaded from the server, as
        in production."""
        self.env["ir.config_parameter"].set_param("report.url", self.base_url())
        Report = self.env["ir.actions.report"].with_context(force_report_rendering=True)
        pdf_content, _type = Report._render_qweb_pdf(report_ref, records.ids)
        pdf = PdfFileReader(io.BytesIO(pdf_content))
        fonts = pdf.pages[page]["/Resources"]["/Font"]
        return [
            str(font.get_object()["/BaseFont"])
            for font in fonts.values()
            if "/DescendantFonts" in font.get_object()
        ]

    def test_booklet_pdf_keeps_its_text_as_text(self):
        """The booklet is set in a font of the server's own, which the PDF
        embeds: its words stay words (searchable, read aloud, a small file),
        not drawn outlines."""
        embedded = self._embedded_fonts(
            "provide_coop.provide_enquiry_case_study_booklet_report",
            self.enquiry,
            page=1,
        )
        self.assertTrue(embedded, "no embedded font on the contents page")

    def test_funder_report_pdf_keeps_its_text_as_text(self):
        """The app's other PDFs too: the funder report's figures are text a
        funder can search and copy."""
        funder = self.env["res.partner"].create(
            {"name": "Co-operative Action (test)", "is_company": True}
        )
        programme = self.env["provide.programme"].create(
            {
                "name": "Support service 2026 (test)",
                "funder_id": funder.id,
                "date_start": "2026-01-01",
                "date_end": "2026-12-31",
            }
        )
        report = self.env["provide.funder.report"].create(
            {
                "programme_id": programme.id,
                "period": "custom",
                "date_from": "2026-01-01",
                "date_to": "2026-03-31",
            }
        )
        embedded = self._embedded_fonts(
            "provide_coop.provide_funder_report_pdf", report
        )
        self.assertTrue(
            any("DejaVuSansCondensed" in name for name in embedded),
            f"the report's text is not set in the server's font: {embedded}",
        )
