import base64
import io
import re
import zipfile
from concurrent.futures import ThreadPoolExecutor
from datetime import date
from xml.sax.saxutils import escape as xml_escape

import xlsxwriter
from dateutil.relativedelta import relativedelta
from xlsxwriter.utility import xl_cell_to_rowcol, xl_col_to_name, xl_rowcol_to_cell

from odoo import api, fields, models
from odoo.exceptions import UserError
from odoo.tools import SQL

from ..models.provide_programme import INDICATORS

QUARTERS = [
    ("1", "Q1: January to March"),
    ("2", "Q2: April to June"),
    ("3", "Q3: July to September"),
    ("4", "Q4: October to December"),
]
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
# The names of an enquiry in `_detail_rows`, in the detail sheets' order
# (the co-op, last, only on the launches' sheet).
DETAIL_TEXTS = ("reference", "name", "sector", "local_authority", "coop")
# Co-ops listed in the PDF; the spreadsheet lists them all.
PDF_COOP_ROWS = 60


# Day 0 of Excel's dates (as Excel counts from 1900, 1900-02-29 included).
EXCEL_EPOCH = date(1899, 12, 30)
# Where the figures' style index goes in rows written before the workbook
# gives its formats their indexes: a character XML cannot hold.
XLSX_STYLE_MARK = "\x01"
# Characters XML 1.0 cannot hold.
XML_INVALID = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]")


# What a text needs changed to go into XML: markup, and what XML cannot hold.
XML_UNSAFE = re.compile("[&<>\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]")


def _added(*values):
    """A figure added up. Hours and costs have two decimals; added up as
    floats they may gain a trailing 0.0000000001."""
    total = sum(values)
    return round(total, 2) if isinstance(total, float) else total


def _xlsx_text(value):
    if not XML_UNSAFE.search(value):
        return value
    return xml_escape(XML_INVALID.sub("", value))


def _xlsx_rows(lines, cells):
    """The XML of the rows of a sheet, from its second row, and the last
    row and column they reach. `cells` says what each column holds: (kind,
    index in the line, style index), kind "text" (an inline string),
    "number" or "date" (a day, as Excel counts them); empty values leave the
    cell out."""
    columns = [
        (xl_col_to_name(col), kind, at, "" if style is None else f' s="{style}"')
        for col, (kind, at, style) in enumerate(cells)
    ]
    parts = []
    append = parts.append
    for row, line in enumerate(lines, start=2):
        append(f'<row r="{row}">')
        for column, kind, at, style in columns:
            value = line[at]
            if value is None or value == "":
                continue
            if kind == "text":
                append(_xlsx_text_cell(column, value, style).replace("\0", str(row)))
            else:
                if kind == "date":
                    value = (value - EXCEL_EPOCH).days
                append(f'<c r="{column}{row}"{style}><v>{value}</v></c>')
        append("</row>")
    return "".join(parts), len(lines) + 1, len(cells) - 1


def _xlsx_text_cell(column, value, style=""):
    """The XML of an inline text cell in `column` (`style`: its ` s="..."`
    attribute, if any), a NUL where its row's number goes; nothing for an
    empty value."""
    if not value:
        return ""
    # Spaces at either end are the text's only if kept.
    keep = ' xml:space="preserve"' if value != value.strip() else ""
    return (
        f'<c r="{column}\0"{style} t="inlineStr"><is><t{keep}>{_xlsx_text(value)}'
        "</t></is></c>"
    )


def _xlsx_detail_rows(lines, prefixes, first, style):
    """The XML of the rows of a detail sheet (`_xlsx_rows` for the rows of
    `_detail_rows`): for each line (enquiry id, *figures), the enquiry's
    name cells (`prefixes`, the row's start with a NUL where its number
    goes, which XML cannot hold), then its figures from column `first`, in
    style `style`. A row is then one format and one replace."""
    figures = len(lines[0]) - 1 if lines else 0
    numbers = (
        "".join(
            f'<c r="{xl_col_to_name(first + offset)}\0" s="{style}"><v>%s</v></c>'
            for offset in range(figures)
        )
        + "</row>"
    )
    xml = "".join(
        [
            (prefixes[line[0]] + numbers % line[1:]).replace("\0", str(row))
            for row, line in enumerate(lines, start=2)
        ]
    )
    return xml, len(lines) + 1, first + figures - 1


