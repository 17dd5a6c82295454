import io

from reportlab.pdfgen import canvas

from odoo import models
from odoo.tools.pdf import PdfFileReader, PdfFileWriter

BOOKLET_REPORTS = (
    "provide_coop.provide_case_study_booklet_report",
    "provide_coop.provide_enquiry_case_study_booklet_report",
)


class IrActionsReport(models.Model):
    """The case-study booklet gets its page numbers and its title stamped on
    the finished PDF. wkhtmltopdf prints an HTML footer (and so Odoo's page
    numbers) only in its patched-Qt build; Debian's build, which many servers
    and `make` install, draws none and also draws text as outlines. Stamped
    here, the numbers print with either build and are real text."""

    _inherit = "ir.actions.report"

    def _render_qweb_pdf(self, report_ref, res_ids=None, data=None):
        content, content_type = super()._render_qweb_pdf(
            report_ref, res_ids=res_ids, data=data
        )
        report = self._get_report(report_ref)
        if content_type == "pdf" and report.xml_id in BOOKLET_REPORTS:
            if isinstance(res_ids, int):
                res_ids = [res_ids]
            studies = (
                self.env[report.model].browse(res_ids or [])._provide_booklet_studies()
            )
            content = self._provide_stamp_booklet(content, studies)
        return content, content_type

    def _provide_stamp_booklet(self, pdf, studies):
        """`pdf` with "Page n of m" at the foot of every page but the cover,
        and the booklet's title and its studies, in order, as the document's
        title and subject."""
        reader = PdfFileReader(io.BytesIO(pdf), strict=False)
        writer = PdfFileWriter()
        total = reader.getNumPages()
        for index in range(total):
            page = reader.getPage(index)
            if index:
                width = float(abs(page.mediaBox.getWidth()))
                overlay = io.BytesIO()
                sheet = canvas.Canvas(
                    overlay, pagesize=(width, float(abs(page.mediaBox.getHeight())))
                )
                sheet.setFont("Helvetica", 9)
                sheet.setFillGray(0.45)
                sheet.drawCentredString(
                    width / 2,
                    24,
                    self.env._(
                        "Page %(page)s of %(total)s", page=index + 1, total=total
                    ),
                )
                sheet.save()
                page.mergePage(PdfFileReader(overlay).getPage(0))
            writer.addPage(page)
        writer.addMetadata(
            {
                "/Title": self.env._("Case studies"),
                "/Subject": "; ".join(studies.mapped("name")),
            }
        )
        output = io.BytesIO()
        writer.write(output)
        return output.getvalue()
