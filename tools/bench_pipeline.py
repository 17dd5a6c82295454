"""Pipeline benchmark: our enquiry kanban, pivot and form against crm.lead;
then the funder report and the pipeline summary over the same enquiries,
with two service-delivery lines per enquiry, assessments, studies, the
co-ops launched and their check-ins.

Usage: bench_pipeline.py CONF DB [N ...]
(BENCH_PIPELINE=0 in the environment: the reports only, not the kanban,
pivot and form against crm.lead.)

Benchmark data is written with SQL (INSERT ... SELECT generate_series) and
stage moves are one UPDATE: creating 100,000 records through the ORM would
take far longer than the measurement, and both models get the same treatment.
The measured calls are the ones Odoo 18's web client makes (see
addons/web/models/models.py): web_read_group + read_progress_bar + one
web_search_read per unfolded column for the kanban, read_group for the pivot,
web_read for the form.
"""

import datetime
import importlib.util
import os
import statistics
import sys
import time
from pathlib import Path

from dateutil.relativedelta import relativedelta

import odoo
from odoo.tools import config

# What the web client asks of a view, as the test suite builds it: loaded
# from its file, since importing the addon's tests package outside a test
# run loads Odoo's test framework.
_web_client = importlib.util.spec_from_file_location(
    "provide_web_client",
    Path(__file__).parents[1] / "provide_coop" / "tests" / "web_client.py",
)
web_client = importlib.util.module_from_spec(_web_client)
_web_client.loader.exec_module(web_client)

RUNS = 7
REPORT_RUNS = 3  # the funder report's runs (a year's spreadsheet is long)
PAGE = 40  # the kanban's records per column


