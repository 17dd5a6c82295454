"""Screenshots of provide_coop on its demo data, for the README and the app page.

Run by `make screenshots` (tools/run_screenshots.sh), which makes a throw-away
database with the demo data and passes its configuration file. This script
starts Odoo on a free port, logs in as an adviser and as a manager in headless
Chromium (Playwright driving the system's /usr/bin/chromium: no browser is
downloaded) and saves PNGs into provide_coop/static/description/. The booklet's
first pages are its PDF, rendered to PNG with pdftoppm (poppler-utils).

    python tools/screenshots.py --conf odoo.conf --db DB [--only NAME.png ...]
"""

import argparse
import io
import os
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import time
import urllib.request
from pathlib import Path

import psycopg2
from PIL import Image, ImageDraw, ImageFilter
from playwright.sync_api import sync_playwright

ROOT = Path(__file__).resolve().parent.parent
OUT = ROOT / "provide_coop" / "static" / "description"
VIEWPORT = {"width": 1440, "height": 900}
CHROMIUM = os.environ.get("CHROMIUM", "/usr/bin/chromium")
# Demo logins and passwords (demo/res_users_demo.xml): a manager, advisers.
PASSWORDS = {"rosa": "rosa", "ana": "ana", "ben": "ben"}
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

    def shoot(self, page, name, check_no_error=True):
        if check_no_error:
            errors = page.locator(".o_error_dialog, .o_notification.border-danger")
            if errors.count():
                raise SystemExit(
                    f"{name}: an error shows on the page: {errors.first.inner_text()}"
                )
        # Passing notices (activities assigned at install, and the like) are
        # not what the picture is about; nor is a tooltip under the mouse.
        page.add_style_tag(content=".o_notification_manager { display: none; }")
        # The mouse rests on the navbar's empty middle, right of the longest
        # menu (a manager's) and left of the systray, so no menu is lit.
        page.mouse.move(VIEWPORT["width"] * 5 // 8, 4)
        page.wait_for_timeout(400)
        path = OUT / name
        page.screenshot(path=str(path))
        self.taken.append(path)
        print(f"  {path.relative_to(ROOT)}")


def booklet_image(pdf_bytes, out_path, pages=3):
    """The booklet's first pages side by side, as on a desk."""
    if not shutil.which("pdftoppm"):
        raise SystemExit("pdftoppm is missing: apt-get install poppler-utils")
    with tempfile.TemporaryDirectory() as tmp:
        pdf = Path(tmp) / "booklet.pdf"
        pdf.write_bytes(pdf_bytes)
        subprocess.run(
            [
                "pdftoppm",
                "-r",
                "70",
                "-f",
                "1",
                "-l",
                str(pages),
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
    buffer = io.BytesIO()
    sheet.save(buffer, format="PNG", optimize=True)
    out_path.write_bytes(buffer.getvalue())
    print(f"  {out_path.relative_to(ROOT)}")


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


def take(shooter, demo, only):
    sessions = {}
    for name, login, path, ready, steps in page_shots(demo):
        if only and name not in only:
            continue
        if login not in sessions:
            sessions[login] = shooter.session(login)
        page = sessions[login]
        shooter.open(page, path, ready)
        if steps:
            steps(page)
            shooter.settle(page)
        shooter.shoot(page, name)
    if not only or "booklet.png" in only:
        manager = sessions.get(MANAGER) or shooter.session(MANAGER)
        sessions[MANAGER] = manager
        ids = ",".join(map(str, demo.published_studies()))
        response = manager.context.request.get(
            f"{shooter.base}/report/pdf/provide_coop.provide_case_study_booklet/{ids}",
            timeout=120000,
        )
        if not response.ok or not response.body().startswith(b"%PDF"):
            raise SystemExit(
                f"booklet.png: the booklet did not print ({response.status})"
            )
        booklet_image(response.body(), OUT / "booklet.png")
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
