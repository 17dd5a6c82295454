"""Case-study booklet benchmark: the booklet of seven published studies, one
per sector with its picture, downloaded as a person does (logged in, through
/report/pdf from a running server, so wkhtmltopdf loads the report's styles
from it as in production). Then the funder report's PDF of the last year,
over every enquiry in the database, downloaded the same way.

Usage: bench_booklet.py CONF DB PORT
The server must already run on PORT against DB; admin's password is admin.
"""

import base64
import datetime
import re
import statistics
import sys
import time

import requests
from bench_pipeline import bench_programme
from dateutil.relativedelta import relativedelta

import odoo
from odoo.tools import config, file_open

RUNS = 3


def studies(dbname):
    """The ids of seven published studies, written once."""
    registry = odoo.modules.registry.Registry(dbname)
    with registry.cursor() as cr:
        env = odoo.api.Environment(cr, odoo.SUPERUSER_ID, {})
        Study = env["provide.case.study"]
        found = Study.search([("name", "=like", "Bench study %")])
        if not found:
            vals = []
            pictures = ["housing", "social_care", "childcare", "health"]
            pictures += ["education", "waste", "leisure"]
            for sector, picture in zip(
                env["provide.sector"].search([], limit=7), pictures, strict=False
            ):
                path = f"provide_coop/static/img/sectors/{picture}.png"
                image = base64.b64encode(file_open(path, "rb").read())
                vals.append(
                    {
                        "name": f"Bench study {sector.name}",
                        "sector_id": sector.id,
                        "city": "Manchester",
                        "summary": "A co-op delivering a public service. " * 4,
                        "description": "<p>How it started and what it changed.</p>" * 6,
                        "member_count": 120,
                        "workforce_size": 12,
                        "outcome": "What changed since it took the service on. " * 3,
                        "image_1920": image,
                        "is_published": True,
                    }
                )
            found = Study.create(vals)
        return found.ids


def funder_report(dbname):
    """The id of a funder report (the wizard) of the last year, for a
    programme covering every enquiry, made as admin (a wizard is read by
    the user who made it)."""
    registry = odoo.modules.registry.Registry(dbname)
    with registry.cursor() as cr:
        env = odoo.api.Environment(cr, odoo.SUPERUSER_ID, {})
        env = env(user=env.ref("base.user_admin").id)
        today = datetime.date.today()
        programme = bench_programme(env, today)
        report = env["provide.funder.report"].create(
            {
                "programme_id": programme.id,
                "period": "custom",
                "date_from": today - relativedelta(years=1),
                "date_to": today,
            }
        )
        enquiries = env["provide.enquiry"].with_context(active_test=False)
        return report.id, enquiries.search_count([])


def download(session, url):
    """[seconds per download], size in bytes: RUNS downloads of `url`, after
    one that compiles the report's styles."""
    times, size = [], 0
    for _run in range(RUNS + 1):
        start = time.perf_counter()
        response = session.get(url, timeout=300)
        response.raise_for_status()
        assert response.content.startswith(b"%PDF"), response.text[:200]
        times.append(time.perf_counter() - start)
        size = len(response.content)
    return times[1:], size


def main():
    conf, dbname, port = sys.argv[1:4]
    config.parse_config(["-c", conf, "-d", dbname])
    ids = studies(dbname)
    base = f"http://127.0.0.1:{port}"
    session = requests.Session()
    page = session.get(f"{base}/web/login", timeout=60)
    csrf = re.search(r'name="csrf_token" value="([^"]+)"', page.text).group(1)
    session.post(
        f"{base}/web/login",
        data={"login": "admin", "password": "admin", "csrf_token": csrf},
        timeout=60,
    )
    url = f"{base}/report/pdf/provide_coop.provide_case_study_booklet/"
    url += ",".join(map(str, ids))
    times, size = download(session, url)
    print(
        f"\nCase-study booklet, {len(ids)} studies: "
        f"{statistics.median(times):.1f} s (median of {RUNS}), "
        f"{size / 1e6:.2f} MB"
    )
    report_id, count = funder_report(dbname)
    url = f"{base}/report/pdf/provide_coop.provide_funder_report_pdf/{report_id}"
    times, size = download(session, url)
    print(
        f"Funder report PDF, the last year, {count:,} enquiries: "
        f"{statistics.median(times):.1f} s (median of {RUNS}), "
        f"{size / 1e6:.2f} MB"
    )


if __name__ == "__main__":
    main()