def fill(cr, target):
    """Top both models up to ``target`` rows (cumulative across sizes)."""
    cr.execute("SELECT COUNT(*) FROM provide_enquiry")
    have = cr.fetchone()[0]
    if have >= target:
        return 0.0
    start = time.perf_counter()
    cr.execute("SELECT id FROM provide_assessment_stage ORDER BY sequence, id")
    stages = [r[0] for r in cr.fetchall()]
    cr.execute("SELECT id FROM crm_stage ORDER BY sequence, id")
    crm_stages = [r[0] for r in cr.fetchall()]
    cr.execute("SELECT id FROM provide_sector ORDER BY id")
    sectors = [r[0] for r in cr.fetchall()]
    cr.execute("SELECT id FROM res_users WHERE share IS NOT TRUE ORDER BY id")
    users = [r[0] for r in cr.fetchall()]
    cr.execute("SELECT id FROM res_company ORDER BY id LIMIT 1")
    company = cr.fetchone()[0]
    cr.execute("SELECT id FROM crm_team ORDER BY id LIMIT 1")
    team = cr.fetchone()[0]
    params = {
        "lo": have + 1,
        "hi": target,
        "company": company,
        "team": team,
        "stages": stages,
        "crm_stages": crm_stages,
        "sectors": sectors,
        "users": users,
    }
    # Contacts: one per enquiry and one per lead.
    cr.execute(
        """
        INSERT INTO res_partner (name, email, active, type, is_company,
            company_id, create_date, write_date, lang, autopost_bills)
        SELECT 'Bench enquirer ' || g, 'enquirer' || g || '@bench.example.com',
            TRUE, 'contact', FALSE, NULL, NOW(), NOW(), 'en_US', 'ask'
        FROM generate_series(%(lo)s, %(hi)s) g
        """
        if _has_column(cr, "res_partner", "autopost_bills")
        else """
        INSERT INTO res_partner (name, email, active, type, is_company,
            company_id, create_date, write_date, lang)
        SELECT 'Bench enquirer ' || g, 'enquirer' || g || '@bench.example.com',
            TRUE, 'contact', FALSE, NULL, NOW(), NOW(), 'en_US'
        FROM generate_series(%(lo)s, %(hi)s) g
        """,
        params,
    )
    cr.execute(
        """
        INSERT INTO provide_enquiry (name, reference, company_id, stage_id,
            user_id, priority, active, source, sector_id, partner_id,
            contact_name, email_from, workforce_size, annual_contract_value,
            outcome, create_date, write_date, create_uid, write_uid,
            date_last_stage_update, last_touch_date, date_received,
            commercial_partner_id, lawful_basis)
        SELECT 'Bench enquiry ' || g, 'BENCH' || g, %(company)s,
            (%(stages)s::int[])[1 + g %% array_length(%(stages)s::int[], 1)],
            (%(users)s::int[])[1 + g %% array_length(%(users)s::int[], 1)],
            (g %% 4)::text, g %% 10 <> 0,
            (ARRAY['phone','email','web','event','referral'])[1 + g %% 5],
            (%(sectors)s::int[])[1 + g %% array_length(%(sectors)s::int[], 1)],
            p.id, p.name, p.email, g %% 50, (g %% 100) * 1000,
            'open', NOW() - (g %% 700) * INTERVAL '1 day', NOW(), 1, 1,
            NOW() - (g %% 90) * INTERVAL '1 day',
            NOW() - (g %% 90) * INTERVAL '1 day',
            NOW() - GREATEST(g %% 700, g %% 90) * INTERVAL '1 day',
            p.id, 'legitimate_interest'
        FROM generate_series(%(lo)s, %(hi)s) g
        JOIN res_partner p ON p.email = 'enquirer' || g || '@bench.example.com'
        """,
        params,
    )
    # Outcome as the ORM computes it (closed = not proceeding, won stage = launched).
    cr.execute(
        """
        UPDATE provide_enquiry e SET
            outcome = CASE WHEN NOT e.active THEN 'lost'
                           WHEN s.is_won THEN 'won' ELSE 'open' END,
            close_reason_id = CASE WHEN e.active THEN NULL
                 ELSE (SELECT MIN(id) FROM provide_close_reason) END,
            date_closed = CASE WHEN NOT e.active OR s.is_won THEN NOW() END
        FROM provide_assessment_stage s
        WHERE s.id = e.stage_id AND e.reference LIKE 'BENCH%%'
          AND e.id > (SELECT COALESCE(MAX(id), 0) - (%(hi)s - %(lo)s + 1)
                      FROM provide_enquiry)
        """,
        params,
    )
    cr.execute(
        """
        INSERT INTO crm_lead (name, type, stage_id, team_id, user_id, company_id,
            active, priority, probability, expected_revenue, partner_id,
            contact_name, email_from, create_date, write_date, create_uid,
            write_uid, date_last_stage_update, date_open)
        SELECT 'Bench lead ' || g, 'opportunity',
            (%(crm_stages)s::int[])[1 + g %% array_length(%(crm_stages)s::int[], 1)],
            %(team)s,
            (%(users)s::int[])[1 + g %% array_length(%(users)s::int[], 1)],
            %(company)s, g %% 10 <> 0, (g %% 4)::text, 10, (g %% 100) * 1000,
            p.id, p.name, p.email, NOW() - (g %% 700) * INTERVAL '1 day', NOW(),
            1, 1, NOW() - (g %% 90) * INTERVAL '1 day', NOW()
        FROM generate_series(%(lo)s, %(hi)s) g
        JOIN res_partner p ON p.email = 'enquirer' || g || '@bench.example.com'
        """,
        params,
    )
    # Activities (two per seven records: 7 is coprime with the 12-record
    # cycle of stage x priority, so every kanban page mixes cards with and
    # without activities at every size) and stage history (one tracked stage
    # move per enquiry) for both models.
    tables = (("provide.enquiry", "provide_enquiry"), ("crm.lead", "crm_lead"))
    for model, table in tables:
        name_col = "reference" if table == "provide_enquiry" else "name"
        prefix = "BENCH" if table == "provide_enquiry" else "Bench lead "
        cr.execute(
            f"""
            INSERT INTO mail_activity (res_model_id, res_model, res_id,
                activity_type_id, user_id, date_deadline, summary, create_date,
                write_date, create_uid, write_uid, automated)
            SELECT (SELECT id FROM ir_model WHERE model = %(model)s), %(model)s,
                r.id, (SELECT MIN(id) FROM mail_activity_type), r.user_id,
                CURRENT_DATE + (r.id %% 30 - 10), 'Call back', NOW(), NOW(), 1, 1,
                FALSE
            FROM {table} r
            WHERE r.{name_col} LIKE %(prefix)s AND r.id %% 7 IN (0, 3)
              AND r.id > (SELECT COALESCE(MAX(id), 0) - (%(hi)s - %(lo)s + 1)
                          FROM {table})
            """,
            dict(params, model=model, prefix=prefix + "%"),
        )
        cr.execute(
            f"""
            WITH m AS (
                INSERT INTO mail_message (model, res_id, message_type, body,
                    date, author_id, create_date, write_date, create_uid,
                    write_uid)
                SELECT %(model)s, r.id, 'notification', '', r.date_last_stage_update,
                    3, NOW(), NOW(), 1, 1
                FROM {table} r
                WHERE r.{name_col} LIKE %(prefix)s
                  AND r.id > (SELECT COALESCE(MAX(id), 0) - (%(hi)s - %(lo)s + 1)
                              FROM {table})
                RETURNING id, res_id
            )
            INSERT INTO mail_tracking_value (mail_message_id, field_id,
                old_value_integer, new_value_integer, create_date, write_date)
            SELECT m.id,
                (SELECT id FROM ir_model_fields
                 WHERE model = %(model)s AND name = 'stage_id'),
                (%(first)s::int[])[1], r.stage_id, NOW(), NOW()
            FROM m JOIN {table} r ON r.id = m.res_id
            """,
            dict(
                params,
                model=model,
                prefix=prefix + "%",
                first=stages if table == "provide_enquiry" else crm_stages,
            ),
        )
    cr.execute("ANALYZE")
    return time.perf_counter() - start