def _xlsx_detail_sheets(details):
    """{kind: the XML of the rows of its sheet (`_xlsx_detail_rows`)}, the
    figures' style left as XLSX_STYLE_MARK. Python only, no database and no
    environment: `_xlsx` writes them while the database works.

    Each enquiry's name cells are written once, whatever the number of
    sheets it is on; a sector's, an area's or a co-op's once in all."""
    names = details["names"]
    letters = [xl_col_to_name(col) for col in range(len(DETAIL_TEXTS))]
    shared = {}

    def cell(col, value):
        piece = shared.get((col, value))
        if piece is None:
            piece = shared[col, value] = _xlsx_text_cell(letters[col], value)
        return piece

    prefixes = {
        enquiry: '<row r="\0">'
        + _xlsx_text_cell("A", reference)
        + _xlsx_text_cell("B", name)
        + cell(2, sector)
        + cell(3, area)
        for enquiry, (reference, name, sector, area, _coop) in names.items()
    }
    sheets = {}
    for kind, _title, _columns in DETAIL_SHEETS:
        lines = details["rows"][kind]
        first = len(DETAIL_TEXTS) - 1
        kind_prefixes = prefixes
        if kind == "launched":
            # The co-op only where it is the figure's.
            first += 1
            kind_prefixes = {
                line[0]: prefixes[line[0]] + cell(4, names[line[0]][4])
                for line in lines
            }
        sheets[kind] = _xlsx_detail_rows(lines, kind_prefixes, first, XLSX_STYLE_MARK)
    return sheets


def _xlsx_insert_rows(content, rows):
    """The workbook `content` with, in each sheet numbered in `rows`, the
    rows' XML put after its header row: rows is {sheet number: (the XML,
    the last row and the last column it reaches)}."""
    source = zipfile.ZipFile(io.BytesIO(content))
    output = io.BytesIO()
    # A light compression: the sheets are big and compress well anyway.
    with zipfile.ZipFile(output, "w", zipfile.ZIP_DEFLATED, compresslevel=1) as target:
        for item in source.infolist():
            data = source.read(item)
            sheet = re.fullmatch(r"xl/worksheets/sheet(\d+)\.xml", item.filename)
            if sheet and int(sheet.group(1)) in rows:
                xml, last_row, last_col = rows[int(sheet.group(1))]
                text = data.decode()
                header_end = text.index("</row>") + len("</row>")
                head, tail = text[:header_end], text[header_end:]
                # The sheet's extent, as xlsxwriter gave it, and the rows'.
                extent = re.search(r'<dimension ref="A1:([A-Z]+)(\d+)"/>', head)
                if extent:
                    reach = xl_rowcol_to_cell(
                        max(int(extent.group(2)) - 1, last_row - 1),
                        max(xl_cell_to_rowcol(extent.group(1) + "1")[1], last_col),
                    )
                    head = (
                        head[: extent.start()]
                        + f'<dimension ref="A1:{reach}"/>'
                        + head[extent.end() :]
                    )
                # Streamed in: the rows are the bulk of the file.
                with target.open(item.filename, "w") as sheet_file:
                    sheet_file.write(head.encode())
                    sheet_file.write(xml.encode())
                    sheet_file.write(tail.encode())
                continue
            target.writestr(item, data, zipfile.ZIP_DEFLATED, 1)
    return output.getvalue()


