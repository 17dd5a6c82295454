from odoo import api, models


class ReportProvidePersonalData(models.AbstractModel):
    """The subject access report (PDF and HTML): rendered for co-op managers
    who may read each contact asked for, and logged each time."""

    _name = "report.provide_coop.provide_personal_data"
    _description = "Personal data report (subject access)"

    @api.model
    def _get_report_values(self, docids, data=None):
        partners = self.env["res.partner"].browse(docids)
        partners._provide_check_personal_data_access()
        report_type = (data or {}).get("report_type") or "pdf"
        personal_data = {
            partner.id: partner._provide_personal_data() for partner in partners
        }
        partners._provide_log_personal_data_export(report_type.upper())
        return {
            "doc_ids": partners.ids,
            "doc_model": "res.partner",
            "docs": partners,
            "personal_data": personal_data,
        }
