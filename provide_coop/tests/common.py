import importlib.util
from contextlib import contextmanager
from datetime import date
from pathlib import Path

from psycopg2 import IntegrityError

from odoo import Command
from odoo.tests import TransactionCase, new_test_user
from odoo.tools import mute_logger
from odoo.tools.translate import translate_sql_constraint


def load_migration(version, step="post"):
    """A migration script of `version` (`step`: "pre" or "post"), loaded as
    Odoo's upgrade runs it, to call its functions in a test."""
    path = Path(__file__).parents[1] / "migrations" / version / f"{step}-migrate.py"
    spec = importlib.util.spec_from_file_location(f"provide_{step}_{version}", path)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


class TestProvideCommon(TransactionCase):
    """Shared fixtures: the people who use the app, a second agency (company)
    sharing the database, and handles on the stages, sectors and close reasons
    the module ships as data."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        user_context = {"no_reset_password": True}
        cls.company_a = cls.env.company
        cls.company_b = cls.env["res.company"].create({"name": "Provide North"})

        cls.user_adviser = new_test_user(
            cls.env,
            login="provide_adviser",
            name="Ada Adviser",
            email="ada.adviser@provide.example.com",
            groups="provide_coop.group_provide_user",
            context=user_context,
        )
        cls.user_manager = new_test_user(
            cls.env,
            login="provide_manager",
            name="Mona Manager",
            email="mona.manager@provide.example.com",
            groups="provide_coop.group_provide_manager",
            context=user_context,
        )
        cls.user_adviser_b = new_test_user(
            cls.env,
            login="provide_adviser_b",
            name="Bea Adviser (North)",
            email="bea.adviser@north.example.com",
            groups="provide_coop.group_provide_user",
            company_id=cls.company_b.id,
            company_ids=[Command.set(cls.company_b.ids)],
            context=user_context,
        )
        # The other agency's manager: sees and reports on none of ours.
        cls.user_manager_b = new_test_user(
            cls.env,
            login="provide_manager_b",
            name="Nia Manager (North)",
            email="nia.manager@north.example.com",
            groups="provide_coop.group_provide_manager",
            company_id=cls.company_b.id,
            company_ids=[Command.set(cls.company_b.ids)],
            context=user_context,
        )
        # An employee of the agency who never opens the app.
        cls.user_employee = new_test_user(
            cls.env,
            login="plain_employee",
            name="Eve Employee",
            email="eve.employee@provide.example.com",
            groups="base.group_user",
            context=user_context,
        )

        ref = cls.env.ref
        cls.stage_new = ref("provide_coop.provide_stage_new")
        cls.stage_first_contact = ref("provide_coop.provide_stage_first_contact")
        cls.stage_assessment = ref("provide_coop.provide_stage_formal_assessment")
        cls.stage_feasibility = ref("provide_coop.provide_stage_feasibility")
        cls.stage_support_team = ref("provide_coop.provide_stage_support_team")
        cls.stage_launched = ref("provide_coop.provide_stage_launched")
        cls.sector_social_care = ref("provide_coop.provide_sector_social_care")
        cls.sector_health = ref("provide_coop.provide_sector_health")
        cls.sector_leisure = ref("provide_coop.provide_sector_leisure")
        cls.reason_not_viable = ref("provide_coop.provide_close_reason_not_viable")
        cls.reason_withdrawn = ref("provide_coop.provide_close_reason_withdrawn")

        cls.recommend_feasibility = ref(
            "provide_coop.provide_recommendation_feasibility"
        )
        cls.recommend_support_team = ref(
            "provide_coop.provide_recommendation_support_team"
        )
        cls.recommend_signpost = ref("provide_coop.provide_recommendation_signpost")

        cls.enquirer = cls.env["res.partner"].create(
            {"name": "Carol Carer", "email": "carol.carer@example.com"}
        )
        cls.council = cls.env["res.partner"].create(
            {
                "name": "Loughborough Borough Council",
                "is_company": True,
                "is_local_authority": True,
            }
        )
        cls.enquiry = cls.env["provide.enquiry"].create(
            {
                "name": "Staff-owned homecare in Shepshed",
                "partner_id": cls.enquirer.id,
                "sector_id": cls.sector_social_care.id,
                "local_authority_id": cls.council.id,
                "user_id": cls.user_adviser.id,
                "workforce_size": 25,
                "annual_contract_value": 400000,
                # Received well before the dates the tests move it on.
                "date_received": "2025-01-06 09:00:00",
            }
        )
        # Run the hooks a commit would run: until then, the chatter treats the
        # records created above as still being created and tracks no change.
        cls.env.cr.flush()

    @classmethod
    def _create_intake_stage(cls, sequence=5):
        """A stage of the test's own, without gate or plan, so enquiries
        start and move there without the shipped stages' activities."""
        return cls.env["provide.assessment.stage"].create(
            {"name": "Intake (test)", "sequence": sequence}
        )

    @classmethod
    def _assess(cls, enquiries, recommendation=None, score=4):
        """Give each enquiry a done formal assessment (every criterion scored
        ``score``), as an adviser would before moving it past the gate."""
        Assessment = cls.env["provide.assessment"]
        assessments = Assessment.create(
            [{"enquiry_id": enquiry.id} for enquiry in enquiries]
        )
        assessments.line_ids.write({"score": score})
        assessments.write(
            {"recommendation_id": (recommendation or cls.recommend_support_team).id}
        )
        assessments.action_done()
        return assessments

    @classmethod
    def _record_coop(cls, enquiries, **vals):
        """Record, for each enquiry, the co-op it launches (a new company
        contact), as the launch wizard would: the launched stage asks for it."""
        coops = cls.env["provide.coop"]
        for enquiry in enquiries:
            partner = cls.env["res.partner"].create(
                {"name": f"{enquiry.name} Co-op (test)", "is_company": True}
            )
            coop = coops.create(
                {
                    "partner_id": partner.id,
                    "company_id": enquiry.company_id.id,
                    "user_id": enquiry.user_id.id,
                    **vals,
                }
            )
            enquiry.coop_id = coop
            coops |= coop
        return coops

    @contextmanager
    def assertRefused(self, exception, regex, *models):
        """The request fails with a message matching ``regex`` and leaves no
        record of ``models`` behind.

        The savepoint stands in for the rollback a user's request gets when it
        fails, so the counts show what the user would find afterwards.
        """
        env = self.env(context=dict(self.env.context, active_test=False))
        counts = {model: env[model].search_count([]) for model in models}
        with self.assertRaisesRegex(exception, regex), self.env.cr.savepoint():
            yield
        self.env.invalidate_all()
        for model, count in counts.items():
            self.assertEqual(
                env[model].search_count([]),
                count,
                f"a refused request left {model} records behind",
            )

    @contextmanager
    def assertCheckRefused(self, regex, *models):
        """The database refuses the values (an SQL constraint) once they are
        saved, the user reads the constraint's message, matching ``regex``
        (what Odoo shows for a request the database refused), and no record
        of ``models`` is left behind."""
        env = self.env(context=dict(self.env.context, active_test=False))
        counts = {model: env[model].search_count([]) for model in models}
        with (
            mute_logger("odoo.sql_db"),
            self.assertRaises(IntegrityError) as caught,
            self.env.cr.savepoint(),
        ):
            yield
            self.env.flush_all()
        self.env.invalidate_all()
        message = translate_sql_constraint(
            self.env.cr, caught.exception.diag.constraint_name, "en_US"
        )
        self.assertRegex(message, regex)
        for model, count in counts.items():
            self.assertEqual(
                env[model].search_count([]),
                count,
                f"a refused request left {model} records behind",
            )

    def assertStageTracked(self, enquiry, old_stage, new_stage):
        """The chatter of ``enquiry`` holds a tracking line for the move."""
        self.env.flush_all()
        self.env.cr.flush()  # runs the precommit hooks that write tracking values
        tracking = self.env["mail.tracking.value"].search(
            [
                ("mail_message_id.model", "=", enquiry._name),
                ("mail_message_id.res_id", "=", enquiry.id),
                ("field_id.name", "=", "stage_id"),
            ]
        )
        moves = {(t.old_value_integer, t.new_value_integer) for t in tracking}
        self.assertIn(
            (old_stage.id, new_stage.id),
            moves,
            f"no tracking of the move {old_stage.name} → {new_stage.name}",
        )

    def tracked_changes(self, record):
        """{field name: [(old, new), ...]} of the chatter's tracking lines on
        ``record``, each value as the chatter shows it."""
        self.env.flush_all()
        self.env.cr.flush()  # runs the precommit hooks that write tracking values
        tracking = self.env["mail.tracking.value"].search(
            [
                ("mail_message_id.model", "=", record._name),
                ("mail_message_id.res_id", "=", record.id),
            ],
            order="id",
        )
        changes = {}
        for line in tracking:
            shown = line._tracking_value_format()[0]
            changes.setdefault(line.field_id.name, []).append(
                (shown["oldValue"]["value"], shown["newValue"]["value"])
            )
        return changes

    def render_html(self, report_ref, records, user=None):
        """A QWeb report as HTML, as `user` would print it: what it says is
        checked here (wkhtmltopdf draws text as outlines on some builds)."""
        Report = self.env["ir.actions.report"].with_user(user or self.env.user)
        html, _format = Report._render_qweb_html(report_ref, records.ids)
        return html.decode() if isinstance(html, bytes) else str(html)

    def assertRendersPdf(self, report_ref, records, user=None):
        """The report goes through wkhtmltopdf and gives a PDF with pages."""
        Report = (
            self.env["ir.actions.report"]
            .with_user(user or self.env.user)
            .with_context(force_report_rendering=True)
        )
        pdf, content_type = Report._render_qweb_pdf(report_ref, records.ids)
        self.assertEqual(content_type, "pdf")
        self.assertTrue(pdf.startswith(b"%PDF"))
        self.assertIn(b"/Type /Page", pdf)
        return pdf

    def report_figures(self):
        """Every figure the pipeline and event reports show, as the
        superuser sees them: the pipeline analysis and time in stage grouped
        every way their views group, the event impact, the printed pipeline
        summary's tables, the digest's KPIs and the contact counts. Records
        are named by id, never by what they say, so anonymising them changes
        nothing here."""
        env = self.env(context={"active_test": False, "lang": "en_US"})
        env.flush_all()
        env.invalidate_all()

        def grouped(model, groupby, aggregates):
            rows = [
                (
                    tuple(getattr(key, "id", key) for key in row[: len(groupby)]),
                    tuple(
                        round(v, 4) if isinstance(v, float) else v
                        for v in row[len(groupby) :]
                    ),
                )
                for row in env[model]._read_group([], groupby, aggregates)
            ]
            return sorted(rows, key=repr)

        pipeline = [
            "__count",
            "workforce_size:sum",
            "annual_contract_value:sum",
            "assessed_count:sum",
            "launched_count:sum",
            "open_count:sum",
            "overdue_activity_count:sum",
            "support_days_allocated:sum",
            "support_days_used:sum",
        ]
        figures = {
            f"pipeline by {by}": grouped("provide.pipeline.report", [by], pipeline)
            for by in (
                "stage_id",
                "sector_id",
                "user_id",
                "local_authority_id",
                "source",
                "enquirer_type",
                "outcome",
                "event_id",
                "company_id",
            )
        }
        figures["time in stage"] = grouped(
            "provide.stage.time.report", ["stage_id", "sector_id"], ["__count"]
        )
        figures["event impact"] = grouped(
            "provide.event.impact.report",
            ["event_id", "attendee_role"],
            [
                "registration_count:sum",
                "interested_count:sum",
                "enquiry_count:sum",
                "assessed_count:sum",
                "launched_count:sum",
                "attended_count:sum",
            ],
        )
        summary = (
            env["provide.pipeline.summary"]
            .create({"date_from": date(2000, 1, 1), "date_to": date(2100, 1, 1)})
            ._summary_data()
        )
        figures["summary"] = {
            "rows": [row["counts"] for row in summary["rows"]],
            "column_totals": summary["column_totals"],
            "conversion": [
                (line["count"], line["assessed"], line["launched"])
                for line in summary["conversion"]
            ],
            "stalled": summary["stalled"].ids,
            "total": summary["total"],
        }
        digest = env["digest.digest"].create({"name": "Figures (test)"})
        figures["digest"] = [
            digest[kpi]
            for kpi in (
                "kpi_provide_enquiry_new_value",
                "kpi_provide_enquiry_launched_value",
                "kpi_provide_enquiry_closed_value",
            )
        ]
        figures["enquiries"] = grouped(
            "provide.enquiry", ["stage_id", "outcome", "partner_id"], ["__count"]
        )
        figures["bookings"] = grouped(
            "event.registration", ["event_id", "state", "partner_id"], ["__count"]
        )
        return figures

    def assertSameFigures(self, before, after):
        for key in before:
            self.assertEqual(before[key], after[key], f"{key} changed")