class ProvideFunderReport(models.TransientModel):
    """The report a funder reads: for one programme and a period (a quarter,
    a year or any dates), what happened in the period against the
    programme's targets, what it cost, and how the co-ops launched under the
    programme are doing by their latest outcome check-in. A PDF for the
    funder and a spreadsheet with one row per enquiry behind each figure.

    Every figure counts events (provide.enquiry.event) dated in the period
    and within the programme, of the enquiries the programme covers: an
    enquiry received before the period and launched in it counts as a
    launch of the period, not as an enquiry received."""

    _name = "provide.funder.report"
    _description = "Funder report"

    programme_id = fields.Many2one("provide.programme", required=True)
    company_id = fields.Many2one(related="programme_id.company_id")
    currency_id = fields.Many2one(related="programme_id.currency_id")
    period = fields.Selection(
        [("quarter", "A quarter"), ("year", "A year"), ("custom", "Any dates")],
        default="quarter",
        required=True,
    )
    year = fields.Integer(default=lambda self: self._default_quarter()[0])
    quarter = fields.Selection(
        QUARTERS, default=lambda self: self._default_quarter()[1]
    )
    date_from = fields.Date(
        string="From",
        compute="_compute_dates",
        store=True,
        readonly=False,
        required=True,
        precompute=True,
    )
    date_to = fields.Date(
        string="To",
        compute="_compute_dates",
        store=True,
        readonly=False,
        required=True,
        precompute=True,
    )
    xlsx_file = fields.Binary(string="Spreadsheet", readonly=True, attachment=False)
    xlsx_name = fields.Char(readonly=True)

    def _default_quarter(self):
        """The last full quarter: (year, quarter)."""
        today = fields.Date.context_today(self)
        last = today.replace(day=1) - relativedelta(months=(today.month - 1) % 3 + 1)
        return last.year, str((last.month - 1) // 3 + 1)

    @api.depends("period", "year", "quarter")
    def _compute_dates(self):
        for report in self:
            year = report.year or fields.Date.context_today(report).year
            if report.period == "quarter" and report.quarter:
                start = date(year, 3 * int(report.quarter) - 2, 1)
                report.date_from = start
                report.date_to = start + relativedelta(months=3, days=-1)
            elif report.period == "year":
                report.date_from = date(year, 1, 1)
                report.date_to = date(year, 12, 31)
            elif not (report.date_from and report.date_to):
                programme = report.programme_id
                report.date_from = programme.date_start or date(year, 1, 1)
                report.date_to = programme.date_end or date(year, 12, 31)

    def _check_period(self):
        self.ensure_one()
        if self.date_from > self.date_to:
            raise UserError(
                self.env._("The report period must end on or after its start.")
            )

    # ------------------------------------------------------------------
    # Actions
    # ------------------------------------------------------------------

    def action_print(self):
        self._check_period()
        return self.env.ref("provide_coop.provide_funder_report_pdf").report_action(
            self
        )

    def action_xlsx(self):
        self._check_period()
        self.write(
            {
                "xlsx_file": base64.b64encode(self._xlsx()),
                "xlsx_name": self._file_name() + ".xlsx",
            }
        )
        return {
            "type": "ir.actions.act_url",
            "url": f"/web/content/{self._name}/{self.id}/xlsx_file/"
            f"{self.xlsx_name}?download=true",
            "target": "self",
        }

    def _file_name(self):
        return self.env._(
            "Funder report %(programme)s %(start)s to %(end)s",
            programme=self.programme_id.name,
            start=fields.Date.to_string(self.date_from),
            end=fields.Date.to_string(self.date_to),
        ).replace("/", "-")

    # ------------------------------------------------------------------
    # Figures
    # ------------------------------------------------------------------

    def _bounds(self):
        """The report period within the programme, and the programme to
        the report's end: ((from, to) or None, (from, to) or None)."""
        programme = self.programme_id
        start = max(self.date_from, programme.date_start)
        end = min(self.date_to, programme.date_end)
        period = (start, end) if start <= end else None
        to_date_end = min(self.date_to, programme.date_end)
        to_date = (
            (programme.date_start, to_date_end)
            if programme.date_start <= to_date_end
            else None
        )
        return period, to_date

    def _event_domain(self, bounds, kinds=None):
        domain = [
            *self.programme_id._event_domain(),
            ("date", ">=", bounds[0]),
            ("date", "<=", bounds[1]),
        ]
        kinds = kinds or sorted(set(INDICATOR_KINDS.values()))
        return [*domain, ("kind", "in", kinds)]

    def _totals(self, bounds):
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
            self._event_domain(bounds),
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

    def _targets(self, bounds):
        """{indicator: (target for `bounds`, programme target)}: a target over
        a longer period counts pro rata of the days the report covers."""
        result = {indicator: [0.0, 0.0] for indicator, _label in INDICATORS}
        for target in self.programme_id.target_ids:
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

    def _report_data(self, totals=None):
        """Everything the PDF shows. The figures of the period are the sums
        of the spreadsheet's rows; the spreadsheet, having its rows, gives
        them as `totals` (`_detail_totals`)."""
        self.ensure_one()
        self._check_period()
        # The events are a view over several tables: what is still in the
        # cache must be in them first.
        self.env.flush_all()
        period, to_date = self._bounds()
        if totals is None:
            totals = self._totals(period)
        if period:
            # The programme to date is the period and what came before it
            # (both end on the same day): only the days before are read.
            before = (to_date[0], period[0] - relativedelta(days=1))
            earlier = self._totals(before if before[0] <= before[1] else None)
            totals_to_date = {
                kind: {
                    key: _added(value, earlier[kind][key])
                    for key, value in figures.items()
                }
                for kind, figures in totals.items()
            }
        else:
            totals_to_date = self._totals(to_date)
        targets = self._targets(period)
        indicators = []
        for indicator, label in (
            self.env["provide.programme.target"]
            ._fields["indicator"]
            ._description_selection(self.env)
        ):
            target, programme_target = targets[indicator]
            value = self._indicator_value(totals, indicator)
            to_date_value = self._indicator_value(totals_to_date, indicator)
            indicators.append(
                {
                    "key": indicator,
                    "name": label,
                    "value": value,
                    "target": target,
                    "has_target": programme_target > 0,
                    "to_date": to_date_value,
                    "programme_target": programme_target,
                    "percent": 100.0 * to_date_value / programme_target
                    if programme_target
                    else None,
                }
            )
        rate = self.env["provide.service.delivery"]._hour_rate()
        hours = totals["support"]["hours"]
        study_cost = totals["study"]["cost"]
        launches = totals["launched"]["count"]
        support_cost = hours * rate
        outcomes = self._outcomes(to_date)
        return {
            "period": period,
            "to_date": to_date,
            "clipped": period != (self.date_from, self.date_to),
            "indicators": indicators,
            "totals": totals,
            "cost": {
                "hours": hours,
                "rate": rate,
                "support": support_cost,
                "studies": study_cost,
                "total": support_cost + study_cost,
                "launches": launches,
                "per_launch": (support_cost + study_cost) / launches
                if launches
                else None,
            },
            "outcomes": {
                **outcomes["totals"],
                "rows": outcomes["rows"][:PDF_COOP_ROWS],
                "more": max(len(outcomes["rows"]) - PDF_COOP_ROWS, 0),
                # Every co-op, for the spreadsheet.
                "all_rows": outcomes["rows"],
            },
        }

    def _outcomes(self, bounds):
        """The co-ops launched under the programme up to the report's end,
        each with its latest outcome check-in on or before that day (none:
        not checked in yet). One statement."""
        empty = {
            "totals": {
                "coops": 0,
                "trading": 0,
                "ceased": 0,
                "not_checked": 0,
                "members": 0,
                "jobs": 0,
                "turnover": 0.0,
                "service_users": 0,
            },
            "rows": [],
        }
        if not bounds:
            return empty
        Event = self.env["provide.enquiry.event"]
        query = Event._search(self._event_domain(bounds, ["launched"]))
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
        fetched = self.env.cr.fetchall()
        renewed = dict(
            self.env["provide.coop.checkin"]
            ._fields["contract_renewed"]
            ._description_selection(self.env)
        )
        totals = dict(empty["totals"])
        rows = []
        for (
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
        ) in fetched:
            status = (
                "not_checked" if checked is None else "trading" if trading else "ceased"
            )
            totals["coops"] += 1
            totals[status] += 1
            totals["members"] += members or 0
            totals["jobs"] += jobs or 0
            totals["turnover"] += turnover or 0.0
            totals["service_users"] += users or 0
            rows.append(
                {
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
            )
        return {"totals": totals, "rows": rows}

    def _detail_rows(self, bounds):
        """The enquiries behind each figure of `bounds`: {"names": {enquiry
        id: its DETAIL_TEXTS (reference, name, sector, local authority,
        co-op)}, "rows": {kind: [(enquiry id, *figures), ...]}}, a row per
        enquiry in order of enquiry, its figures those of the kind's sheet
        (DETAIL_SHEETS).

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
            query = Event._search(self._event_domain(bounds, [kind]))
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
                              COALESCE(la.name, ''), COALESCE(c.name, '')
                         FROM provide_enquiry e
                    LEFT JOIN provide_sector s ON s.id = e.sector_id
                    LEFT JOIN res_partner la ON la.id = e.local_authority_id
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
        totals = self._totals(None)
        for kind, _title, columns in DETAIL_SHEETS:
            for offset, (_column, key) in enumerate(columns, start=1):
                totals[kind][key] = _added(
                    *(line[offset] for line in details["rows"][kind])
                )
        return totals

    # ------------------------------------------------------------------
    # Spreadsheet
    # ------------------------------------------------------------------

    def _xlsx(self):
        """The spreadsheet: a summary sheet with the PDF's figures, then one
        sheet per figure with a row per enquiry behind it (and their total),
        and the co-ops' latest outcomes. xlsxwriter writes the workbook
        (constant memory mode, formats set per column); the rows behind the
        figures go in as sheet XML afterwards (`_xlsx_detail_sheets`,
        `_xlsx_insert_rows`)."""
        self.ensure_one()
        details = self._detail_rows(self._bounds()[0])
        # Writing the rows is Python only, the rest of the report (the
        # programme to date, the co-ops' outcomes) mostly the database's
        # work, and psycopg2 lets go of the interpreter while it waits: the
        # rows are written meanwhile, on a second thread.
        with ThreadPoolExecutor(max_workers=1) as pool:
            written = pool.submit(_xlsx_detail_sheets, details)
            data = self._report_data(self._detail_totals(details))
            book = self._xlsx_book(data, details)
            rows = book["rows"]
            for kind, (xml, last_row, last_col) in written.result().items():
                rows[book["sheets"][kind]] = (
                    xml.replace(XLSX_STYLE_MARK, book["style"]),
                    last_row,
                    last_col,
                )
        return _xlsx_insert_rows(book["content"], rows)

    def _xlsx_book(self, data, details):
        """The workbook as xlsxwriter writes it, the rows behind the figures
        left out: {"content": its bytes, "sheets": {kind: the number of its
        detail sheet}, "rows": the outcomes' rows, as `_xlsx_insert_rows`
        takes them, "style": the index of the figures' style, for the
        detail sheets' rows (`_xlsx_detail_sheets`)}."""
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
        bold = book.add_format({"bold": True})
        title = book.add_format({"bold": True, "font_size": 14})
        day = book.add_format({"num_format": "dd/mm/yyyy"})
        money = book.add_format({"num_format": "#,##0.00"})
        number = book.add_format({"num_format": "#,##0.##"})
        total_number = book.add_format({"bold": True, "num_format": "#,##0.##"})
        self._xlsx_summary(book, data, bold, title, money, number)
        sheets = {}
        for kind, sheet_title, columns in DETAIL_SHEETS:
            sheets[kind] = self._xlsx_details(
                book,
                self.env._(sheet_title),
                details["rows"][kind],
                data["totals"][kind],
                # The co-op only where it is the figure's.
                ("coop",) if kind == "launched" else (),
                columns,
                bold,
                number,
                total_number,
            )
        outcomes, outcome_rows = self._xlsx_outcomes(
            book, data["outcomes"]["all_rows"], bold, day, money
        )
        book.close()
        return {
            "content": output.getvalue(),
            "sheets": sheets,
            # The formats have their indexes once the workbook is closed.
            "rows": {outcomes: outcome_rows()},
            "style": str(number.xf_index),
        }

    def _xlsx_details(
        self, book, title, lines, figures, extra_keys, columns, bold, number, total
    ):
        """A sheet of one row per enquiry behind a figure, and its total
        (`figures`, the kind's totals: the sums of `lines`).

        xlsxwriter writes the sheet (its columns, header and total row);
        the rows between are left for `_xlsx_detail_rows`, which writes
        them as the sheet's XML in one go: xlsxwriter writes some 50,000
        rows a second, a year's report has 150,000. Returns the sheet's
        number in the workbook."""
        labels = {
            "reference": self.env._("Reference"),
            "name": self.env._("Enquiry"),
            "sector": self.env._("Sector"),
            "local_authority": self.env._("Local authority"),
            "coop": self.env._("Co-op"),
        }
        text_keys = ("reference", "name", "sector", "local_authority", *extra_keys)
        first = len(text_keys)
        sheet = book.add_worksheet(title)
        sheet.set_column(0, 0, 14)
        sheet.set_column(1, 1, 40)
        sheet.set_column(2, first - 1, 22)
        sheet.set_column(first, first + len(columns) - 1, 16, number)
        sheet.write_row(
            0,
            0,
            [
                *(labels[key] for key in text_keys),
                *(self.env._(column) for column, _key in columns),
            ],
            bold,
        )
        last = len(lines) + 1
        sheet.write(last, 0, self.env._("Total"), bold)
        for offset in range(len(columns)):
            column = xl_col_to_name(first + offset)
            sheet.write_formula(
                last,
                first + offset,
                f"=SUM({column}2:{column}{last})" if lines else "=0",
                total,
                figures[columns[offset][1]],
            )
        return len(book.worksheets())

    def _xlsx_summary(self, book, data, bold, title, money, number):
        sheet = book.add_worksheet(self.env._("Summary"))
        programme = self.programme_id
        sheet.set_column(0, 0, 38)
        sheet.set_column(1, 4, 18)
        sheet.write(0, 0, self.env._("Funder report"), title)
        period = data["period"]
        facts = [
            (self.env._("Programme"), programme.name),
            (self.env._("Funder"), programme.funder_id.name),
            (self.env._("Organisation"), programme.company_id.name),
            (
                self.env._("Period"),
                self.env._(
                    "%(start)s to %(end)s",
                    start=fields.Date.to_string(period[0]),
                    end=fields.Date.to_string(period[1]),
                )
                if period
                else self.env._("Outside the programme"),
            ),
        ]
        for row, (label, value) in enumerate(facts, start=2):
            sheet.write(row, 0, label, bold)
            sheet.write(row, 1, value)
        row = len(facts) + 3
        sheet.write_row(
            row,
            0,
            [
                self.env._("Indicator"),
                self.env._("In the period"),
                self.env._("Target for the period"),
                self.env._("Programme to date"),
                self.env._("Programme target"),
            ],
            bold,
        )
        for indicator in data["indicators"]:
            row += 1
            sheet.write(row, 0, indicator["name"])
            sheet.write_number(row, 1, indicator["value"], number)
            if indicator["has_target"]:
                sheet.write_number(row, 2, indicator["target"], number)
                sheet.write_number(row, 4, indicator["programme_target"], number)
            sheet.write_number(row, 3, indicator["to_date"], number)
        cost = data["cost"]
        row += 2
        for label, value in (
            (self.env._("Support hours"), cost["hours"]),
            (self.env._("Cost of an hour of support"), cost["rate"]),
            (self.env._("Cost of support"), cost["support"]),
            (self.env._("Cost of studies delivered"), cost["studies"]),
            (self.env._("Total cost"), cost["total"]),
            (self.env._("Co-ops launched"), cost["launches"]),
        ):
            sheet.write(row, 0, label, bold)
            sheet.write_number(row, 1, value, money)
            row += 1
        sheet.write(row, 0, self.env._("Cost per launch"), bold)
        if cost["per_launch"] is not None:
            sheet.write_number(row, 1, cost["per_launch"], money)
        else:
            sheet.write(row, 1, self.env._("No launch in the period"))

    def _xlsx_outcomes(self, book, rows, bold, day, money):
        """The co-ops' latest outcomes: (the sheet's number in the workbook, a
        function that gives its rows' XML, `_xlsx_rows`, once the formats
        have their indexes)."""
        sheet = book.add_worksheet(self.env._("Outcomes"))
        statuses = dict(
            self.env["provide.coop"]
            ._fields["trading_status"]
            ._description_selection(self.env)
        )
        headers = [
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
        ]
        sheet.set_column(0, 0, 36)
        sheet.set_column(1, 1, 16)
        sheet.set_column(2, 3, 14, day)
        sheet.set_column(4, 6, 16)
        sheet.set_column(7, 7, 16, money)
        sheet.set_column(8, 9, 16)
        sheet.write_row(0, 0, headers, bold)
        lines = [
            (
                line["name"],
                line["reference"],
                line["launched"],
                line["checked"],
                statuses[line["status"]],
                line["members"],
                line["jobs"],
                line["turnover"],
                line["contract"],
                line["service_users"],
            )
            for line in rows
        ]
        return len(book.worksheets()), lambda: _xlsx_rows(
            lines,
            [
                ("text", 0, None),
                ("text", 1, None),
                ("date", 2, day.xf_index),
                ("date", 3, day.xf_index),
                ("text", 4, None),
                ("number", 5, None),
                ("number", 6, None),
                ("number", 7, money.xf_index),
                ("text", 8, None),
                ("number", 9, None),
            ],
        )
