"""Screenshots of provide_coop on its demo data, for the README and the app page.

Run by `make screenshots` (tools/run_screenshots.sh), which makes a throw-away
database with the demo data and passes its configuration file. This script
starts Odoo on a free port, logs in as an adviser and as a manager in headless
Chromium (Playwright driving the system's /usr/bin/chromium: no browser is
downloaded) and saves PNGs into provide_coop/static/description/ (the app
page's) and docs/screenshots/ (the rest: what an administrator, an adviser, a
manager and a visitor see, kept as evidence of how the app behaves). PDFs are
rendered to PNG with pdftoppm (poppler-utils), pages side by side.

    python tools/screenshots.py --conf odoo.conf --db DB [--only NAME.png ...]
"""

import argparse
import io
import json
import os
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import time
import urllib.request
from datetime import date, timedelta
from pathlib import Path

import psycopg2
from PIL import Image, ImageDraw, ImageFilter
from playwright.sync_api import sync_playwright

ROOT = Path(__file__).resolve().parent.parent
OUT = ROOT / "provide_coop" / "static" / "description"
DOCS = ROOT / "docs" / "screenshots"
VIEWPORT = {"width": 1440, "height": 900}
CHROMIUM = os.environ.get("CHROMIUM", "/usr/bin/chromium")
# Demo logins and passwords (demo/res_users_demo.xml): a manager, advisers.
PASSWORDS = {"rosa": "rosa", "ana": "ana", "ben": "ben", "admin": "admin"}
ADMIN = "admin"
MANAGER = "rosa"
ADVISER = "ana"
ADVISERS = ("ana", "ben")


def free_port():
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def start_odoo(conf, db, port):
    python = Path(os.environ.get("VENV", ROOT / ".venv")) / "bin" / "python"
    odoo_bin = Path(os.environ.get("ODOO_SRC", "/opt/odoo-18.0")) / "odoo-bin"
    server = subprocess.Popen(
        [
            str(python),
            str(odoo_bin),
            "-c",
            conf,
            "-d",
            db,
            f"--db-filter=^{db}$",
            "--http-interface=127.0.0.1",
            f"--http-port={port}",
            "--log-level=warn",
            # Known noise: no network for the company's auto-complete, and
            # Debian's wkhtmltopdf ignoring the header and footer switches.
            "--log-handler=odoo.addons.partner_autocomplete:CRITICAL",
            "--log-handler=odoo.addons.iap.tools.iap_tools:CRITICAL",
            "--log-handler=odoo.addons.base.models.ir_actions_report:ERROR",
            "--workers=0",
        ],
        start_new_session=True,
    )
    deadline = time.time() + 120
    while time.time() < deadline:
        try:
            urllib.request.urlopen(f"http://127.0.0.1:{port}/web/login", timeout=5)
            return server
        except OSError:
            if server.poll() is not None:
                sys.exit("Odoo stopped before it served a page.")
            time.sleep(1)
    stop_odoo(server)
    sys.exit("Odoo did not answer within two minutes.")


def stop_odoo(server):
    if server.poll() is None:
        os.killpg(server.pid, signal.SIGTERM)
        try:
            server.wait(timeout=30)
        except subprocess.TimeoutExpired:
            os.killpg(server.pid, signal.SIGKILL)


