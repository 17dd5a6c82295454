from datetime import datetime, time

from dateutil.relativedelta import relativedelta

from odoo import fields, models
from odoo.exceptions import UserError


class ProvidePipelineSummary(models.TransientModel):
    """Asks a manager for the period of the printed pipeline summary."""

    _name = "provide.pipeline.summary"
    _description = "Pipeline summary"

    date_from = fields.Date(
        string="From", required=True, default=lambda self: self._default_date_from()
    )
    date_to = fields.Date(
        string="To", required=True, default=lambda self: self._default_date_to()
    )

    def _default_date_from(self):
        # The last full month: managers report on the month just ended.
        today = fields.Date.context_today(self)
        return today.replace(day=1) - relativedelta(months=1)

    def _default_date_to(self):
        today = fields.Date.context_today(self)
        return today.replace(day=1) - relativedelta(days=1)

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
        """Counts for enquiries received in the period: stage by sector (with
        a "No sector" column when some have none) and their totals,
        conversion per sector with a totals line, and the ten open enquiries
        stalled longest. Every enquiry of the period is counted once in each
        table, so both grand totals equal the period's enquiry count."""
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
        # Keys are ids; False is the "No sector" column (or "No stage" row),
        # shown last and only when such enquiries exist.
        columns = [(sector.id, sector.name) for sector in sectors.sorted()]
        if any(not sector_id for _stage_id, sector_id in cells):
            columns.append((False, self.env._("No sector")))
        lines = [(stage.id, stage.name) for stage in stages.sorted()]
        if any(not stage_id for stage_id, _sector_id in cells):
            lines.append((False, self.env._("No stage")))
        rows = []
        for stage_id, stage_name in lines:
            counts = [cells.get((stage_id, key), 0) for key, _name in columns]
            rows.append({"name": stage_name, "counts": counts, "total": sum(counts)})
        column_totals = [
            sum(cells.get((stage_id, key), 0) for stage_id, _name in lines)
            for key, _name in columns
        ]
        conversion = [
            {
                "name": sector.name or self.env._("No sector"),
                "count": count,
                "assessed": assessed,
                "launched": won,
            }
            for sector, count, assessed, won in Report._read_group(
                domain,
                ["sector_id"],
                ["__count", "assessed_count:sum", "launched_count:sum"],
            )
        ]
        conversion_total = {
            key: sum(line[key] for line in conversion)
            for key in ("count", "assessed", "launched")
        }
        stalled = self.env["provide.enquiry"].search(
            [("is_stalled", "=", True), *domain], order="last_touch_date, id", limit=10
        )
        return {
            "columns": columns,
            "rows": rows,
            "column_totals": column_totals,
            "conversion": conversion,
            "conversion_total": conversion_total,
            "stalled": stalled,
            "total": sum(cells.values()),
        }
