from datetime import datetime, time

from odoo import fields, models
from odoo.exceptions import UserError


class ProvidePipelineSummary(models.TransientModel):
    """Asks a manager for the period of the printed pipeline summary."""

    _name = "provide.pipeline.summary"
    _description = "Pipeline summary"

    date_from = fields.Date(
        string="From", required=True, default=lambda self: fields.Date.today()
    )
    date_to = fields.Date(
        string="To", required=True, default=lambda self: fields.Date.today()
    )

    def action_print(self):
        self.ensure_one()
        if self.date_from > self.date_to:
            raise UserError(
                self.env._("The summary period must end on or after its start.")
            )
        return self.env.ref(
            "provide_coop.provide_pipeline_summary_report"
        ).report_action(self)

    def _summary_data(self):
        """Counts for enquiries created in the period: stage by sector,
        conversion per sector, and the ten open enquiries stalled longest."""
        self.ensure_one()
        Report = self.env["provide.pipeline.report"]
        domain = [
            ("date_received", ">=", datetime.combine(self.date_from, time.min)),
            ("date_received", "<=", datetime.combine(self.date_to, time.max)),
        ]
        cells = {}
        stages, sectors = (
            self.env["provide.assessment.stage"],
            self.env["provide.sector"],
        )
        for stage, sector, count in Report._read_group(
            domain, ["stage_id", "sector_id"], ["__count"]
        ):
            cells[stage.id, sector.id] = count
            stages |= stage
            sectors |= sector
        conversion = [
            {"sector": sector, "count": count, "assessed": assessed, "launched": won}
            for sector, count, assessed, won in Report._read_group(
                domain,
                ["sector_id"],
                ["__count", "assessed_count:sum", "launched_count:sum"],
            )
        ]
        stalled = self.env["provide.enquiry"].search(
            [("is_stalled", "=", True), *domain], order="last_touch_date, id", limit=10
        )
        return {
            "stages": stages.sorted(),
            "sectors": sectors.sorted(),
            "cells": cells,
            "conversion": conversion,
            "stalled": stalled,
            "total": sum(cells.values()),
        }
