from datetime import datetime, time

from odoo import fields, models
from odoo.exceptions import UserError
from odoo.tools import date_utils


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

    def _last_month(self):
        # The last full month: managers report on the month just ended.
        today = fields.Date.context_today(self)
        return date_utils.get_month(date_utils.subtract(today, months=1))

    def _default_date_from(self):
        return self._last_month()[0]

    def _default_date_to(self):
        return self._last_month()[1]

    def action_print(self):
        self.ensure_one()
        if self.date_from > self.date_to:
            raise UserError(
                self.env._("The summary period must end on or after its start.")
            )
        action = self.env.ref(
            "provide_coop.provide_pipeline_summary_report"
        ).report_action(self)
        # The dialog has done its work once the PDF is downloaded.
        action["close_on_report_download"] = True
        return action

    def _summary_data(self):
        """What happened in the period, counted by the day it happened
        (provide.enquiry.event), whenever the enquiries came in: enquiries
        received, formal assessments done, pre-feasibility studies
        delivered, co-ops launched, enquiries closed; the enquiries that
        entered each stage, by sector (with a "No sector" column when some
        have none); received, assessed and launched per sector with a totals
        line; and the ten open enquiries, received by the end of the period,
        stalled longest."""
        self.ensure_one()
        # The events are a view over several tables: flush the cache first.
        self.env.flush_all()
        period = [("date", ">=", self.date_from), ("date", "<=", self.date_to)]
        events = dict(
            self.env["provide.enquiry.event"]._read_group(period, ["kind"], ["__count"])
        )
        return {
            "events": {
                kind: events.get(kind, 0)
                for kind in ("received", "assessed", "study", "launched", "closed")
            },
            **self._summary_stage_entries(period),
            **self._summary_conversion(period),
            "stalled": self._summary_stalled(),
            "total": events.get("received", 0),
            "any_event": bool(events),
        }

    def _summary_stage_entries(self, period):
        """The enquiries that entered each stage in the `period`, by sector:
        a line per stage, a column per sector, their totals. Keys are ids;
        False is the "No sector" column (or "No stage" line), shown last and
        only when such enquiries exist."""
        cells = {}
        stages, sectors = (
            self.env["provide.assessment.stage"],
            self.env["provide.sector"],
        )
        for stage, sector, count in self.env["provide.enquiry.event"]._read_group(
            [*period, ("kind", "=", "stage")],
            ["stage_id", "sector_id"],
            ["enquiry_id:count_distinct"],
        ):
            cells[stage.id, sector.id] = count
            stages |= stage
            sectors |= sector
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
        return {
            "columns": columns,
            "rows": rows,
            "column_totals": [
                sum(cells.get((stage_id, key), 0) for stage_id, _name in lines)
                for key, _name in columns
            ],
            "entries_total": sum(cells.values()),
        }

    def _summary_conversion(self, period):
        """Per sector, the enquiries received, assessed and launched in the
        `period`, and a totals line."""
        by_sector = {}
        for sector, kind, count in self.env["provide.enquiry.event"]._read_group(
            [*period, ("kind", "in", ["received", "assessed", "launched"])],
            ["sector_id", "kind"],
            ["enquiry_id:count_distinct"],
        ):
            by_sector.setdefault(sector, {})[kind] = count
        conversion = [
            {
                "name": sector.name or self.env._("No sector"),
                "count": counts.get("received", 0),
                "assessed": counts.get("assessed", 0),
                "launched": counts.get("launched", 0),
            }
            for sector, counts in sorted(
                by_sector.items(),
                key=lambda item: (not item[0], item[0].sequence, item[0].name or ""),
            )
        ]
        return {
            "conversion": conversion,
            "conversion_total": {
                key: sum(line[key] for line in conversion)
                for key in ("count", "assessed", "launched")
            },
        }

    def _summary_stalled(self):
        """The ten open enquiries, received by the end of the period, stalled
        longest."""
        return self.env["provide.enquiry"].search(
            [
                ("is_stalled", "=", True),
                ("date_received", "<=", datetime.combine(self.date_to, time.max)),
            ],
            order="last_touch_date, id",
            limit=10,
        )
