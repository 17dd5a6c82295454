"""Suite-wide rules for `make test`.

A skipped test is a test not run: Odoo skips browser tours quietly when a
dependency (websocket-client, Chromium) is missing, so any skip fails the run.
"""

import pytest

_skipped = []


def pytest_runtest_logreport(report):
    if report.skipped:
        _skipped.append(report.nodeid)


def pytest_sessionfinish(session, exitstatus):
    if _skipped and session.exitstatus == pytest.ExitCode.OK:
        session.exitstatus = pytest.ExitCode.TESTS_FAILED


def pytest_terminal_summary(terminalreporter):
    if _skipped:
        terminalreporter.write_line(
            f"FAILED: {len(_skipped)} test(s) skipped; "
            "a skipped suite is a suite not run:",
            red=True,
        )
        for nodeid in _skipped:
            terminalreporter.write_line("  " + nodeid, red=True)
