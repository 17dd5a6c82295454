"""Run Odoo as an administrator would, in its own process, against throw-away
databases: what a fresh install, an upgrade or an uninstall really does."""

import json
import os
import re
import subprocess
import sys
import uuid
from contextlib import contextmanager
from pathlib import Path

import odoo
from odoo.tools import config

ODOO_BIN = Path(odoo.__file__).resolve().parent.parent / "odoo-bin"
LOG_PROBLEM = re.compile(r"^\S+ \S+ \d+ (WARNING|ERROR|CRITICAL) ", re.MULTILINE)


def new_db_name(purpose):
    return f"provide_{purpose}_{uuid.uuid4().hex[:10]}"


@contextmanager
def fresh_db(purpose):
    """A new database name for Odoo to create; the database and its filestore
    are dropped afterwards, however the block ends."""
    db = new_db_name(purpose)
    try:
        yield db
    finally:
        drop_db(db)


def odoo_cmd(db, *args, command="server", addons_path=None):
    return [
        sys.executable,
        str(ODOO_BIN),
        command,
        f"--addons-path={addons_path or config['addons_path']}",
        f"--db_host={config['db_host'] or '127.0.0.1'}",
        f"--db_port={config['db_port'] or 5432}",
        "-d",
        db,
        "--log-level=info",
        *args,
    ]


def run_odoo(db, *args, stdin=None, timeout=900, command="server", addons_path=None):
    """Run odoo-bin (on the suite's addons path unless given another); return
    its log. Fails the test on a non-zero exit."""
    proc = subprocess.run(
        odoo_cmd(db, *args, command=command, addons_path=addons_path),
        input=stdin,
        capture_output=True,
        text=True,
        timeout=timeout,
        env={**os.environ, "PYTHONUNBUFFERED": "1"},
        check=False,
    )
    log = proc.stdout + proc.stderr
    if proc.returncode:
        cmd = " ".join((command, *args))
        raise AssertionError(f"odoo-bin {cmd} exited {proc.returncode}:\n{log}")
    return log


def run_shell(db, script, addons_path=None):
    """Run a Python script in `odoo-bin shell` (env is the superuser's); its
    stdout is returned."""
    return run_odoo(
        db, "--no-http", stdin=script, command="shell", addons_path=addons_path
    )


def tagged_json(output, tag):
    """The JSON a shell script printed on a line of its own after `tag`."""
    line = next((x for x in output.splitlines() if x.startswith(tag)), None)
    assert line is not None, f"no {tag} line in the shell output:\n{output}"
    return json.loads(line[len(tag) :])


def log_problems(log):
    return [line for line in log.splitlines() if LOG_PROBLEM.match(line)]


def drop_db(db):
    subprocess.run(["dropdb", "--if-exists", db], check=False, capture_output=True)
    filestore = Path(config.filestore(db))
    if filestore.is_dir():
        subprocess.run(["rm", "-rf", str(filestore)], check=False)
