from collections import Counter

from freezegun import freeze_time
from lxml import etree

from odoo import Command
from odoo.exceptions import AccessError, ValidationError
from odoo.osv import expression
from odoo.tests import tagged
from odoo.tools import file_open
from odoo.tools.safe_eval import safe_eval

from .common import TestProvideCommon


@tagged("post_install", "-at_install")
class TestProvidePipelineReport(TestProvideCommon):
    """The pipeline analysis counts what the enquiries say, for managers only,
    company by company."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        Stage = cls.env["provide.assessment.stage"]
        # Own stages around the shipped "Formal assessment" (sequence 30).
        cls.stage_intake = cls._create_intake_stage()
        cls.stage_scoring = Stage.create({"name": "Scoring (test)", "sequence": 35})
        cls.stage_trading = Stage.create(
            {"name": "Trading (test)", "sequence": 70, "is_won": True}
        )
        Sector = cls.env["provide.sector"]
        cls.sector_x = Sector.create({"name": "Libraries (test)"})
        cls.sector_y = Sector.create({"name": "Parks (test)"})
        cls.council_b = cls.env["res.partner"].create(
            {"name": "Swindon (test)", "is_company": True, "is_local_authority": True}
        )
        rows = [
            # sector, stage, source, adviser, workforce, local authority
            (
                cls.sector_x,
                cls.stage_intake,
                "phone",
                cls.user_adviser,
                10,
                cls.council,
            ),
            (
                cls.sector_x,
                cls.stage_scoring,
                "email",
                cls.user_manager,
                20,
                cls.council,
            ),
            (
                cls.sector_x,
                cls.stage_trading,
                "phone",
                cls.user_adviser,
                7,
                cls.council_b,
            ),
            (
                cls.sector_y,
                cls.stage_trading,
                "referral",
                cls.user_adviser,
                5,
                cls.council_b,
            ),
            (
                cls.sector_y,
                cls.stage_intake,
                "referral",
                cls.user_manager,
                3,
                cls.council,
            ),
        ]
        Enquiry = cls.env["provide.enquiry"]
        cls.enquiries = Enquiry.create(
            [
                {
                    "name": f"Enquiry {i}",
                    "sector_id": sector.id,
                    "stage_id": stage.id,
                    "source": source,
                    "user_id": user.id,
                    "workforce_size": workforce,
                    "local_authority_id": authority.id,
                }
                for i, (sector, stage, source, user, workforce, authority) in enumerate(
                    rows
                )
            ]
        )
        # The one in the scoring stage has a done formal assessment.
        cls._assess(cls.enquiries[1])
        # The last one is closed as not proceeding: it stays in the report.
        cls.enquiries[-1]._close(cls.reason_withdrawn)
        # Another agency's enquiry in the same sector.
        cls.enquiry_b = Enquiry.create(
            {
                "name": "North enquiry",
                "sector_id": cls.sector_x.id,
                "stage_id": cls.stage_intake.id,
                "company_id": cls.company_b.id,
                "user_id": cls.user_adviser_b.id,
                "workforce_size": 99,
            }
        )
        cls.env.flush_all()
        cls.domain = [("sector_id", "in", (cls.sector_x | cls.sector_y).ids)]

    def _report_counts(self, groupby, user=None):
        Report = self.env["provide.pipeline.report"].with_user(
            user or self.user_manager
        )
        return {
            key: (count, workforce)
            for key, count, workforce in Report._read_group(
                self.domain, [groupby], ["__count", "workforce_size:sum"]
            )
        }

    def _hand_counts(self, key):
        enquiries = self.enquiries.with_context(active_test=False)
        counts = Counter(key(e) for e in enquiries)
        workforce = Counter()
        for enquiry in enquiries:
            workforce[key(enquiry)] += enquiry.workforce_size
        return {k: (counts[k], workforce[k]) for k in counts}

    def test_totals_per_dimension_match_a_hand_count(self):
        dimensions = {
            "stage_id": lambda e: e.stage_id,
            "sector_id": lambda e: e.sector_id,
            "source": lambda e: e.source,
            "user_id": lambda e: e.user_id,
            "local_authority_id": lambda e: e.local_authority_id,
            "outcome": lambda e: e.outcome,
        }
        for groupby, key in dimensions.items():
            with self.subTest(dimension=groupby):
                got = self._report_counts(groupby)
                want = self._hand_counts(key)
                # Ids for relations: the report runs as the manager.
                got = {getattr(k, "id", k): v for k, v in got.items()}
                want = {getattr(k, "id", k): v for k, v in want.items()}
                self.assertEqual(got, want)

    def test_outcomes_are_open_launched_and_not_proceeding(self):
        got = self._report_counts("outcome")
        self.assertEqual(got["open"][0], 2)
        self.assertEqual(got["won"][0], 2)
        self.assertEqual(got["lost"][0], 1, "closed enquiries count as not proceeding")

    def test_pipeline_analysis_opens_on_what_the_board_shows(self):
        """A stage counts what its column on the board holds: the report
        opens on the open and launched enquiries; one closed as not
        proceeding, which stays in the stage it was closed in, is one filter
        away, beside them in the same group."""
        action = self.env["ir.actions.act_window"]._for_xml_id(
            "provide_coop.provide_pipeline_report_action"
        )
        context = safe_eval(action["context"])
        self.assertEqual(context.get("search_default_open"), 1)
        self.assertEqual(context.get("search_default_won"), 1)
        self.assertNotIn("search_default_lost", context)
        search = etree.fromstring(
            self.env["provide.pipeline.report"].get_view(
                action["search_view_id"][0], "search"
            )["arch"]
        )
        # One group of filters (no separator between them): either matches.
        names = [node.get("name") for node in search.iterfind("*")]
        start = names.index("open")
        self.assertEqual(names[start : start + 3], ["open", "won", "lost"])
        domain = expression.OR(
            [
                safe_eval(search.find(f"filter[@name='{name}']").get("domain"))
                for name in ("open", "won")
            ]
        )
        Report = self.env["provide.pipeline.report"].with_user(self.user_manager)
        report = dict(
            Report._read_group(
                expression.AND([self.domain, domain]), ["stage_id"], ["__count"]
            )
        )
        Enquiry = self.env["provide.enquiry"].with_user(self.user_manager)
        board = dict(Enquiry._read_group(self.domain, ["stage_id"], ["__count"]))
        self.assertEqual(report, board)
        # Without the filters, the closed enquiry counts in its stage.
        self.assertEqual(report[self.stage_intake], 1)
        self.assertEqual(self._report_counts("stage_id")[self.stage_intake][0], 2)

    def test_conversion_counts_assessed_and_launched_per_sector(self):
        Report = self.env["provide.pipeline.report"].with_user(self.user_manager)
        groups = Report._read_group(
            self.domain,
            ["sector_id"],
            ["__count", "assessed_count:sum", "launched_count:sum"],
        )
        got = {
            sector: (count, assessed, won) for sector, count, assessed, won in groups
        }
        # Sector X: intake (not assessed), scoring (assessment done),
        # trading (launched). Sector Y: trading, and intake closed.
        self.assertEqual(got[self.sector_x], (3, 2, 1))
        self.assertEqual(got[self.sector_y], (2, 1, 1))

    def test_funnel_orders_stages_by_pipeline_sequence(self):
        Report = self.env["provide.pipeline.report"].with_user(self.user_manager)
        stages = [
            s for s, _c in Report._read_group(self.domain, ["stage_id"], ["__count"])
        ]
        self.assertEqual(
            stages, [self.stage_intake, self.stage_scoring, self.stage_trading]
        )

    def test_days_are_measured_from_creation_and_last_stage_move(self):
        report = (
            self.env["provide.pipeline.report"]
            .with_user(self.user_manager)
            .search([("enquiry_id", "=", self.enquiries[0].id)])
        )
        self.assertEqual(len(report), 1)
        self.assertGreaterEqual(report.days_open, 0)
        self.assertLess(report.days_open, 1)
        self.assertLess(report.days_in_stage, 1)

    def test_manager_sees_no_rows_of_another_company(self):
        Report = self.env["provide.pipeline.report"].with_user(self.user_manager)
        rows = Report.search([("sector_id", "=", self.sector_x.id)])
        self.assertEqual(rows.enquiry_id, self.enquiries[:3])
        self.assertNotIn(self.enquiry_b, rows.enquiry_id)
        self.assertEqual(
            self._report_counts("company_id"),
            {self.company_a: (5, 10 + 20 + 7 + 5 + 3)},
        )

    def test_manager_of_both_companies_sees_both(self):
        self.user_manager.write({"company_ids": [Command.link(self.company_b.id)]})
        Report = (
            self.env["provide.pipeline.report"]
            .with_user(self.user_manager)
            .with_context(allowed_company_ids=[self.company_a.id, self.company_b.id])
        )
        rows = Report.search([("sector_id", "=", self.sector_x.id)])
        self.assertIn(self.enquiry_b, rows.enquiry_id)

    def test_user_cannot_open_the_reports(self):
        Report = self.env["provide.pipeline.report"].with_user(self.user_adviser)
        with self.assertRaises(AccessError):
            Report.search([])
        with self.assertRaises(AccessError):
            Report.read_group([], ["workforce_size:sum"], ["stage_id"])

    def test_reporting_menu_is_for_managers_only(self):
        menu = self.env.ref("provide_coop.provide_coop_menu_reporting")
        Menu = self.env["ir.ui.menu"]
        self.assertNotIn(menu.id, Menu.with_user(self.user_adviser)._visible_menu_ids())
        self.assertIn(menu.id, Menu.with_user(self.user_manager)._visible_menu_ids())

    def test_adviser_load_counts_open_enquiries_and_overdue_activities(self):
        first = self.enquiries[0]
        first.activity_schedule(
            "mail.mail_activity_data_todo",
            date_deadline="2020-01-01",
            user_id=self.user_adviser.id,
        )
        first.activity_schedule(
            "mail.mail_activity_data_todo",
            date_deadline="2999-01-01",
            user_id=self.user_adviser.id,
        )
        self.env.flush_all()
        Report = self.env["provide.pipeline.report"].with_user(self.user_manager)
        groups = Report._read_group(
            [*self.domain, ("outcome", "=", "open")],
            ["user_id"],
            ["open_count:sum", "overdue_activity_count:sum"],
        )
        got = {user: (open_, overdue) for user, open_, overdue in groups}
        self.assertEqual(got[self.user_adviser], (1, 1))
        self.assertEqual(got[self.user_manager], (1, 0))

    def test_adviser_load_sums_support_days_per_adviser(self):
        helper = self.env["res.partner"].create({"name": "Dev Worker (test)"})
        # Two members on the first enquiry: it must still count once. Days
        # used are the hours of their support lines, seven to a day.
        team = [
            (self.enquiries[0], helper, 5, 2),
            (self.enquiries[0], self.enquirer, 1, 3),
            (self.enquiries[1], helper, 2, 0.5),
            (self.enquiries[2], helper, 4, 4),
        ]
        members = self.env["provide.support.member"].create(
            [
                {
                    "enquiry_id": enquiry.id,
                    "partner_id": partner.id,
                    "days_allocated": allocated,
                }
                for enquiry, partner, allocated, _used in team
            ]
        )
        self.env["provide.service.delivery"].create(
            [
                {
                    "enquiry_id": enquiry.id,
                    "user_id": False,
                    "partner_id": partner.id,
                    "hours": used * 7,
                }
                for enquiry, partner, _allocated, used in team
            ]
        )
        self.env.flush_all()
        Report = self.env["provide.pipeline.report"].with_user(self.user_manager)
        groups = Report._read_group(
            self.domain,
            ["user_id"],
            ["__count", "support_days_allocated:sum", "support_days_used:sum"],
        )
        got = {user: (count, alloc, used) for user, count, alloc, used in groups}
        # By hand: the enquiries per adviser, and the lines' days per adviser.
        enquiries = self.enquiries.with_context(active_test=False)
        want = {
            user: [len(enquiries.filtered(lambda e, u=user: e.user_id == u)), 0, 0]
            for user in enquiries.user_id
        }
        for member in members:
            want[member.enquiry_id.user_id][1] += member.days_allocated
            want[member.enquiry_id.user_id][2] += member.days_used
        self.assertEqual(got, {user: tuple(v) for user, v in want.items()})
        self.assertEqual(got[self.user_adviser], (3, 10, 9))
        self.assertEqual(got[self.user_manager], (2, 2, 0.5))

    def test_assessment_score_averages_assessed_enquiries_only(self):
        Report = self.env["provide.pipeline.report"].with_user(self.user_manager)
        groups = dict(
            Report._read_group(self.domain, ["sector_id"], ["assessment_score:avg"])
        )
        # One enquiry of sector X is assessed (every criterion 4 of 5: 75);
        # the unassessed ones do not pull the average down.
        self.assertEqual(groups[self.sector_x], 75)
        self.assertFalse(groups[self.sector_y])

    def test_enquiries_per_origin_event(self):
        event = self.env["event.event"].create(
            {
                "name": "Report conference (test)",
                "date_begin": "2026-03-19 10:30:00",
                "date_end": "2026-03-19 15:30:00",
            }
        )
        self.enquiries[:2].write({"event_id": event.id})
        self.env.flush_all()
        Report = self.env["provide.pipeline.report"].with_user(self.user_manager)
        counts = dict(Report._read_group(self.domain, ["event_id"], ["__count"]))
        self.assertEqual(counts[event], 2)
        self.assertEqual(counts[self.env["event.event"]], 3)


@tagged("post_install", "-at_install")
class TestProvideReportDates(TestProvideCommon):
    """Every duration the reports show is measured from the date an enquiry
    was received, and none is ever negative: not for enquiries logged late,
    not for dates imported out of order."""

    def _import(self, row):
        fields_ = ["name", "date_received", "date_last_stage_update", "stage_id"]
        result = (
            self.env["provide.enquiry"]
            .with_user(self.user_adviser)
            .load(fields_, [row])
        )
        self.assertFalse(result["messages"], result["messages"])
        return self.env["provide.enquiry"].browse(result["ids"])

    def _report_rows(self, enquiry):
        self.env.flush_all()
        pipeline = (
            self.env["provide.pipeline.report"]
            .with_user(self.user_manager)
            .search([("enquiry_id", "=", enquiry.id)])
        )
        stays = (
            self.env["provide.stage.time.report"]
            .with_user(self.user_manager)
            .search([("enquiry_id", "=", enquiry.id)])
        )
        return pipeline, stays

    def test_dates_imported_out_of_order_are_brought_into_line(self):
        enquiry = self._import(
            # The stage date is before the enquiry was received.
            [
                "Community transport",
                "2026-05-10 09:00:00",
                "2026-03-01 09:00:00",
                "First contact",
            ]
        )
        self.assertEqual(str(enquiry.date_received), "2026-05-10 09:00:00")
        self.assertEqual(enquiry.date_last_stage_update, enquiry.date_received)
        pipeline, stays = self._report_rows(enquiry)
        self.assertEqual(pipeline.date_received, enquiry.date_received)
        self.assertGreater(pipeline.days_open, 0)
        self.assertGreaterEqual(pipeline.days_in_stage, 0)
        self.assertEqual(stays.date_in, enquiry.date_received)
        self.assertGreater(stays.days, 0)
        # The month it counts under is the month it was received.
        months = (
            self.env["provide.pipeline.report"]
            .with_user(self.user_manager)
            ._read_group(
                [("enquiry_id", "=", enquiry.id)], ["date_received:month"], ["__count"]
            )
        )
        self.assertEqual(months[0][0].strftime("%Y-%m"), "2026-05")

    def test_an_enquiry_logged_late_counts_from_when_it_came_in(self):
        enquiry = self.env["provide.enquiry"].create(
            {
                "name": "Library run by volunteers",
                "date_received": "2026-02-02 10:00:00",
            }
        )
        pipeline, stays = self._report_rows(enquiry)
        self.assertGreater(pipeline.days_open, 200)
        self.assertEqual(str(stays.date_in), "2026-02-02 10:00:00")

    def test_dates_out_of_order_typed_by_hand_are_refused(self):
        with (
            self.assertRaisesRegex(ValidationError, "before it was received"),
            self.env.cr.savepoint(),
        ):
            self.enquiry.date_received = "2099-01-01 00:00:00"
        self.env.invalidate_all()
        self._assess(self.enquiry)
        self._record_coop(self.enquiry)
        self.enquiry.stage_id = self.stage_launched
        with self.assertRaisesRegex(ValidationError, "closed on .* before it was"):
            self.enquiry.write(
                {"date_received": "2099-01-01", "date_last_stage_update": "2099-01-02"}
            )

    def test_enquiries_per_month_shows_an_empty_month(self):
        self.env["provide.enquiry"].create(
            [
                {"name": "January idea", "date_received": "2026-01-12 09:00"},
                {"name": "March idea", "date_received": "2026-03-03 09:00"},
            ]
        )
        self.env.flush_all()
        action = self.env["ir.actions.act_window"]._for_xml_id(
            "provide_coop.provide_pipeline_report_action_month"
        )
        context = safe_eval(action["context"])
        # The report opens on the last twelve months received.
        self.assertEqual(context.get("search_default_last_12_months"), 1)
        # Odoo's graph asks for the empty periods (fill_temporal) and the
        # app's bar chart keeps them (provide_graph_renderer.js).
        groups = (
            self.env["provide.pipeline.report"]
            .with_user(self.user_manager)
            .with_context(**context, fill_temporal=True)
            .read_group(
                [("date_received", ">=", "2026-01-01")],
                ["__count"],
                ["date_received:month"],
            )
        )
        # February had none: a bar of nothing, not a month left out.
        self.assertEqual(
            [(g["date_received:month"], g["date_received_count"]) for g in groups],
            [("January 2026", 1), ("February 2026", 0), ("March 2026", 1)],
        )
        # Counts of enquiries and co-ops have whole steps on the axis, and a
        # co-op still trading is green whatever the chart shows beside it.
        with file_open("provide_coop/static/src/lazy/provide_graph_renderer.js") as js:
            code = js.read()
        self.assertIn("precision: 0", code)
        self.assertIn("point.count === 0 && !shown.has(point.labels[0])", code)
        self.assertIn('trading: "#43C5B1"', code)

    def test_no_negative_duration_in_any_report(self):
        self.env["provide.enquiry"].create(
            [
                {"name": "Received today"},
                {"name": "Received last year", "date_received": "2025-06-01 08:00"},
            ]
        )
        self.env.flush_all()
        Pipeline = self.env["provide.pipeline.report"]
        Stays = self.env["provide.stage.time.report"]
        self.assertFalse(
            Pipeline.search(["|", ("days_open", "<", 0), ("days_in_stage", "<", 0)])
        )
        self.assertFalse(Stays.search([("days", "<", 0)]))
        self.assertFalse(
            Stays.search([("date_out", "!=", False)]).filtered(
                lambda s: s.date_out < s.date_in
            )
        )


@tagged("post_install", "-at_install")
class TestProvideConversionCohort(TestProvideCommon):
    """Conversion follows the enquiries received in a period, whenever they
    went on: of those received in a quarter, how many have been assessed and
    launched since. An enquiry assessed or launched in a later quarter counts
    under the quarter it came in, so no quarter converts over 100 %."""

    MEASURES = [
        "received_count:sum",
        "assessed_count:sum",
        "launched_count:sum",
        "assessed_rate:avg",
        "launched_rate:avg",
    ]

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.sector = cls.env["provide.sector"].create({"name": "Housing (test)"})

        def enquiry(name, received):
            return cls.env["provide.enquiry"].create(
                {
                    "name": name,
                    "date_received": received,
                    "sector_id": cls.sector.id,
                    "user_id": cls.user_adviser.id,
                }
            )

        # Three received in the first quarter of 2026, one in the second.
        cls.first = enquiry("Tenants' co-op", "2026-01-10 09:00:00")
        cls.second = enquiry("Self-build group", "2026-02-05 09:00:00")
        enquiry("Almshouse trust", "2026-03-20 09:00:00")
        enquiry("Housing co-op conversion", "2026-04-15 09:00:00")
        # The first is assessed in April and launched in May, the second
        # assessed in July: each in a later quarter than it came in.
        with freeze_time("2026-04-20 10:00:00"):
            cls._assess(cls.first)
        cls._record_coop(cls.first)
        with freeze_time("2026-05-12 10:00:00"):
            cls.first.stage_id = cls.stage_launched
        with freeze_time("2026-07-08 10:00:00"):
            cls._assess(cls.second)
        cls.env.flush_all()

    def _cohorts(self, interval="quarter"):
        Report = self.env["provide.pipeline.report"].with_user(self.user_manager)
        return {
            day.strftime("%Y-%m"): figures
            for day, *figures in Report._read_group(
                [("sector_id", "=", self.sector.id)],
                [f"date_received:{interval}"],
                self.MEASURES,
            )
        }

    def test_each_quarter_counts_what_its_enquiries_went_on_to(self):
        self.assertEqual(
            self._cohorts(),
            {
                # Received 3: 2 assessed since, 1 launched since.
                "2026-01": [3, 2, 1, 2 / 3, 1 / 3],
                # Received 1, not yet assessed: April's assessment and May's
                # launch belong to the enquiries of January.
                "2026-04": [1, 0, 0, 0, 0],
            },
        )

    def test_month_by_month_as_well(self):
        self.assertEqual(
            self._cohorts("month"),
            {
                "2026-01": [1, 1, 1, 1, 1],
                "2026-02": [1, 1, 0, 1, 0],
                "2026-03": [1, 0, 0, 0, 0],
                "2026-04": [1, 0, 0, 0, 0],
            },
        )

    def test_no_cohort_converts_over_a_hundred_percent(self):
        # Counted as events, the third quarter has an assessment and no
        # enquiry received: a rate would be infinite. As a cohort it is not.
        Event = self.env["provide.enquiry.event"].with_user(self.user_manager)
        events = dict(
            Event._read_group(
                [
                    ("sector_id", "=", self.sector.id),
                    ("date", ">=", "2026-07-01"),
                    ("date", "<=", "2026-09-30"),
                ],
                ["kind"],
                ["__count"],
            )
        )
        self.assertEqual(events.get("received", 0), 0)
        self.assertEqual(events["assessed"], 1)
        for interval in ("quarter", "month", "year"):
            for period, (received, assessed, launched, *rates) in self._cohorts(
                interval
            ).items():
                with self.subTest(interval=interval, period=period):
                    self.assertLessEqual(assessed, received)
                    self.assertLessEqual(launched, assessed)
                    self.assertTrue(all(0 <= rate <= 1 for rate in rates))

    def test_the_conversion_menu_opens_the_cohort_by_date_received(self):
        action = self.env.ref("provide_coop.provide_pipeline_report_action_conversion")
        self.assertIn("Date Received", action.name)
        self.assertEqual(
            self.env.ref("provide_coop.provide_pipeline_report_menu_conversion").action,
            action,
        )
        arch = etree.fromstring(action.view_id.arch)
        self.assertEqual(arch.tag, "pivot")
        self.assertEqual(
            [
                (node.get("name"), node.get("interval"))
                for node in arch.iterfind("field[@type='row']")
            ],
            [("date_received", "quarter")],
        )
        measures = {
            node.get("name"): node.get("widget")
            for node in arch.iterfind("field[@type='measure']")
        }
        self.assertEqual(
            measures,
            {
                "received_count": None,
                "assessed_count": None,
                "launched_count": None,
                "assessed_rate": "percentage",
                "launched_rate": "percentage",
            },
        )
