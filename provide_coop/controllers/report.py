from odoo import http
from odoo.addons.web.controllers.report import ReportController
from odoo.http import request

# Reports whose rendering writes: each subject access report is logged.
LOGGED_REPORTS = ("/provide_coop.provide_personal_data",)


def _readonly(_controller):
    """Odoo serves reports from a read-only cursor; the ones that log who
    printed them need a read/write one."""
    path = request.httprequest.path
    return not any(name in path for name in LOGGED_REPORTS)


class ProvideReportController(ReportController):
    @http.route(readonly=_readonly)
    def report_routes(self, reportname, docids=None, converter=None, **data):
        return super().report_routes(
            reportname, docids=docids, converter=converter, **data
        )
