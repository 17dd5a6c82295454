import io
import re

from xlsxwriter.utility import xl_col_to_name

from odoo import api, models
from odoo.exceptions import AccessError
from odoo.tools import SQL, date_utils
from odoo.tools.misc import format_date, xlsxwriter

from ..models.provide_programme import INDICATORS

# The event kinds behind each indicator (provide.enquiry.event).
INDICATOR_KINDS = {
    "enquiries": "received",
    "assessments": "assessed",
    "studies": "study",
    "launches": "launched",
    "jobs": "launched",
    "members": "launched",
    "support_hours": "support",
}
# The cell and total styles of each figure of the detail sheets.
KEY_STYLES = {
    "count": ("number", "total"),
    "members": ("number", "total"),
    "jobs_kept": ("number", "total"),
    "jobs_created": ("number", "total"),
    "hours": ("decimal", "total_decimal"),
    "cost": ("money", "total_money"),
}
# The detail sheets of the spreadsheet: (kind, sheet title, figure columns as
# (title, key)); one row per enquiry, so every figure can be traced.
DETAIL_SHEETS = [
    ("received", "Enquiries received", [("Enquiries received", "count")]),
    ("assessed", "Assessments", [("Formal assessments done", "count")]),
    (
        "study",
        "Studies",
        [("Pre-feasibility studies delivered", "count"), ("Study cost", "cost")],
    ),
    (
        "launched",
        "Launches",
        [
            ("Co-ops launched", "count"),
            ("Jobs kept", "jobs_kept"),
            ("Jobs created", "jobs_created"),
            ("Members at launch", "members"),
        ],
    ),
    ("support", "Support", [("Support lines", "count"), ("Support hours", "hours")]),
]
# The indicators counted in hours: the others count whole things.
DECIMAL_INDICATORS = {"support_hours"}
# Co-ops listed in the PDF; the spreadsheet lists them all.
PDF_COOP_ROWS = 60
# Characters a spreadsheet (XML 1.0) cannot hold: pasted into a name from
# another document, they are left out.
XML_INVALID = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]")


def _added(*values):
    """A figure added up. Hours and costs have two decimals; added up as
    floats they may gain a trailing 0.0000000001."""
    total = sum(values)
    return round(total, 2) if isinstance(total, float) else total