def fill_after_launch(cr):
    """What happens to the benchmark's enquiries after they came in, for the
    funder report: a done assessment on one in three, a delivered study on
    one in ten, the co-op of each launched enquiry (launched on its last
    stage move) with one outcome check-in six months on, and two confirmed
    service-delivery lines per enquiry. Only for enquiries that have none of
    it yet, so sizes accumulate."""
    start = time.perf_counter()
    # Launched on their last stage move, as the ORM dates a launch.
    cr.execute(
        """
        UPDATE provide_enquiry SET date_closed = date_last_stage_update
         WHERE outcome = 'won' AND coop_id IS NULL AND reference LIKE 'BENCH%'
        """
    )
    cr.execute(
        """
        INSERT INTO provide_assessment (enquiry_id, company_id, assessor_id,
            date, state, score, criteria_count, scored_count, create_date,
            write_date, create_uid, write_uid)
        SELECT e.id, e.company_id, e.user_id,
            (LEAST(e.date_received + (e.id % 40) * INTERVAL '1 day',
                   NOW()))::date,
            'done', 60, 6, 6, NOW(), NOW(), 1, 1
          FROM provide_enquiry e
         WHERE e.reference LIKE 'BENCH%' AND e.id % 3 = 0
           AND NOT EXISTS (SELECT 1 FROM provide_assessment a
                            WHERE a.enquiry_id = e.id)
        """
    )
    cr.execute(
        """
        INSERT INTO provide_feasibility_study (name, enquiry_id, company_id,
            author_id, state, date_delivered, cost, days_spent, create_date,
            write_date, create_uid, write_uid)
        SELECT 'Bench study ' || e.id, e.id, e.company_id, e.user_id,
            'delivered',
            (LEAST(e.date_received + (30 + e.id % 60) * INTERVAL '1 day',
                   NOW()))::date,
            1000 + (e.id % 20) * 100, 3, NOW(), NOW(), 1, 1
          FROM provide_enquiry e
         WHERE e.reference LIKE 'BENCH%' AND e.id % 10 = 0
           AND NOT EXISTS (SELECT 1 FROM provide_feasibility_study s
                            WHERE s.enquiry_id = e.id)
        """
    )
    # The co-ops: a company contact each, then the co-op, then the link.
    extra = (
        ", autopost_bills" if _has_column(cr, "res_partner", "autopost_bills") else ""
    )
    extra_value = ", 'ask'" if extra else ""
    cr.execute(
        f"""
        INSERT INTO res_partner (name, active, type, is_company, is_coop,
            create_date, write_date, lang{extra})
        SELECT 'Bench co-op ' || e.id, TRUE, 'contact', TRUE, TRUE, NOW(),
            NOW(), 'en_US'{extra_value}
          FROM provide_enquiry e
         WHERE e.outcome = 'won' AND e.coop_id IS NULL
           AND e.reference LIKE 'BENCH%'
        """
    )
    cr.execute(
        """
        INSERT INTO provide_coop (partner_id, name, company_id, user_id,
            date_launched, legal_form, membership_model, members_worker,
            members_user, members_community, members_other, member_count,
            jobs_transferred, jobs_created, service_users, sector_id,
            enquiry_id, enquiry_count, checkin_count, trading_status, active,
            create_date, write_date, create_uid, write_uid)
        SELECT p.id, p.name, e.company_id, e.user_id, e.date_closed::date,
            'coop_society', 'worker', 5 + e.id % 20, 0, 0, 0, 5 + e.id % 20,
            e.id % 30, e.id % 4, 100 + e.id % 500, e.sector_id, e.id, 1, 0,
            'not_checked', TRUE, NOW(), NOW(), 1, 1
          FROM provide_enquiry e
          JOIN res_partner p ON p.name = 'Bench co-op ' || e.id
         WHERE e.outcome = 'won' AND e.coop_id IS NULL
           AND e.reference LIKE 'BENCH%'
        """
    )
    cr.execute(
        """
        UPDATE provide_enquiry e SET coop_id = c.id
          FROM provide_coop c
         WHERE c.enquiry_id = e.id AND e.coop_id IS NULL
        """
    )
    cr.execute(
        """
        WITH checkin AS (
            INSERT INTO provide_coop_checkin (coop_id, company_id, date,
                still_trading, members_worker, members_user,
                members_community, members_other, member_count, jobs,
                turnover, contract_renewed, service_users, months_after_launch,
                create_date, write_date, create_uid, write_uid)
            SELECT c.id, c.company_id, c.date_launched + 180, c.id % 9 <> 0,
                c.member_count + 1, 0, 0, 0, c.member_count + 1,
                c.jobs_transferred + c.jobs_created, 100000 + c.id % 50 * 1000,
                'not_due', c.service_users, 5, NOW(), NOW(), 1, 1
              FROM provide_coop c
             WHERE c.checkin_count = 0 AND c.date_launched + 180 <= CURRENT_DATE
            RETURNING id, coop_id, still_trading
        )
        UPDATE provide_coop c SET latest_checkin_id = checkin.id,
            checkin_count = 1,
            trading_status = CASE WHEN checkin.still_trading
                                  THEN 'trading' ELSE 'ceased' END
          FROM checkin WHERE checkin.coop_id = c.id
        """
    )
    # Two confirmed lines per enquiry, by its adviser, in its first weeks.
    cr.execute(
        """
        INSERT INTO provide_service_delivery (enquiry_id, company_id, date,
            user_id, partner_id, kind, hours, attendees, state, create_date,
            write_date, create_uid, write_uid)
        SELECT e.id, e.company_id,
            (LEAST(e.date_received + (n * 20 + e.id % 30) * INTERVAL '1 day',
                   NOW()))::date,
            e.user_id, u.partner_id,
            (ARRAY['phone','meeting','workshop','feasibility','other'])
                [1 + (e.id + n) % 5],
            0.5 * (1 + (e.id + n) % 8), 0, 'confirmed', NOW(), NOW(), 1, 1
          FROM provide_enquiry e
          JOIN res_users u ON u.id = e.user_id
          CROSS JOIN generate_series(0, 1) n
         WHERE e.reference LIKE 'BENCH%'
           AND NOT EXISTS (SELECT 1 FROM provide_service_delivery d
                            WHERE d.enquiry_id = e.id)
        """
    )
    cr.execute(
        """
        UPDATE provide_enquiry e SET support_hours = d.hours
          FROM (SELECT enquiry_id, SUM(hours) AS hours
                  FROM provide_service_delivery
                 WHERE state = 'confirmed' GROUP BY enquiry_id) d
         WHERE d.enquiry_id = e.id
        """
    )
    cr.execute("ANALYZE")
    cr.execute("SELECT COUNT(*) FROM provide_service_delivery")
    lines = cr.fetchone()[0]
    return time.perf_counter() - start, lines