class Demo:
    """The demo records the screenshots open, found by what they are."""

    def __init__(self, conf_db):
        self.db = conf_db

    def query(self, sql):
        with (
            psycopg2.connect(
                dbname=self.db,
                host=os.environ.get("PGHOST", "127.0.0.1"),
                port=os.environ.get("PGPORT", "5432"),
            ) as conn,
            conn.cursor() as cr,
        ):
            cr.execute(sql)
            return cr.fetchall()

    def xmlid(self, name):
        return self.query(
            "SELECT res_id FROM ir_model_data "
            f"WHERE module = 'provide_coop' AND name = '{name}'"
        )[0][0]

    def assessed_enquiry(self, login):
        """An open enquiry of `login` with a done assessment, the best scored."""
        return self.query(
            f"""SELECT e.id, e.assessment_id FROM provide_enquiry e
                  JOIN res_users u ON u.id = e.user_id AND u.login = '{login}'
                 WHERE e.active AND e.assessment_state = 'done' AND e.outcome = 'open'
              ORDER BY e.assessment_score DESC, e.id LIMIT 1"""
        )[0]

    def enquiry_with_suggestions(self):
        """An open enquiry of a demo adviser, with a workforce, for which a
        published study of its sector is not linked yet (so one is suggested
        first), and the adviser's login."""
        return self.query(
            f"""SELECT e.id, u.login FROM provide_enquiry e
                  JOIN res_users u ON u.id = e.user_id
                   AND u.login IN {tuple(ADVISERS)}
                 WHERE e.active AND e.workforce_size > 0
                   AND EXISTS (
                       SELECT 1 FROM provide_case_study s
                        WHERE s.is_published AND s.sector_id = e.sector_id
                          AND s.id NOT IN (
                              SELECT case_study_id FROM provide_enquiry_case_study_rel
                               WHERE enquiry_id = e.id))
              ORDER BY e.id LIMIT 1"""
        )[0]

    def event_enquiry(self):
        """An enquiry started from a conference booking: an open one if the
        demo has one, else one closed since (the demo's are, as in 2011)."""
        return self.query(
            """SELECT id FROM provide_enquiry
                WHERE registration_id IS NOT NULL ORDER BY active DESC, id LIMIT 1"""
        )[0][0]

    def published_studies(self):
        return [
            row[0]
            for row in self.query(
                "SELECT id FROM provide_case_study "
                "WHERE is_published AND active ORDER BY id"
            )
        ]

    def enquiry_with_studies(self, login):
        """An open enquiry of `login` with published studies linked, one
        whose enquirer is a Dr first: its booklet and its letter are shown."""
        return self.query(
            f"""SELECT e.id FROM provide_enquiry e
                  JOIN res_users u ON u.id = e.user_id AND u.login = '{login}'
                  JOIN provide_enquiry_case_study_rel r ON r.enquiry_id = e.id
                  JOIN provide_case_study s ON s.id = r.case_study_id
                                           AND s.is_published
                 WHERE e.active AND e.outcome = 'open'
              GROUP BY e.id
              ORDER BY bool_or(e.contact_name LIKE 'Dr %') DESC,
                       count(*) DESC, e.id LIMIT 1"""
        )[0][0]

    def enquiry_with_proposed_support(self, login):
        """An open enquiry of `login` with a support line proposed by a done
        activity, waiting for its hours."""
        return self.query(
            f"""SELECT e.id FROM provide_enquiry e
                  JOIN res_users u ON u.id = e.user_id AND u.login = '{login}'
                 WHERE e.active AND e.outcome = 'open' AND EXISTS (
                       SELECT 1 FROM provide_service_delivery d
                        WHERE d.enquiry_id = e.id AND d.state = 'proposed')
              ORDER BY e.id LIMIT 1"""
        )[0][0]

    def enquiry_in_stage(self, login, stage_xmlid):
        """An open enquiry of `login` in the stage `stage_xmlid`."""
        stage = self.xmlid(stage_xmlid)
        return self.query(
            f"""SELECT e.id FROM provide_enquiry e
                  JOIN res_users u ON u.id = e.user_id AND u.login = '{login}'
                 WHERE e.active AND e.outcome = 'open' AND e.stage_id = {stage}
              ORDER BY e.id LIMIT 1"""
        )[0][0]


