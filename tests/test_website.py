"""With Odoo's Website app, the public enquiry page sits in the site.

`provide_coop_website` installs itself when both provide_coop and Website are
installed. Its tests need a database with Website, which the main suites do not
install, so they run here: Website and the bridge are installed on a fresh
database with Odoo's own test runner, and every one of the bridge's tests must
run and pass (a skipped test fails this one)."""

import re
import socket

from .odoo_process import fresh_db, log_problems, run_odoo

RESULT = re.compile(r"(\d+) failed, (\d+) error\(s\) of (\d+) tests")
BRIDGE_TESTS = 4


def free_port():
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def test_the_enquiry_page_in_the_website_layout_and_menu():
    # Odoo's HTTP test cases call the server on its configured port.
    with fresh_db("website") as db:
        log = run_odoo(
            db,
            "-i",
            "website,provide_coop",
            "--without-demo=all",
            "--test-enable",
            "--test-tags=/provide_coop_website",
            "--stop-after-init",
            "--http-interface=127.0.0.1",
            f"--http-port={free_port()}",
            timeout=1800,
        )
    results = RESULT.findall(log)
    assert results, log[-4000:]
    failed, errors, ran = map(int, results[-1])
    assert (failed, errors) == (0, 0), log[-8000:]
    assert ran == BRIDGE_TESTS, log[-4000:]
    assert " skipped " not in log, log[-4000:]
    assert log_problems(log) == [], "\n".join(log_problems(log))
