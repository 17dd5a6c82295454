"""Retention benchmark: the scheduled anonymisation of closed enquiries.

Usage: bench_retention.py CONF DB [N]

Writes N enquiries closed as not proceeding 30 months ago (with SQL, as
bench_pipeline.py does), each with its own contact, a note naming the
enquirer and a tracked change of enquirer, then runs the retention cron's
method batch after batch, committing between batches as Odoo's cron runner
does, until nothing is left. Prints the time and the queries of each batch,
and per record.
"""

import statistics
import sys
import time

import odoo
from odoo.tools import config

PREFIX = "Retention bench"


def fill(cr, count):
    start = time.perf_counter()
    cr.execute("SELECT id FROM provide_assessment_stage ORDER BY sequence, id LIMIT 1")
    stage = cr.fetchone()[0]
    cr.execute("SELECT id FROM res_company ORDER BY id LIMIT 1")
    company = cr.fetchone()[0]
    cr.execute("SELECT MIN(id) FROM provide_close_reason")
    reason = cr.fetchone()[0]
    params = {"n": count, "stage": stage, "company": company, "reason": reason}
    cr.execute(
        """
        INSERT INTO res_partner (name, email, phone, active, type, is_company,
            create_date, write_date, lang, complete_name)
        SELECT %(prefix)s || ' person ' || g, 'retained' || g || '@bench.example.com',
            '+44 7700 9' || lpad(g::text, 5, '0'), TRUE, 'contact', FALSE, NOW(),
            NOW(), 'en_US', %(prefix)s || ' person ' || g
        FROM generate_series(1, %(n)s) g
        """,
        dict(params, prefix=PREFIX),
    )
    cr.execute(
        """
        INSERT INTO provide_enquiry (name, reference, company_id, stage_id,
            active, source, partner_id, commercial_partner_id, contact_name,
            email_from, phone, outcome, close_reason_id, lawful_basis,
            date_received, date_last_stage_update, date_closed, last_touch_date,
            create_date, write_date, create_uid, write_uid, priority)
        SELECT 'Idea of ' || p.name, 'RET' || p.id, %(company)s, %(stage)s,
            FALSE, 'phone', p.id, p.id, p.name, p.email, p.phone, 'lost',
            %(reason)s, 'legitimate_interest',
            NOW() - INTERVAL '34 months', NOW() - INTERVAL '32 months',
            NOW() - INTERVAL '30 months', NOW() - INTERVAL '30 months',
            NOW(), NOW(), 1, 1, '0'
        FROM res_partner p WHERE p.name LIKE %(like)s
        """,
        dict(params, like=PREFIX + " person %"),
    )
    cr.execute(
        """
        WITH m AS (
            INSERT INTO mail_message (model, res_id, message_type, body,
                record_name, date, author_id, create_date, write_date,
                create_uid, write_uid)
            SELECT 'provide.enquiry', e.id, 'notification',
                '<p>Called ' || e.contact_name || ' on ' || e.phone || '</p>',
                e.name, NOW() - INTERVAL '33 months', 3, NOW(), NOW(), 1, 1
            FROM provide_enquiry e WHERE e.reference LIKE 'RET%%'
            RETURNING id, res_id
        )
        INSERT INTO mail_tracking_value (mail_message_id, field_id,
            old_value_char, new_value_char, new_value_integer, create_date,
            write_date)
        SELECT m.id,
            (SELECT id FROM ir_model_fields
              WHERE model = 'provide.enquiry' AND name = 'partner_id'),
            '', e.contact_name, e.partner_id, NOW(), NOW()
        FROM m JOIN provide_enquiry e ON e.id = m.res_id
        """
    )
    cr.execute("ANALYZE")
    return time.perf_counter() - start


def main():
    conf, dbname, *rest = sys.argv[1:]
    count = int(rest[0]) if rest else 10000
    config.parse_config(["-c", conf, "-d", dbname])
    registry = odoo.modules.registry.Registry(dbname)
    with registry.cursor() as cr:
        seconds = fill(cr, count)
    print(f"{count} closed enquiries written in {seconds:.1f}s", flush=True)
    batches = []
    total_start = time.perf_counter()
    while True:
        with registry.cursor() as cr:
            env = odoo.api.Environment(cr, odoo.SUPERUSER_ID, {})
            before = cr.sql_log_count
            start = time.perf_counter()
            erasure = env["provide.erasure"]._cron_retention()
            if not erasure:
                break
            batches.append(
                (
                    erasure.enquiry_count + erasure.registration_count,
                    erasure.partner_count,
                    cr.sql_log_count - before,
                    time.perf_counter() - start,
                )
            )
            cr.commit()
    total = time.perf_counter() - total_start
    with registry.cursor() as cr:
        cr.execute(
            "SELECT COUNT(*) FROM provide_enquiry"
            " WHERE reference LIKE 'RET%%' AND anonymised_date IS NOT NULL"
        )
        done = cr.fetchone()[0]
        cr.execute(
            "SELECT COUNT(*) FROM mail_message"
            " WHERE model = 'provide.enquiry' AND body LIKE %s",
            (f"%{PREFIX} person%",),
        )
        left = cr.fetchone()[0]
    records = sum(b[0] for b in batches)
    queries = [b[2] for b in batches]
    times = [b[3] for b in batches]
    print()
    print(
        "| batches | records | contacts forgotten | queries per batch "
        "(min / median / max) | s per batch (median) | total s | ms per record "
        "| queries per record |"
    )
    print("| ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |")
    print(
        f"| {len(batches)} | {records:,} | {sum(b[1] for b in batches):,} "
        f"| {min(queries)} / {statistics.median(queries):g} / {max(queries)} "
        f"| {statistics.median(times):.2f} | {total:.1f} "
        f"| {total * 1000 / records:.2f} | {sum(queries) / records:.3f} |"
    )
    print(
        f"\n{done:,} of {count:,} bench enquiries anonymised; "
        f"{left} messages still naming a bench person."
    )


if __name__ == "__main__":
    main()
