"""Upgrading from 18.0.1.1.0, the version advisers run today, keeps their work.

The 18.0.1.1.0 addon is taken from the project's git history, installed with
demo data on a fresh database, then upgraded to this checkout with `-u`:
every enquiry, assessment, study, support member, booking link and stay in a
stage must still be there with the same values.
"""

import subprocess
from pathlib import Path

import pytest

from odoo.tools import config

from .odoo_process import fresh_db, log_problems, run_odoo, run_shell, tagged_json

OLD_VERSION = "18.0.1.1.0"
OLD_COMMIT = "85df527a704fce902265cb016ffd4e3c94680db1"
CHECKOUT = Path(__file__).resolve().parent.parent

# Only what 18.0.1.1.0 has; a field or model the upgrade loses shows up as
# "<missing ...>" in the comparison instead of a traceback. Many2one fields are
# compared by id: names may be displayed differently, the links must not move.
SNAPSHOT = """
import json
from odoo.modules.module import get_module_path

def rows(model, fields, domain=()):
    if model not in env:
        return ["<missing model %s>" % model]
    Model = env[model].with_context(active_test=False)
    present = [f for f in fields if f in Model._fields]
    result = []
    for row in Model.search(list(domain), order="id").read(present):
        result.append({
            f: (row[f][0] if isinstance(row[f], tuple) else row[f])
            if f in row else "<missing field>"
            for f in ["id", *fields]
        })
    return result

env.cr.execute(
    "SELECT enquiry_id, stage_id, date_in, date_out"
    "  FROM provide_enquiry_stage_history ORDER BY enquiry_id, date_in, id"
)
stays = [dict(zip(("enquiry_id", "stage_id", "date_in", "date_out"), row))
         for row in env.cr.fetchall()]
module = env["ir.module.module"].search([("name", "=", "provide_coop")])
snapshot = {
    "module": {"version": module.latest_version, "state": module.state,
               "path": get_module_path("provide_coop")},
    "enquiries": rows("provide.enquiry", [
        "reference", "name", "stage_id", "partner_id", "user_id", "company_id",
        "active", "close_reason_id", "date_last_stage_update", "sector_id",
        "assessment_id", "assessment_state", "assessment_score",
        "assessment_recommendation_id", "event_id", "registration_id"]),
    "assessments": rows("provide.assessment", [
        "enquiry_id", "state", "score", "recommendation_id", "assessor_id", "date"]),
    "assessment lines": rows("provide.assessment.line", [
        "assessment_id", "criterion_id", "score", "note"]),
    "feasibility studies": rows("provide.feasibility.study", [
        "name", "enquiry_id", "state", "cost", "days_spent", "date_due",
        "author_id"]),
    "support members": rows("provide.support.member", [
        "enquiry_id", "partner_id", "user_id", "role", "days_allocated",
        "days_used"]),
    "booking links": rows("event.registration", [
        "event_id", "partner_id", "provide_enquiry_id"],
        [("provide_enquiry_id", "!=", False)]),
    "stays in a stage": stays,
}
print("SNAPSHOT" + json.dumps(snapshot, default=str))
"""

KINDS = [
    "enquiries",
    "assessments",
    "assessment lines",
    "feasibility studies",
    "support members",
    "booking links",
    "stays in a stage",
]


def _git(*args, **kwargs):
    try:
        return subprocess.run(
            ["git", "-C", str(CHECKOUT), *args],
            capture_output=True,
            check=False,
            **kwargs,
        )
    except FileNotFoundError:
        pytest.fail(
            f"The upgrade test takes provide_coop {OLD_VERSION} from the git "
            "history, but git is not installed."
        )


def _extract_old_addon(target):
    """provide_coop as it was in 18.0.1.1.0, in target/provide_coop."""
    found = _git("cat-file", "-e", f"{OLD_COMMIT}^{{commit}}")
    if found.returncode:
        pytest.fail(
            f"The upgrade test needs commit {OLD_COMMIT[:7]} (provide_coop "
            f"{OLD_VERSION}) in the git history of {CHECKOUT}: run it from a "
            "full git clone (for a shallow one: git fetch --unshallow).\n"
            + found.stderr.decode(errors="replace")
        )
    archive = _git("archive", OLD_COMMIT, "provide_coop")
    assert archive.returncode == 0, archive.stderr.decode(errors="replace")
    subprocess.run(["tar", "-x", "-C", str(target)], input=archive.stdout, check=True)
    return target


def _addons_path_with(tree):
    """The suite's addons path with `tree` where this checkout stands."""
    entries = [p.strip() for p in config["addons_path"].split(",") if p.strip()]
    if CHECKOUT not in [Path(p).resolve() for p in entries]:
        pytest.fail(f"{CHECKOUT} is not on the addons path {config['addons_path']}")
    return ",".join(str(tree) if Path(p).resolve() == CHECKOUT else p for p in entries)


@pytest.fixture(scope="module")
def upgrade(tmp_path_factory):
    old_tree = _extract_old_addon(tmp_path_factory.mktemp("provide_coop_old"))
    old_addons_path = _addons_path_with(old_tree)
    with fresh_db("upgrade") as db:
        run_odoo(
            db,
            "-i",
            "provide_coop",
            "--stop-after-init",
            "--http-port=0",
            addons_path=old_addons_path,
        )
        before = tagged_json(
            run_shell(db, SNAPSHOT, addons_path=old_addons_path), "SNAPSHOT"
        )
        log = run_odoo(db, "-u", "provide_coop", "--stop-after-init", "--http-port=0")
        after = tagged_json(run_shell(db, SNAPSHOT), "SNAPSHOT")
        yield {"old_tree": old_tree, "before": before, "log": log, "after": after}


def test_the_old_version_is_installed_then_upgraded(upgrade):
    before, after = upgrade["before"]["module"], upgrade["after"]["module"]
    assert before["version"] == OLD_VERSION
    old_addon = upgrade["old_tree"].resolve() / "provide_coop"
    assert Path(before["path"]).resolve() == old_addon
    assert after["state"] == "installed"
    assert Path(after["path"]).resolve() == CHECKOUT / "provide_coop"


def test_upgrade_logs_no_warning(upgrade):
    assert log_problems(upgrade["log"]) == []


@pytest.mark.parametrize("kind", KINDS)
def test_upgrade_keeps_every_record(upgrade, kind):
    before, after = upgrade["before"][kind], upgrade["after"][kind]
    assert before, f"the {OLD_VERSION} demo data should hold {kind}"
    # Odoo loads the demo records of files a version adds (the old closed
    # enquiry that shows retention at work): the records there were before
    # are the ones that must be kept, each as it was.
    if kind == "stays in a stage":
        old = {row["id"] for row in upgrade["before"]["enquiries"]}
        after = [row for row in after if row["enquiry_id"] in old]
    elif before and isinstance(before[0], dict) and "id" in before[0]:
        old = {row["id"] for row in before}
        after = [row for row in after if row["id"] in old]
    assert len(after) == len(before), f"{kind}: {len(before)} before the upgrade"
    assert after == before