class ReportProvideFunderReport(models.AbstractModel):
    """The figures of a funder report, for one programme and a period, and
    its two forms: the PDF (this is its QWeb report's model) and the
    spreadsheet. For co-op managers only.

    Every figure counts events (provide.enquiry.event) dated in the period
    and within the programme, of the enquiries the programme covers: an
    enquiry received before the period and launched in it counts as a
    launch of the period, not as an enquiry received. The spreadsheet has a
    row per enquiry behind each figure; the PDF's figures are their sums."""

    _name = "report.provide_coop.provide_funder_report_document"
    _description = "Funder report figures"

    @api.model
    def _check_manager(self):
        if not self.env.user.has_group("provide_coop.group_provide_manager"):
            raise AccessError(
                self.env._("Only co-op managers can print a funder report.")
            )

    @api.model
    def _get_report_values(self, docids, data=None):
        """The PDF of the periods chosen in `provide.funder.report`."""
        self._check_manager()
        docs = self.env["provide.funder.report"].browse(docids)
        figures = {}
        for report in docs:
            report._check_period()
            figures[report.id] = self._report_data(
                report.programme_id, report.date_from, report.date_to
            )
        return {
            "doc_ids": docids,
            "doc_model": "provide.funder.report",
            "docs": docs,
            "figures": figures,
            "period_words": self._period_words,
        }

    # ------------------------------------------------------------------
    # Figures
    # ------------------------------------------------------------------

    @api.model
    def _period_words(self, period):
        """A period as a funder reads it, whatever the user's date format:
        "1 April 2026 to 30 June 2026"."""
        start, end = (
            format_date(self.env, day, date_format="d MMMM y") for day in period
        )
        return self.env._("%(start)s to %(end)s", start=start, end=end)

    @api.model
    def _bounds(self, programme, date_from, date_to):
        """The period within the programme, and the programme to the
        period's end: ((from, to) or None, (from, to) or None)."""
        start = max(date_from, programme.date_start)
        end = min(date_to, programme.date_end)
        period = (start, end) if start <= end else None
        to_date_end = min(date_to, programme.date_end)
        to_date = (
            (programme.date_start, to_date_end)
            if programme.date_start <= to_date_end
            else None
        )
        return period, to_date

    @api.model
    def _event_domain(self, programme, bounds, kinds=None):
        domain = [
            *programme._event_domain(),
            ("date", ">=", bounds[0]),
            ("date", "<=", bounds[1]),
        ]
        kinds = kinds or sorted(set(INDICATOR_KINDS.values()))
        return [*domain, ("kind", "in", kinds)]

    @api.model
    def _totals(self, programme, bounds):
        """{kind: {count, hours, cost, jobs_kept, jobs_created, members}} of
        the programme's events between `bounds`: one grouped statement."""
        totals = {
            kind: dict.fromkeys(
                ("count", "hours", "cost", "jobs_kept", "jobs_created", "members"), 0
            )
            for kind in set(INDICATOR_KINDS.values())
        }
        if not bounds:
            return totals
        for kind, count, hours, cost, kept, created, members in self.env[
            "provide.enquiry.event"
        ]._read_group(
            self._event_domain(programme, bounds),
            ["kind"],
            [
                "__count",
                "hours:sum",
                "cost:sum",
                "jobs_kept:sum",
                "jobs_created:sum",
                "members:sum",
            ],
        ):
            totals[kind] = {
                "count": count,
                "hours": hours or 0.0,
                "cost": cost or 0.0,
                "jobs_kept": kept or 0,
                "jobs_created": created or 0,
                "members": members or 0,
            }
        return totals

    @api.model
    def _indicator_value(self, totals, indicator):
        kind = INDICATOR_KINDS[indicator]
        figures = totals[kind]
        if indicator == "jobs":
            return figures["jobs_kept"] + figures["jobs_created"]
        if indicator == "members":
            return figures["members"]
        if indicator == "support_hours":
            return figures["hours"]
        return figures["count"]

    @api.model
    def _targets(self, programme, bounds):
        """{indicator: (target for `bounds`, programme target)}: a target over
        a longer period counts pro rata of the days the report covers."""
        result = {indicator: [0.0, 0.0] for indicator, _label in INDICATORS}
        for target in programme.target_ids:
            result[target.indicator][1] += target.target
            if not bounds:
                continue
            start = max(bounds[0], target.date_from)
            end = min(bounds[1], target.date_to)
            if start > end:
                continue
            share = ((end - start).days + 1) / (
                (target.date_to - target.date_from).days + 1
            )
            result[target.indicator][0] += target.target * share
        return result

    @api.model
    def _report_data(self, programme, date_from, date_to, totals=None):
        """Everything the PDF shows for `programme` from `date_from` to
        `date_to`. The figures of the period are the sums of the
        spreadsheet's rows; the spreadsheet, having its rows, gives them as
        `totals` (`_detail_totals`)."""
        programme.ensure_one()
        # The events are a view over several tables: what is still in the
        # cache must be in them first.
        self.env.flush_all()
        period, to_date = self._bounds(programme, date_from, date_to)
        if totals is None:
            totals = self._totals(programme, period)
        totals_to_date = self._totals_to_date(programme, period, to_date, totals)
        outcomes = self._outcomes(programme, to_date)
        return {
            "period": period,
            "to_date": to_date,
            "clipped": period != (date_from, date_to),
            "indicators": self._indicator_lines(
                totals, totals_to_date, self._targets(programme, period)
            ),
            "totals": totals,
            "cost": self._cost(totals),
            "outcomes": {
                **outcomes["totals"],
                "rows": outcomes["rows"][:PDF_COOP_ROWS],
                "more": max(len(outcomes["rows"]) - PDF_COOP_ROWS, 0),
                # Every co-op, for the spreadsheet.
                "all_rows": outcomes["rows"],
            },
        }

    @api.model
    def _totals_to_date(self, programme, period, to_date, totals):
        """The totals of the programme from its start to the period's end,
        given `totals`, those of the period."""
        if not period:
            return self._totals(programme, to_date)
        # The programme to date is the period and what came before it (both
        # end on the same day): only the days before are read.
        before = (to_date[0], date_utils.subtract(period[0], days=1))
        earlier = self._totals(programme, before if before[0] <= before[1] else None)
        return {
            kind: {
                key: _added(value, earlier[kind][key]) for key, value in figures.items()
            }
            for kind, figures in totals.items()
        }

    @api.model
    def _indicator_lines(self, totals, totals_to_date, targets):
        """A line per indicator: its figure in the period and to date, next
        to its targets."""
        lines = []
        for indicator, label in (
            self.env["provide.programme.target"]
            ._fields["indicator"]
            ._description_selection(self.env)
        ):
            target, programme_target = targets[indicator]
            to_date_value = self._indicator_value(totals_to_date, indicator)
            lines.append(
                {
                    "key": indicator,
                    "name": label,
                    "value": self._indicator_value(totals, indicator),
                    "target": target,
                    "has_target": programme_target > 0,
                    "to_date": to_date_value,
                    "programme_target": programme_target,
                    "percent": 100.0 * to_date_value / programme_target
                    if programme_target
                    else None,
                }
            )
        return lines

    @api.model
    def _cost(self, totals):
        """What the period cost: the support hours at the hourly cost of the
        settings, plus the studies delivered, and per co-op launched."""
        rate = self.env["provide.service.delivery"]._hour_rate()
        hours = totals["support"]["hours"]
        study_cost = totals["study"]["cost"]
        launches = totals["launched"]["count"]
        support_cost = hours * rate
        total = support_cost + study_cost
        return {
            "hours": hours,
            "rate": rate,
            "support": support_cost,
            "studies": study_cost,
            "total": total,
            "launches": launches,
            "per_launch": total / launches if launches else None,
        }

    @api.model
    def _outcomes(self, programme, bounds):
        """The co-ops launched under the programme up to the report's end,
        each with its latest outcome check-in on or before that day (none:
        not checked in yet), and their totals. One statement."""
        lines = self._outcome_lines(programme, bounds) if bounds else []
        renewed = dict(
            self.env["provide.coop.checkin"]
            ._fields["contract_renewed"]
            ._description_selection(self.env)
        )
        rows = [self._outcome_row(line, renewed) for line in lines]
        return {"totals": self._outcome_totals(rows), "rows": rows}

    @api.model
    def _outcome_lines(self, programme, bounds):
        """The launches of the programme between `bounds`, in order of
        launch, each as (name, reference, launched on, latest check-in's
        date, still trading, members, jobs, turnover, contract renewed,
        service users); the check-in's figures are None when the co-op has
        not been checked in by the end of `bounds`."""
        Event = self.env["provide.enquiry.event"]
        query = Event._search(self._event_domain(programme, bounds, ["launched"]))
        events = SQL.identifier(query.table)
        query.add_join(
            "LEFT JOIN",
            "latest",
            SQL(
                """LATERAL (
                    SELECT ck.date, ck.still_trading, ck.member_count, ck.jobs,
                           ck.turnover, ck.contract_renewed, ck.service_users
                      FROM provide_coop_checkin ck
                     WHERE ck.coop_id = %s AND ck.date <= %s
                  ORDER BY ck.date DESC, ck.id DESC
                     LIMIT 1)""",
                SQL.identifier(query.table, "coop_id"),
                bounds[1],
            ),
            SQL("TRUE"),
        )
        query.add_join(
            "LEFT JOIN",
            "coop",
            SQL.identifier("provide_coop"),
            SQL("coop.id = %s", SQL.identifier(query.table, "coop_id")),
        )
        query.add_join(
            "JOIN",
            "enquiry",
            SQL.identifier("provide_enquiry"),
            SQL("enquiry.id = %s", SQL.identifier(query.table, "enquiry_id")),
        )
        query.order = SQL("%s.date, %s.id", events, events)
        self.env.cr.execute(
            query.select(
                SQL(
                    """COALESCE(coop.name, CASE WHEN enquiry.is_confidential
                                                THEN %s ELSE enquiry.name END),
                       enquiry.reference,
                       %s.date, latest.date, latest.still_trading,
                       latest.member_count, latest.jobs, latest.turnover,
                       latest.contract_renewed, latest.service_users""",
                    # A co-op trades under its own name; an enquiry launched
                    # without one is counted, not named, if confidential.
                    self.env._("Confidential enquiry"),
                    events,
                )
            )
        )
        return self.env.cr.fetchall()

    @api.model
    def _outcome_row(self, line, renewed):
        """A co-op's line of the outcomes from its line of `_outcome_lines`;
        `renewed` names the answers to "contract renewed"."""
        (
            name,
            reference,
            launched,
            checked,
            trading,
            members,
            jobs,
            turnover,
            contract,
            users,
        ) = line
        if checked is None:
            status = "not_checked"
        else:
            status = "trading" if trading else "ceased"
        return {
            "name": name,
            "reference": reference or "",
            "launched": launched,
            "checked": checked,
            "status": status,
            "members": members or 0,
            "jobs": jobs or 0,
            "turnover": turnover or 0.0,
            "contract": renewed.get(contract, ""),
            "service_users": users or 0,
        }

    @api.model
    def _outcome_totals(self, rows):
        """The co-ops of `rows` counted by status, their figures added up."""
        totals = {
            "coops": len(rows),
            "trading": 0,
            "ceased": 0,
            "not_checked": 0,
            "members": sum(row["members"] for row in rows),
            "jobs": sum(row["jobs"] for row in rows),
            "turnover": _added(0.0, *(row["turnover"] for row in rows)),
            "service_users": sum(row["service_users"] for row in rows),
        }
        for row in rows:
            totals[row["status"]] += 1
        return totals

    @api.model
    def _detail_rows(self, programme, bounds):
        """The enquiries behind each figure of `bounds`: {"names": {enquiry
        id: (reference, name, sector, local authority, adviser, co-op)},
        "rows": {kind: [(enquiry id, *figures), ...]}}, a row per enquiry in
        order of enquiry, its figures those of the kind's sheet
        (DETAIL_SHEETS). The adviser is the enquiry's.

        A statement per kind, whatever the size: its events grouped per
        enquiry, with only the figures its sheet shows; then one statement
        for the names of the enquiries behind them, each read once however
        many figures it is behind (a year at 100,000 enquiries has 150,000
        rows but 65,000 enquiries: reading their names with every row took
        longer than all the figures)."""
        rows = {kind: [] for kind, _title, _columns in DETAIL_SHEETS}
        if not bounds:
            return {"names": {}, "rows": rows}
        self.env.flush_all()
        Event = self.env["provide.enquiry.event"]
        for kind, _title, columns in DETAIL_SHEETS:
            query = Event._search(self._event_domain(programme, bounds, [kind]))
            query.groupby = SQL("enquiry_id")
            query.order = SQL("enquiry_id")
            self.env.cr.execute(
                query.select(
                    SQL(
                        "enquiry_id, %s",
                        SQL(", ").join(
                            SQL("COUNT(*)")
                            if key == "count"
                            else SQL("COALESCE(SUM(%s), 0)", SQL.identifier(key))
                            for _column, key in columns
                        ),
                    )
                )
            )
            rows[kind] = self.env.cr.fetchall()
        ids = sorted({line[0] for lines in rows.values() for line in lines})
        names = {}
        if ids:
            self.env.cr.execute(
                SQL(
                    """SELECT e.id, COALESCE(e.reference, ''),
                              -- A confidential enquiry is counted, not named.
                              CASE WHEN e.is_confidential THEN %s
                                   ELSE e.name END,
                              COALESCE(s.name->>%s, s.name->>'en_US', ''),
                              COALESCE(la.name, ''), COALESCE(ap.name, ''),
                              COALESCE(c.name, '')
                         FROM provide_enquiry e
                    LEFT JOIN provide_sector s ON s.id = e.sector_id
                    LEFT JOIN res_partner la ON la.id = e.local_authority_id
                    LEFT JOIN res_users u ON u.id = e.user_id
                    LEFT JOIN res_partner ap ON ap.id = u.partner_id
                    LEFT JOIN provide_coop c ON c.id = e.coop_id
                        WHERE e.id = ANY(string_to_array(%s, ',')::int[])""",
                    self.env._("Confidential enquiry"),
                    self.env.lang or "en_US",
                    # As one string: psycopg2 quotes a list item by item,
                    # which takes longer than the statement.
                    ",".join(map(str, ids)),
                )
            )
            names = {row[0]: row[1:] for row in self.env.cr.fetchall()}
        return {"names": names, "rows": rows}

    @api.model
    def _detail_totals(self, details):
        """The figures of `_totals` added up from the rows of `_detail_rows`:
        what the spreadsheet's summary shows is the sum of its rows."""
        totals = self._totals(None, None)
        for kind, _title, columns in DETAIL_SHEETS:
            for offset, (_column, key) in enumerate(columns, start=1):
                totals[kind][key] = _added(
                    *(line[offset] for line in details["rows"][kind])
                )
        return totals

    # ------------------------------------------------------------------
    # Spreadsheet
    # ------------------------------------------------------------------

    @api.model
    def _xlsx(self, programme, date_from, date_to):
        """The spreadsheet: a summary sheet with the PDF's figures, then one
        sheet per figure with a row per enquiry behind it (and their total),
        and the co-ops' latest outcomes. Written row by row (xlsxwriter's
        constant memory mode), formats set per column."""
        self._check_manager()
        details = self._detail_rows(
            programme, self._bounds(programme, date_from, date_to)[0]
        )
        data = self._report_data(
            programme, date_from, date_to, self._detail_totals(details)
        )
        output = io.BytesIO()
        book = xlsxwriter.Workbook(
            output,
            {
                "constant_memory": True,
                "default_date_format": "dd/mm/yyyy",
                # Names are text, never links, numbers or formulas.
                "strings_to_urls": False,
                "strings_to_numbers": False,
                "strings_to_formulas": False,
            },
        )
        symbol = (programme.company_id.currency_id.symbol or "").replace('"', "")
        money = f'"{symbol}"#,##0.00' if symbol else "#,##0.00"
        styles = {
            "bold": book.add_format({"bold": True}),
            "title": book.add_format({"bold": True, "font_size": 14}),
            "day": book.add_format({"num_format": "dd/mm/yyyy"}),
            # "#,##0.##" shows a whole 27 as "27." in Excel and LibreOffice:
            # counts are whole, hours have two decimals, costs their symbol.
            "money": book.add_format({"num_format": money}),
            "number": book.add_format({"num_format": "#,##0"}),
            "decimal": book.add_format({"num_format": "#,##0.00"}),
            "total": book.add_format({"bold": True, "num_format": "#,##0"}),
            "total_decimal": book.add_format({"bold": True, "num_format": "#,##0.00"}),
            "total_money": book.add_format({"bold": True, "num_format": money}),
            "percent": book.add_format({"num_format": "0%"}),
        }
        self._xlsx_summary(book, programme, data, styles)
        # Each enquiry's texts are cleaned once, whatever its number of rows.
        names = {
            enquiry: tuple(XML_INVALID.sub("", text) for text in texts)
            for enquiry, texts in details["names"].items()
        }
        for kind, title, columns in DETAIL_SHEETS:
            self._xlsx_details(
                book.add_worksheet(self.env._(title)),
                details["rows"][kind],
                names,
                data["totals"][kind],
                # The co-op only where it is the figure's.
                kind == "launched",
                columns,
                styles,
            )
        self._xlsx_outcomes(book, data["outcomes"]["all_rows"], styles)
        book.close()
        return output.getvalue()

    def _xlsx_details(self, sheet, lines, names, figures, with_coop, columns, styles):
        """A sheet of one row per enquiry behind a figure, and its total
        (`figures`, the kind's totals: the sums of `lines`)."""
        headers = [
            self.env._("Reference"),
            self.env._("Enquiry"),
            self.env._("Sector"),
            self.env._("Local authority"),
            self.env._("Adviser"),
        ]
        if with_coop:
            headers.append(self.env._("Co-op"))
        first = len(headers)
        sheet.set_column(0, 0, 14)
        sheet.set_column(1, 1, 40)
        sheet.set_column(2, first - 1, 30)
        for offset, (_column, key) in enumerate(columns):
            sheet.set_column(
                first + offset, first + offset, 18, styles[KEY_STYLES[key][0]]
            )
        sheet.write_row(
            0,
            0,
            [
                *headers,
                *(self.env._(column) for column, _key in columns),
            ],
            styles["bold"],
        )
        for row, (enquiry, *values) in enumerate(lines, start=1):
            sheet.write_row(row, 0, (*names[enquiry][:first], *values))
        last = len(lines) + 1
        sheet.write(last, 0, self.env._("Total"), styles["bold"])
        for offset, (_column, key) in enumerate(columns):
            column = xl_col_to_name(first + offset)
            sheet.write_formula(
                last,
                first + offset,
                f"=SUM({column}2:{column}{last})" if lines else "=0",
                styles[KEY_STYLES[key][1]],
                figures[key],
            )

    def _xlsx_summary(self, book, programme, data, styles):
        """The summary sheet: what the report is of, the indicators against
        their targets and what it cost, as the PDF has them."""
        sheet = book.add_worksheet(self.env._("Summary"))
        sheet.set_column(0, 0, 44)
        sheet.set_column(1, 5, 24)
        sheet.write(0, 0, self.env._("Funder report"), styles["title"])
        row = self._xlsx_facts(sheet, 2, programme, data["period"], styles)
        row = self._xlsx_indicators(sheet, row + 1, data["indicators"], styles)
        self._xlsx_cost(sheet, row + 2, data["cost"], styles)

    def _xlsx_facts(self, sheet, row, programme, period, styles):
        """The programme, its funder, the agency and the period from `row`
        on; returns the row after them."""
        facts = [
            (self.env._("Programme"), programme.name),
            (self.env._("Funder"), programme.funder_id.name),
            (self.env._("Organisation"), programme.company_id.name),
            (
                self.env._("Period"),
                self._period_words(period)
                if period
                else self.env._("Outside the programme"),
            ),
        ]
        for label, value in facts:
            sheet.write(row, 0, label, styles["bold"])
            sheet.write(row, 1, value)
            row += 1
        return row

    def _xlsx_indicators(self, sheet, row, indicators, styles):
        """The indicators against their targets, their header at `row`;
        returns the last row written. Whole things (enquiries, launches,
        jobs, members) and their targets read as whole numbers, a target
        pro rata too; hours with their decimals."""
        sheet.write_row(
            row,
            0,
            [
                self.env._("Indicator"),
                self.env._("In the period"),
                self.env._("Target for the period"),
                self.env._("Programme to date"),
                self.env._("Programme target"),
                self.env._("Achieved"),
            ],
            styles["bold"],
        )
        for indicator in indicators:
            row += 1
            style = styles[
                "decimal" if indicator["key"] in DECIMAL_INDICATORS else "number"
            ]
            sheet.write(row, 0, indicator["name"])
            sheet.write_number(row, 1, indicator["value"], style)
            sheet.write_number(row, 3, indicator["to_date"], style)
            if indicator["has_target"]:
                sheet.write_number(row, 2, indicator["target"], style)
                sheet.write_number(row, 4, indicator["programme_target"], style)
                # The programme to date against the programme's target, as
                # the PDF has it.
                sheet.write_number(
                    row, 5, indicator["percent"] / 100, styles["percent"]
                )
        return row

    def _xlsx_cost(self, sheet, row, cost, styles):
        """What it cost, from `row` on."""
        bold, money = styles["bold"], styles["money"]
        for label, value, style in (
            (self.env._("Support hours"), cost["hours"], styles["decimal"]),
            (self.env._("Cost of an hour of support"), cost["rate"], money),
            (self.env._("Cost of support"), cost["support"], money),
            (self.env._("Cost of studies delivered"), cost["studies"], money),
            (self.env._("Total cost"), cost["total"], money),
            (self.env._("Co-ops launched"), cost["launches"], styles["number"]),
        ):
            sheet.write(row, 0, label, bold)
            sheet.write_number(row, 1, value, style)
            row += 1
        sheet.write(row, 0, self.env._("Cost per launch"), bold)
        if cost["per_launch"] is not None:
            sheet.write_number(row, 1, cost["per_launch"], money)
        else:
            sheet.write(row, 1, self.env._("No launch in the period"))

    def _xlsx_outcomes(self, book, rows, styles):
        """The co-ops' latest outcomes, every co-op (the PDF lists the first
        PDF_COOP_ROWS)."""
        sheet = book.add_worksheet(self.env._("Outcomes"))
        statuses = dict(
            self.env["provide.coop"]
            ._fields["trading_status"]
            ._description_selection(self.env)
        )
        sheet.set_column(0, 0, 36)
        sheet.set_column(1, 1, 16)
        sheet.set_column(2, 3, 14, styles["day"])
        sheet.set_column(4, 6, 16)
        sheet.set_column(7, 7, 16, styles["money"])
        sheet.set_column(8, 9, 16)
        sheet.write_row(
            0,
            0,
            [
                self.env._("Co-op"),
                self.env._("Reference"),
                self.env._("Launched on"),
                self.env._("Latest check-in"),
                self.env._("Status"),
                self.env._("Members"),
                self.env._("Jobs"),
                self.env._("Annual turnover"),
                self.env._("Contract renewed"),
                self.env._("Service users"),
            ],
            styles["bold"],
        )
        for row, line in enumerate(rows, start=1):
            sheet.write_row(
                row,
                0,
                (
                    XML_INVALID.sub("", line["name"]),
                    line["reference"],
                    line["launched"],
                    line["checked"],
                    statuses[line["status"]],
                    line["members"],
                    line["jobs"],
                    line["turnover"],
                    line["contract"],
                    line["service_users"],
                ),
            )