class Shooter:
    def __init__(self, browser, base):
        self.browser = browser
        self.base = base
        self.taken = []

    def session(self, login=None):
        context = self.browser.new_context(viewport=VIEWPORT, locale="en-GB")
        page = context.new_page()
        if login:
            page.goto(f"{self.base}/web/login")
            page.fill("input[name=login]", login)
            page.fill("input[name=password]", PASSWORDS[login])
            page.click("button[type=submit]")
            page.wait_for_selector(".o_main_navbar", timeout=60000)
        return page

    def open(self, page, path, ready=".o_view_controller"):
        page.goto(f"{self.base}{path}")
        page.wait_for_selector(ready, timeout=60000)
        self.settle(page)

    @staticmethod
    def settle(page):
        # Let lazy widgets, avatars and charts finish drawing (Odoo's bus keeps
        # a connection open, so the network never goes idle).
        page.wait_for_selector(".o_blockUI, .o_loading_indicator", state="detached")
        page.wait_for_timeout(1500)

    def shoot(self, page, name, check_no_error=True, out=OUT, notifications=False):
        if check_no_error:
            errors = page.locator(".o_error_dialog, .o_notification.border-danger")
            if errors.count():
                raise SystemExit(
                    f"{name}: an error shows on the page: {errors.first.inner_text()}"
                )
        # Passing notices (activities assigned at install, and the like) are
        # not what the picture is about, unless it is about the notice; nor
        # is a tooltip under the mouse.
        if not notifications:
            page.add_style_tag(content=".o_notification_manager { display: none; }")
        # The mouse rests on the navbar's empty middle, right of the longest
        # menu (a manager's) and left of the systray, so no menu is lit.
        page.mouse.move(VIEWPORT["width"] * 5 // 8, 4)
        page.wait_for_timeout(400)
        path = out / name
        save_png(Image.open(io.BytesIO(page.screenshot())), path, out != OUT)
        self.taken.append(path)


def save_png(image, path, palette):
    """`image` as an optimised PNG at `path`; with `palette`, in 256 colours
    (a screen or a printed page loses nothing a reader sees, and the file is
    a third of the size)."""
    image = image.convert("RGB")
    if palette:
        image = image.quantize(colors=256, method=Image.Quantize.MEDIANCUT)
    path.parent.mkdir(parents=True, exist_ok=True)
    image.save(path, format="PNG", optimize=True)
    print(f"  {path.relative_to(ROOT)}")


def pdf_image(pdf_bytes, out_path, pages=3, first=1, palette=True):
    """Pages `first` to `first + pages - 1` of a PDF side by side, as on a
    desk (fewer when the PDF is shorter)."""
    if not shutil.which("pdftoppm"):
        raise SystemExit("pdftoppm is missing: apt-get install poppler-utils")
    with tempfile.TemporaryDirectory() as tmp:
        pdf = Path(tmp) / "document.pdf"
        pdf.write_bytes(pdf_bytes)
        subprocess.run(
            [
                "pdftoppm",
                "-r",
                "70",
                "-f",
                str(first),
                "-l",
                str(first + pages - 1),
                "-png",
                str(pdf),
                f"{tmp}/page",
            ],
            check=True,
        )
        images = [
            Image.open(path).convert("RGB")
            for path in sorted(Path(tmp).glob("page-*.png"))
        ]
    width, height = images[0].size
    margin, gap = 48, 36
    sheet = Image.new(
        "RGB",
        (
            margin * 2 + width * len(images) + gap * (len(images) - 1),
            margin * 2 + height,
        ),
        (233, 236, 239),
    )
    shadow = Image.new("RGBA", sheet.size, (0, 0, 0, 0))
    draw = ImageDraw.Draw(shadow)
    for index in range(len(images)):
        left = margin + index * (width + gap)
        draw.rectangle(
            [left + 6, margin + 8, left + width + 6, margin + height + 8],
            fill=(0, 0, 0, 70),
        )
    sheet.paste(
        shadow.filter(ImageFilter.GaussianBlur(8)),
        (0, 0),
        shadow.filter(ImageFilter.GaussianBlur(8)),
    )
    for index, image in enumerate(images):
        sheet.paste(image, (margin + index * (width + gap), margin))
    save_png(sheet, out_path, palette)


KANBAN = ".o_kanban_view:not(.o_view_sample_data) .o_kanban_record"
ACTION = "/odoo/action-provide_coop"
EVENT = "/odoo/action-event.action_event_view"


def show_suggestions(page):
    page.click(".o_notebook .nav-link:has-text('Case Studies')")
    page.wait_for_selector(".o_field_widget[name=suggested_case_study_ids] .o_data_row")
    page.evaluate(
        "document.querySelector('.o_notebook').scrollIntoView({block: 'start'})"
    )


def open_follow_up(page):
    page.click("button[name=action_provide_follow_up]")
    page.wait_for_selector(".modal .o_form_view")
    page.click(".modal .modal-title")  # not the e-mail field, selected


def page_shots(demo):
    """(PNG, login or None, path, selector it waits for, further steps) of
    each screenshot of a page, in the order they are taken."""
    enquiry, assessment = demo.assessed_enquiry(ADVISER)
    suggested, owner = demo.enquiry_with_suggestions()
    conference = demo.xmlid("event_cooperative_council_demo")
    form = ".o_form_view"
    return [
        # An adviser
        (
            "enquiry_kanban.png",
            ADVISER,
            f"{ACTION}.provide_enquiry_action_pipeline",
            KANBAN,
            None,
        ),
        (
            "enquiry_form.png",
            ADVISER,
            f"{ACTION}.provide_enquiry_action/{enquiry}",
            form,
            None,
        ),
        (
            "enquiry_assessment.png",
            ADVISER,
            f"{ACTION}.provide_assessment_action/{assessment}",
            form,
            None,
        ),
        (
            "enquiry_origin.png",
            ADVISER,
            f"{ACTION}.provide_enquiry_action/{demo.event_enquiry()}",
            form,
            None,
        ),
        (
            "case_study_suggestions.png",
            owner,
            f"{ACTION}.provide_enquiry_action/{suggested}",
            form,
            show_suggestions,
        ),
        # A manager
        (
            "pipeline_manager.png",
            MANAGER,
            f"{ACTION}.provide_enquiry_action_pipeline",
            KANBAN,
            None,
        ),
        (
            "pipeline_pivot.png",
            MANAGER,
            f"{ACTION}.provide_pipeline_report_action?view_type=pivot",
            ".o_pivot_view table",
            None,
        ),
        (
            "pipeline_graph.png",
            MANAGER,
            f"{ACTION}.provide_pipeline_report_action?view_type=graph",
            ".o_graph_view canvas",
            None,
        ),
        (
            "time_in_stage.png",
            MANAGER,
            f"{ACTION}.provide_stage_time_report_action",
            ".o_pivot_view table",
            None,
        ),
        (
            "event_impact.png",
            MANAGER,
            f"{ACTION}.provide_event_impact_report_action",
            ".o_view_controller",
            None,
        ),
        (
            "case_studies.png",
            MANAGER,
            f"{ACTION}.provide_case_study_action",
            KANBAN,
            None,
        ),
        ("conference.png", MANAGER, f"{EVENT}/{conference}", form, None),
        # The conference's Attendees button: its bookings, the event active.
        (
            "conference_bookings.png",
            MANAGER,
            f"{EVENT}/{conference}/action-event.act_event_registration_from_event",
            ".o_list_view .o_data_row",
            None,
        ),
        ("event_follow_up.png", MANAGER, f"{EVENT}/{conference}", form, open_follow_up),
        # Anyone
        ("web_enquiry_page.png", None, "/coop/enquiry", "form", None),
    ]


def show_support_lines(page):
    page.click(".o_notebook .nav-link:has-text('Support Delivered')")
    page.wait_for_selector(".o_field_widget[name=service_delivery_ids] .o_data_row")
    page.evaluate(
        "document.querySelector('.o_notebook').scrollIntoView({block: 'start'})"
    )


def open_launch(page):
    page.click("button[name=action_launch]:visible")
    page.wait_for_selector(".modal .o_form_view")
    page.click(".modal .modal-title")


def open_send_case_studies(page):
    page.click("button[name=action_provide_send_case_studies]")
    # The composer, with the booklet printed and attached.
    page.wait_for_selector(".modal .o_mail_composer_form_view, .modal .o_form_view")
    page.wait_for_selector(
        ".modal .o_field_mail_composer_attachment_list >> text=Case studies",
        timeout=120000,
    )
    page.click(".modal .modal-title")


def refuse_address(page):
    page.fill("input[name=name]", "Jordan Price")
    page.fill("input[name=email]", "jordan.price@example")
    page.fill("textarea[name=service]", "Home care run by its care workers")
    page.check("input[name=consent]")
    page.click("button[type=submit]")
    page.wait_for_selector("#provide_email_error")
    page.evaluate(
        "document.querySelector('#provide_email_error')"
        ".closest('fieldset, .mb-3').scrollIntoView({block: 'center'})"
    )


def send_follow_up(page):
    open_follow_up(page)
    page.click(".modal button[name=action_send]")
    page.wait_for_selector(".o_notification")


def evidence_shots(demo):
    """The screenshots of docs/screenshots/, as page_shots: what an
    administrator, an adviser, a manager and a visitor see of the points a
    reviewer checks (the first screens, the figures, the wizards, the
    notices, the public form's refusals)."""
    conference = demo.xmlid("event_cooperative_council_demo")
    form = ".o_form_view"
    enquiry = f"{ACTION}.provide_enquiry_action_pipeline"
    return [
        # Odoo's administrator, straight after logging in: no path.
        ("admin_landing.png", ADMIN, None, ".o_action_manager > div", None),
        # An adviser
        (
            "support_lines.png",
            ADVISER,
            f"{enquiry}/{demo.enquiry_with_proposed_support(ADVISER)}",
            form,
            show_support_lines,
        ),
        (
            "launch_wizard.png",
            ADVISER,
            f"{enquiry}/"
            f"{demo.enquiry_in_stage(ADVISER, 'provide_stage_support_team')}",
            form,
            open_launch,
        ),
        (
            "case_study_send.png",
            ADVISER,
            f"{enquiry}/{demo.enquiry_with_studies(ADVISER)}",
            form,
            open_send_case_studies,
        ),
        # A manager
        (
            "conversion_pivot.png",
            MANAGER,
            f"{ACTION}.provide_pipeline_report_action_conversion",
            ".o_pivot_view table",
            None,
        ),
        (
            "enquiries_per_month.png",
            MANAGER,
            f"{ACTION}.provide_pipeline_report_action_month",
            ".o_graph_view canvas",
            None,
        ),
        (
            "coop_survival.png",
            MANAGER,
            f"{ACTION}.provide_coop_survival_report_action?view_type=graph",
            ".o_graph_view canvas",
            None,
        ),
        (
            "outcome_checkins.png",
            MANAGER,
            f"{ACTION}.provide_coop_checkin_action?view_type=pivot",
            ".o_pivot_view table",
            None,
        ),
        (
            "funder_report_form.png",
            MANAGER,
            f"{ACTION}.provide_funder_report_action",
            form,
            None,
        ),
        # Anyone
        ("login.png", None, "/web/login", "form.oe_login_form", None),
        ("web_enquiry_refused.png", None, "/coop/enquiry", "form", refuse_address),
        # Last: it sends the e-mail, so the bookings change.
        ("event_follow_up_sent.png", MANAGER, f"{EVENT}/{conference}", form, None),
    ]


def rpc(page, base, model, method, *args):
    """`model.method(*args)` as the page's user, through the web client's
    own JSON-RPC route."""
    response = page.context.request.post(
        f"{base}/web/dataset/call_kw/{model}/{method}",
        data=json.dumps(
            {
                "jsonrpc": "2.0",
                "method": "call",
                "params": {
                    "model": model,
                    "method": method,
                    "args": args,
                    "kwargs": {},
                },
            }
        ),
        headers={"Content-Type": "application/json"},
    )
    body = response.json()
    if "error" in body:
        raise SystemExit(f"{model}.{method}: {body['error']['data']['message']}")
    return body["result"]


def print_pdf(page, base, report, ids, name):
    response = page.context.request.get(
        f"{base}/report/pdf/{report}/{','.join(map(str, ids))}", timeout=180000
    )
    if not response.ok or not response.body().startswith(b"%PDF"):
        raise SystemExit(f"{name}: the PDF did not print ({response.status})")
    return response.body()


def pdf_shots(demo, page, base):
    """(PNG, PDF bytes, pages, first page, out dir) of each printed
    document, as a manager prints it: the booklets, the conference
    programme, the pipeline summary of the last twelve months and the
    funder report of the demo programme."""
    today = date.today()
    end = today.replace(day=1) - timedelta(days=1)
    start = (end + timedelta(days=1)).replace(year=end.year - 1)
    summary = rpc(
        page,
        base,
        "provide.pipeline.summary",
        "create",
        {"date_from": start.isoformat(), "date_to": end.isoformat()},
    )
    funder = rpc(
        page,
        base,
        "provide.funder.report",
        "create",
        {
            "programme_id": demo.xmlid("provide_programme_cooperative_action_demo"),
            "period": "custom",
        },
    )
    return [
        (
            "booklet.png",
            "provide_coop.provide_case_study_booklet",
            demo.published_studies(),
            3,
            OUT,
        ),
        (
            "enquiry_booklet.png",
            "provide_coop.provide_enquiry_case_study_booklet",
            [demo.enquiry_with_studies(ADVISER)],
            3,
            DOCS,
        ),
        (
            "conference_programme.png",
            "provide_coop.provide_event_programme",
            [demo.xmlid("event_cooperative_council_demo")],
            2,
            DOCS,
        ),
        (
            "pipeline_summary.png",
            "provide_coop.provide_pipeline_summary_document",
            [summary],
            3,
            DOCS,
        ),
        (
            "funder_report.png",
            "provide_coop.provide_funder_report_document",
            [funder],
            3,
            DOCS,
        ),
    ]


def take(shooter, demo, only):
    sessions = {}

    def page_of(login):
        if login not in sessions:
            sessions[login] = shooter.session(login)
        return sessions[login]

    shots = [(shot, OUT) for shot in page_shots(demo)]
    shots += [(shot, DOCS) for shot in evidence_shots(demo)]
    for (name, login, path, ready, steps), out in shots:
        if only and name not in only:
            continue
        if name == "event_follow_up_sent.png":
            continue  # after the PDFs: it changes the bookings
        page = page_of(login)
        if path:
            shooter.open(page, path, ready)
        else:
            page.wait_for_selector(ready, timeout=60000)
            shooter.settle(page)
        if steps:
            steps(page)
            shooter.settle(page)
        shooter.shoot(page, name, out=out)
    # wkhtmltopdf fetches the PDFs' styles from the server: from this one,
    # on its free port, not from where web.base.url last pointed.
    rpc(
        page_of(ADMIN),
        shooter.base,
        "ir.config_parameter",
        "set_param",
        "report.url",
        shooter.base,
    )
    manager = page_of(MANAGER)
    for name, report, ids, pages, out in pdf_shots(demo, manager, shooter.base):
        if only and name not in only:
            continue
        pdf = print_pdf(manager, shooter.base, report, ids, name)
        pdf_image(pdf, out / name, pages=pages, palette=out != OUT)
    if not only or "event_follow_up_sent.png" in only:
        conference = demo.xmlid("event_cooperative_council_demo")
        shooter.open(manager, f"{EVENT}/{conference}", ".o_form_view")
        send_follow_up(manager)
        shooter.shoot(manager, "event_follow_up_sent.png", out=DOCS, notifications=True)
    for page in sessions.values():
        page.context.close()


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--conf", required=True)
    parser.add_argument("--db", required=True)
    parser.add_argument("--only", nargs="*", default=[], help="PNG names to take")
    args = parser.parse_args()
    port = free_port()
    server = start_odoo(args.conf, args.db, port)
    try:
        with sync_playwright() as playwright:
            browser = playwright.chromium.launch(
                executable_path=CHROMIUM, headless=True
            )
            try:
                take(
                    Shooter(browser, f"http://127.0.0.1:{port}"),
                    Demo(args.db),
                    set(args.only),
                )
            finally:
                browser.close()
    finally:
        stop_odoo(server)


if __name__ == "__main__":
    main()