def bench_programme(env, today):
    """A funder's programme covering every enquiry of the benchmark (three
    years back, one ahead), with targets."""
    funder = env["res.partner"].create({"name": "Bench funder", "is_company": True})
    return env["provide.programme"].create(
        {
            "name": "Bench programme",
            "funder_id": funder.id,
            "date_start": today - relativedelta(years=3),
            "date_end": today + relativedelta(years=1),
            "target_ids": [
                (0, 0, {"indicator": indicator, "target": 1000})
                for indicator in ("enquiries", "launches", "support_hours")
            ],
        }
    )


def measure_reports(cr):
    """[(what, queries, median ms)] of the funder report for a quarter and a
    year (the figures of its PDF, its HTML, its spreadsheet) and the
    pipeline summary of a quarter, as the admin runs them."""
    env = odoo.api.Environment(cr, odoo.SUPERUSER_ID, {})
    admin = env.ref("base.user_admin")
    env = env(user=admin.id, context={"lang": "en_US"})
    today = datetime.date.today()
    this_quarter = datetime.date(today.year, (today.month - 1) // 3 * 3 + 1, 1)
    quarter_start = this_quarter - relativedelta(months=3)
    quarter_end = this_quarter - relativedelta(days=1)
    year_start, year_end = today - relativedelta(years=1), today
    programme = bench_programme(env, today)
    periods = {
        "a quarter": (quarter_start, quarter_end),
        "a year": (year_start, year_end),
    }
    reports = {
        name: env["provide.funder.report"].create(
            {
                "programme_id": programme.id,
                "period": "custom",
                "date_from": start,
                "date_to": end,
            }
        )
        for name, (start, end) in periods.items()
    }
    Funder = env["report.provide_coop.provide_funder_report_document"]
    summary = env["provide.pipeline.summary"].create(
        {"date_from": quarter_start, "date_to": quarter_end}
    )
    Report = env["ir.actions.report"]
    rows = []
    for name, report in reports.items():
        rows.append(
            (
                f"funder report figures, {name}",
                *measure(
                    env,
                    lambda name=name: Funder._report_data(programme, *periods[name]),
                    REPORT_RUNS,
                ),
            )
        )
        rows.append(
            (
                f"funder report HTML, {name}",
                *measure(
                    env,
                    lambda report=report: Report._render_qweb_html(
                        "provide_coop.provide_funder_report_pdf", report.ids
                    ),
                    REPORT_RUNS,
                ),
            )
        )
        rows.append(
            (
                f"funder report spreadsheet, {name}",
                *measure(
                    env,
                    lambda name=name: Funder._xlsx(programme, *periods[name]),
                    REPORT_RUNS,
                ),
            )
        )
    rows.append(
        (
            "pipeline summary, a quarter",
            *measure(env, summary._summary_data, REPORT_RUNS),
        )
    )
    data = Funder._detail_rows(
        programme, Funder._bounds(programme, *periods["a year"])[0]
    )
    detail_rows = sum(len(lines) for lines in data["rows"].values())
    return rows, detail_rows


def _has_column(cr, table, column):
    cr.execute(
        "SELECT 1 FROM information_schema.columns"
        " WHERE table_name = %s AND column_name = %s",
        (table, column),
    )
    return bool(cr.fetchone())


def kanban(model, domain, spec, aggregates):
    # Each call is its own request in the web client: no record cache shared.
    model.env.invalidate_all()
    groups = model.web_read_group(domain, aggregates, ["stage_id"], lazy=True)
    model.env.invalidate_all()
    model.read_progress_bar(
        domain,
        "stage_id",
        {
            "field": "activity_state",
            "colors": {"planned": "success", "today": "warning", "overdue": "danger"},
        },
    )
    for group in groups["groups"]:
        if group.get("__fold"):
            continue
        model.env.invalidate_all()
        model.web_search_read(group["__domain"], spec, limit=PAGE, count_limit=PAGE + 1)


def measure(env, func, runs=RUNS):
    cr = env.cr
    timings, queries = [], None
    for _ in range(runs):
        env.invalidate_all()
        before = cr.sql_log_count
        start = time.perf_counter()
        func()
        timings.append((time.perf_counter() - start) * 1000)
        queries = cr.sql_log_count - before
    return queries, statistics.median(timings)


def measure_everyday(env):
    """The everyday operations of one person at the desk, ours against CRM,
    each with its flush and its commit-time work (chatter tracking), as a
    request ends: create a card, move it one stage (back and forth between
    the first two stages, alternately), post a note on it."""
    admin = env.ref("base.user_admin")
    env = env(user=admin.id, context={"lang": "en_US"})
    Enquiry, Lead = env["provide.enquiry"], env["crm.lead"]
    partner = env["res.partner"].search([("email", "!=", False)], limit=1)
    ours_stages = env["provide.assessment.stage"].search([], limit=2)
    crm_stages = env["crm.stage"].search([], limit=2)

    def done():
        env.flush_all()
        env.cr.flush()  # the commit hooks: tracking messages

    def create(model, vals):
        def run():
            model.create(dict(vals))
            done()

        return run

    def mover(record, stages):
        turn = iter(range(10**6))

        def run():
            record.write({"stage_id": stages[next(turn) % 2].id})
            done()

        return run

    def note(record):
        def run():
            record.message_post(body="Called back", subtype_xmlid="mail.mt_note")
            done()

        return run

    enquiry = Enquiry.create({"name": "Everyday", "partner_id": partner.id})
    lead = Lead.create(
        {"name": "Everyday", "type": "opportunity", "partner_id": partner.id}
    )
    enquiry.write({"stage_id": ours_stages[0].id})
    lead.write({"stage_id": crm_stages[0].id})
    done()
    enquiry_vals = {"name": "Everyday", "partner_id": partner.id}
    lead_vals = {"name": "Everyday", "type": "opportunity", "partner_id": partner.id}
    return [
        (
            "create",
            measure(env, create(Enquiry, enquiry_vals)),
            measure(env, create(Lead, lead_vals)),
        ),
        (
            "stage move",
            measure(env, mover(enquiry, ours_stages[::-1])),
            measure(env, mover(lead, crm_stages[::-1])),
        ),
        (
            "note",
            measure(env, note(enquiry)),
            measure(env, note(lead)),
        ),
    ]


def measure_size(cr):
    """[(what, (queries, ms) ours, (queries, ms) CRM)] at the current size."""
    env = odoo.api.Environment(cr, odoo.SUPERUSER_ID, {})
    admin = env.ref("base.user_admin")
    env = env(user=admin.id, context={"lang": "en_US"})
    Enquiry, Lead = env["provide.enquiry"], env["crm.lead"]
    Report = env["provide.pipeline.report"]
    our_spec = web_client.view_spec(
        Enquiry, "kanban", "provide_coop.provide_enquiry_view_kanban"
    )
    crm_spec = web_client.view_spec(Lead, "kanban", "crm.crm_case_kanban_view_leads")
    crm_domain = [("type", "=", "opportunity")]
    crm_sums = ["expected_revenue:sum", "recurring_revenue_monthly:sum"]
    form_spec = web_client.view_spec(
        Enquiry, "form", "provide_coop.provide_enquiry_view_form"
    )
    crm_form_spec = web_client.view_spec(Lead, "form", "crm.crm_lead_view_form")
    one = Enquiry.search([], limit=1)
    one_lead = Lead.search(crm_domain, limit=1)
    return [
        (
            "kanban first load",
            measure(env, lambda: kanban(Enquiry, [], our_spec, [])),
            measure(env, lambda: kanban(Lead, crm_domain, crm_spec, crm_sums)),
        ),
        (
            "pivot sector x stage",
            measure(
                env,
                lambda: Report.read_group(
                    [], ["__count"], ["sector_id", "stage_id"], lazy=False
                ),
            ),
            measure(
                env,
                lambda: Lead.read_group(
                    crm_domain, ["__count"], ["team_id", "stage_id"], lazy=False
                ),
            ),
        ),
        (
            "open one form",
            measure(env, lambda: one.web_read(form_spec)),
            measure(env, lambda: one_lead.web_read(crm_form_spec)),
        ),
    ]


def main():
    conf, dbname, *sizes = sys.argv[1:]
    sizes = [int(s) for s in sizes] or [1000, 10000, 100000]
    config.parse_config(["-c", conf, "-d", dbname])
    registry = odoo.modules.registry.Registry(dbname)
    rows, report_rows = [], []
    for n in sizes:
        with registry.cursor() as cr:
            seconds = fill(cr, n)
        print(f"{n} enquiries and {n} leads written in {seconds:.1f}s", flush=True)
        if os.environ.get("BENCH_PIPELINE") != "0":
            with registry.cursor() as cr:
                cr.execute("ANALYZE")
                rows.extend((n, *row) for row in measure_size(cr))
                cr.rollback()
            with registry.cursor() as cr:
                env = odoo.api.Environment(cr, odoo.SUPERUSER_ID, {})
                rows.extend((n, *row) for row in measure_everyday(env))
                cr.rollback()
        with registry.cursor() as cr:
            seconds, lines = fill_after_launch(cr)
        print(
            f"{lines} service-delivery lines and what follows a launch written "
            f"in {seconds:.1f}s",
            flush=True,
        )
        with registry.cursor() as cr:
            measured, detail_rows = measure_reports(cr)
            report_rows.extend((n, lines, *row) for row in measured)
            print(f"a year's spreadsheet has {detail_rows} rows", flush=True)
            cr.rollback()
    print()
    print("| N | what | queries (ours / CRM) | median ms (ours / CRM) | ratio |")
    print("| ---: | --- | ---: | ---: | ---: |")
    for n, what, (q, ms), (cq, cms) in rows:
        print(
            f"| {n:,} | {what} | {q} / {cq} | {ms:.1f} / {cms:.1f} | {ms / cms:.2f} |"
        )
    print()
    print("| enquiries | delivery lines | what | queries | median ms |")
    print("| ---: | ---: | --- | ---: | ---: |")
    for n, lines, what, q, ms in report_rows:
        print(f"| {n:,} | {lines:,} | {what} | {q} | {ms:.1f} |")


if __name__ == "__main__":
    main()
