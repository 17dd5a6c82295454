"""Who can reach a confidential enquiry, and what hangs off it, by every way
a user's session can ask: the access matrix.

The models and the reports are read from the registry, not listed here, so a
model or a report added next year is checked without anyone remembering to.
A model of the addon that points to an enquiry and has no record in the
fixture fails the test: the fixture must grow with the addon.

For each role that must not see the confidential enquiry, each model and
each path (search, read of every field the role may read, read_group by each
link to an enquiry, name_search, web_read), and each report over HTTP (HTML
and PDF), the matrix collects every leak and the test fails once with the
whole list. docs/security.md says who may see what; this is its proof.
"""

import logging

from odoo import Command
from odoo.exceptions import AccessError, MissingError, UserError
from odoo.tests import HttpCase, new_test_user, tagged

_logger = logging.getLogger(__name__)

MODULE = "provide_coop"
# Every text written into the confidential fixture carries this word, so any
# answer that contains it (case aside) leaks something of the enquiry.
MARK = "zephyr"
CONF_NAME = "Zephyr homecare buy-out"
ENQUIRER_NAME = "Quintessa Marlowe"
ENQUIRER_EMAIL = "quintessa.marlowe@council.example.org"

ENQUIRY = "provide.enquiry"
# Records of these models point to a confidential enquiry (or to its
# assessment or co-op) by a relational field; those of the other checked
# models are made explicitly.
ANCHOR_MODELS = ("provide.enquiry", "provide.assessment", "provide.coop")
# Models the addon extends or defines that hold no one's personal data and
# no link to an enquiry: lists shared by every adviser, configuration, logs
# without a subject. Abstract models have no records; they are skipped too.
SKIPPED = {
    "provide.assessment.criterion": "shared list of scoring criteria",
    "provide.assessment.recommendation": "shared list of recommendations",
    "provide.assessment.stage": "the pipeline's stages (configuration)",
    "provide.close.reason": "shared list of close reasons",
    "provide.sector": "shared list of sectors",
    "provide.enquiry.tag": "shared list of tags",
    "provide.event.enquiry.rule": "configuration of an event, no person",
    "provide.event.speaker": "speakers are printed on the public programme",
    "provide.programme": "a funder's programme: names and figures, no person",
    "provide.programme.target": "a programme's targets: figures, no person",
    "provide.erasure": "the erasure log names who erased, never whom",
    "provide.consent.statement": "the words people agree to, no person",
    "provide.coop.survival.report": "counts of co-ops by launch year, no person",
    "provide.forget.person": "wizard: opened by managers on a contact they read",
    "provide.event.follow.up": "wizard: e-mails to an event's attendees",
    "provide.funder.report": "wizard: its PDF is checked with the reports",
    "provide.pipeline.summary": "wizard: its PDF is checked with the reports",
    "mail.activity.type": "configuration",
    "mail.activity.plan.template": "configuration",
    "res.config.settings": "configuration",
    "digest.digest": "configuration",
    "ir.actions.report": "configuration",
    "resource.calendar": "configuration",
    "resource.calendar.attendance": "configuration: a calendar's working hours",
    "resource.calendar.leaves": "configuration: a calendar's time off",
}

PORTAL = "portal"
EVENTS = "Events-only user"
ADVISER = "adviser"
OTHER = "another adviser"
MANAGER_B = "manager of another company"
ROLES = (PORTAL, EVENTS, ADVISER, OTHER, MANAGER_B)

HIDDEN = "hidden"  # found by no path, read by none
NO_MARK = "no-marks"  # may be read, but nothing of the confidential enquiry
ALLOWED = "allowed"  # must be found and read (the enquiry's own adviser)

# Where a role may read the record itself, but not what makes the enquiry.
NO_MARK_RECORDS = {
    EVENTS: {"event.registration", "event.event", "res.partner"},
    OTHER: {"event.event", "res.partner", "provide.case.study"},
    PORTAL: {"event.event"},
}


@tagged("post_install", "-at_install")
class TestAccessMatrix(HttpCase):
    """One confidential enquiry of agency A with one record of everything
    that hangs off it, read by five roles by every path."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        env = cls.env
        ctx = {"no_reset_password": True}
        cls.company_a = env.company
        cls.company_b = env["res.company"].create({"name": "Provide North (matrix)"})
        cls.users = {
            ADVISER: new_test_user(
                env,
                login="matrix_adviser",
                name="Ada Matrix",
                groups="provide_coop.group_provide_user",
                context=ctx,
            ),
            OTHER: new_test_user(
                env,
                login="matrix_other",
                name="Otto Matrix",
                groups="provide_coop.group_provide_user",
                context=ctx,
            ),
            EVENTS: new_test_user(
                env,
                login="matrix_events",
                name="Evan Matrix",
                groups="base.group_user,event.group_event_user",
                context=ctx,
            ),
            PORTAL: new_test_user(
                env,
                login="matrix_portal",
                name="Paula Matrix",
                groups="base.group_portal",
                context=ctx,
            ),
            MANAGER_B: new_test_user(
                env,
                login="matrix_manager_b",
                name="Bob Matrix (North)",
                groups="provide_coop.group_provide_manager",
                company_id=cls.company_b.id,
                company_ids=[Command.set(cls.company_b.ids)],
                context=ctx,
            ),
        }
        adviser = cls.users[ADVISER]
        ref = env.ref
        cls.event = env["event.event"].create(
            {
                "name": "Matrix conference (test)",
                "date_begin": "2025-03-19 10:30:00",
                "date_end": "2025-03-19 15:30:00",
                "company_id": cls.company_a.id,
            }
        )
        # The enquirer typed on the enquiry: the app makes the contact.
        cls.enquiry = env[ENQUIRY].create(
            {
                "name": CONF_NAME,
                "contact_name": ENQUIRER_NAME,
                "email_from": ENQUIRER_EMAIL,
                "company_id": cls.company_a.id,
                "user_id": adviser.id,
                "is_confidential": True,
                "lawful_basis": "consent",
                "service_description": "Zephyr: the council's homecare, by its staff",
                "sector_id": ref("provide_coop.provide_sector_social_care").id,
                "date_received": "2025-01-06 09:00:00",
                "event_id": cls.event.id,
            }
        )
        cls.enquirer = cls.enquiry.partner_id
        cls.booking = env["event.registration"].create(
            {
                "event_id": cls.event.id,
                "name": ENQUIRER_NAME,
                "email": ENQUIRER_EMAIL,
                "provide_interest": True,
                "provide_idea": "A staff-owned homecare co-op",
            }
        )
        cls.booking.provide_enquiry_id = cls.enquiry
        cls.enquiry.registration_id = cls.booking
        assessment = env["provide.assessment"].create({"enquiry_id": cls.enquiry.id})
        assessment.line_ids.write({"score": 4, "note": "Zephyr score note"})
        study = env["provide.feasibility.study"].create(
            {"enquiry_id": cls.enquiry.id, "name": "Zephyr market test"}
        )
        env["provide.support.member"].create(
            {
                "enquiry_id": cls.enquiry.id,
                "partner_id": env["res.partner"]
                .create({"name": "Zephyr mentor (not a user)"})
                .id,
            }
        )
        env["provide.service.delivery"].create(
            {
                "enquiry_id": cls.enquiry.id,
                "user_id": adviser.id,
                "kind": "phone",
                "hours": 1.5,
                "description": "Zephyr call",
                "study_id": study.id,
            }
        )
        coop = env["provide.coop"].create(
            {
                "partner_id": env["res.partner"]
                .create({"name": "Shepshed Care Co-op (matrix)", "is_company": True})
                .id,
                "company_id": cls.company_a.id,
                "user_id": adviser.id,
                "date_launched": "2025-06-02",
            }
        )
        cls.enquiry.coop_id = coop
        env["provide.coop.checkin"].create(
            {"coop_id": coop.id, "note": "Zephyr: trading well"}
        )
        # A duplicate merged into the confidential enquiry points to it: its
        # own name says nothing, its link names the confidential one.
        duplicate = env[ENQUIRY].create(
            {
                "name": "Homecare enquiry, second call (matrix)",
                "partner_id": cls.enquirer.id,
                "company_id": cls.company_a.id,
                "user_id": adviser.id,
            }
        )
        cls.enquiry._merge(duplicate)
        cls.case_study = env["provide.case.study"].create(
            {
                "name": "Homecare run by its workers (matrix)",
                "company_id": cls.company_a.id,
                "sector_id": cls.enquiry.sector_id.id,
                "enquiry_ids": [Command.link(cls.enquiry.id)],
            }
        )
        # Wizards that point to an enquiry, left open by its adviser.
        env["provide.coop.launch"].with_user(adviser).create(
            {"enquiry_id": cls.enquiry.id, "mode": "existing", "coop_id": coop.id}
        )
        env["provide.enquiry.close"].with_user(adviser).create(
            {
                "enquiry_ids": [Command.set(cls.enquiry.ids)],
                "close_reason_id": ref(
                    "provide_coop.provide_close_reason_not_viable"
                ).id,
            }
        )
        env["provide.enquiry.merge"].with_user(adviser).create(
            {"enquiry_ids": [Command.set((cls.enquiry | duplicate).ids)]}
        )
        cls.enquiry.message_post(body="Zephyr: the chief executive must not know")
        activity = cls.enquiry.activity_schedule(
            "mail.mail_activity_data_todo",
            summary="Zephyr: call back",
            user_id=adviser.id,
        )
        attachment = env["ir.attachment"].create(
            {
                "name": "zephyr-business-plan.txt",
                "raw": b"Zephyr business plan",
                "res_model": ENQUIRY,
                "res_id": cls.enquiry.id,
            }
        )
        submission = env["provide.web.submission"].create(
            {"ip_address": "192.0.2.77", "email_normalized": ENQUIRER_EMAIL}
        )
        cls.programme = env["provide.programme"].create(
            {
                "name": "Matrix programme (test)",
                "company_id": cls.company_a.id,
                "funder_id": env["res.partner"].create({"name": "Matrix funder"}).id,
                "date_start": "2025-01-01",
                "date_end": "2025-12-31",
            }
        )
        env.flush_all()
        # Records linked by res_model/res_id, or that hold the enquirer's own
        # data; the rest are found through their links to the enquiry.
        cls.explicit = {
            "res.partner": cls.enquirer,
            "event.event": cls.event,
            "provide.case.study": cls.case_study,
            "mail.activity": activity,
            "mail.message": (cls.enquiry | duplicate)
            .with_context(active_test=False)
            .message_ids,
            "ir.attachment": attachment,
            "provide.web.submission": submission,
        }

    # ------------------------------------------------------------------
    # What is checked
    # ------------------------------------------------------------------

    def addon_models(self):
        """Every model the addon defines or extends, from the registry."""
        models = self.env["ir.model"].sudo().search([])
        return sorted(
            m.model
            for m in models
            if MODULE in (m.modules or "").replace(" ", "").split(",")
        )

    def enquiry_links(self, model_name, anchors=ANCHOR_MODELS):
        """The stored relational fields of a model that point to an enquiry
        (or, with the default anchors, to a launched co-op)."""
        model = self.env[model_name]
        return [
            name
            for name, field in model._fields.items()
            if field.type in ("many2one", "many2many")
            and field.comodel_name in anchors
            and field.store
        ]

    def fixture(self):
        """{model: records of the fixture} for every checked model, and
        {model: why it is skipped} for the others."""
        env = self.env(context=dict(self.env.context, active_test=False))
        anchors = {
            ENQUIRY: self.enquiry.with_env(env),
            "provide.assessment": self.enquiry.with_env(env).assessment_ids,
            "provide.coop": self.enquiry.coop_id,
        }
        records, skipped = {}, {}
        names = set(self.addon_models()) | set(self.explicit)
        for name in sorted(names):
            model = env[name]
            if model._abstract:
                skipped[name] = "abstract: no records of its own"
                continue
            links = self.enquiry_links(name)
            if name in SKIPPED and not links:
                skipped[name] = SKIPPED[name]
                continue
            found = self.explicit.get(name, model.browse()).with_env(env)
            domain = []
            for field in links:
                comodel = model._fields[field].comodel_name
                domain = (
                    ["|", *domain, (field, "in", anchors[comodel].ids)]
                    if domain
                    else [(field, "in", anchors[comodel].ids)]
                )
            if name == ENQUIRY:
                # The enquiry, and the duplicate merged into it.
                found |= anchors[ENQUIRY] | model.search(domain)
            elif domain:
                found |= model.search(domain)
            if not links and name not in self.explicit:
                skipped[name] = (
                    "no link to an enquiry and no personal data (say why in SKIPPED)"
                )
                continue
            records[name] = found
        return records, skipped

    def expectation(self, role, model_name):
        if role == ADVISER:
            return ALLOWED
        if model_name in NO_MARK_RECORDS.get(role, ()):
            return NO_MARK
        return HIDDEN

    # ------------------------------------------------------------------
    # The matrix
    # ------------------------------------------------------------------

    def leaks(self, value, person=True):
        """What of the confidential fixture `value` (any answer, as text)
        gives away."""
        text = str(value).lower()
        found = [MARK] if MARK in text else []
        if person:
            found += [
                marker
                for marker in (ENQUIRER_NAME.lower(), ENQUIRER_EMAIL.lower())
                if marker in text
            ]
        return found

    def readable_fields(self, model):
        """Every field the role's web client may ask for (fields_get drops
        those of groups the user is not in)."""
        try:
            described = model.fields_get(attributes=["type"])
        except AccessError:
            return ["display_name"]
        return [
            name
            for name, desc in described.items()
            if desc["type"] not in ("binary",) or name in ("raw", "datas")
        ]

    def leaking_fields(self, rows, person):
        """`{field: markers}` of the values of `rows` that leak."""
        return {
            name: self.leaks(value, person)
            for row in rows
            for name, value in row.items()
            if self.leaks(value, person)
        }

    def fields_read(self, record, fields):
        """The fields of `record` its user reads without an AccessError:
        none when the record itself is denied."""
        self.env.invalidate_all()
        try:
            with self.env.cr.savepoint():
                record.read(["display_name"])
        except (AccessError, MissingError):
            return []
        allowed = []
        for name in fields:
            self.env.invalidate_all()
            try:
                with self.env.cr.savepoint():
                    record.read([name])
                allowed.append(name)
            except AccessError:
                continue
        return allowed

    def check_model(self, role, user, model_name, records, violations, counter):
        env = self.env(
            user=user, su=False, context={"active_test": False, "lang": "en_US"}
        )
        Model = env[model_name]
        expected = self.expectation(role, model_name)
        # On NO_MARK models the person's own data is theirs to read (an
        # attendee's e-mail for the events team); only the enquiry's is not.
        person = expected == HIDDEN

        def record(path, what):
            violations.append((model_name, role, path, what))

        def guarded(path, call):
            """Run one path; an AccessError is the answer a denied role
            gets; any other error is a traceback a user would see."""
            counter[0] += 1
            # Each path starts from an empty cache, as a request does: what
            # the fixture's creation left there must not stand in for a read.
            self.env.invalidate_all()
            try:
                with self.env.cr.savepoint():
                    return True, call()
            except (AccessError, MissingError):
                return False, None
            except UserError as error:
                return False, error
            except Exception as error:  # reported below, not hidden
                record(path, f"raised {type(error).__name__}: {error}")
                return False, None

        ids = records.ids
        fields = self.readable_fields(Model)

        # search
        ok, found = guarded("search", lambda: Model.search([("id", "in", ids)]))
        found = found if ok else Model.browse()
        if expected == ALLOWED:
            if env["ir.model.access"].check(model_name, "read", False):
                if set(found.ids) != set(ids):
                    record(
                        "search", f"its own adviser finds {len(found)} of {len(ids)}"
                    )
        elif expected == HIDDEN and found:
            record("search", f"finds {len(found)} fixture record(s) {found.ids}")

        # read of every field, record by record (one hidden record must not
        # hide what the next one leaks)
        readable = env["ir.model.access"].check(model_name, "read", False)

        def judge(path, rec, ok, rows, verb, verbs):
            """What one read of `rec` by this role gave away, by `path`."""
            if expected == ALLOWED:
                if not ok and readable:
                    record(path, f"its own adviser cannot {verb} {rec}")
            elif ok and expected == HIDDEN:
                record(path, f"{verbs} {rec}: {self.leaks(rows) or 'no marker'}")
            elif ok and self.leaks(rows, person):
                record(path, f"{rec} {self.leaking_fields(rows, person)}")

        record_fields = {}
        for rec in Model.browse(ids):
            ok, rows = guarded("read", lambda rec=rec: rec.read(fields))
            record_fields[rec.id] = fields
            if not ok:
                # Denied, or only some fields are? A record rule denies
                # every field, its name first; a field of a model the role
                # may not read denies that field alone: read the others.
                record_fields[rec.id] = self.fields_read(rec, fields)
                ok = bool(record_fields[rec.id])
                rows = rec.read(record_fields[rec.id]) if ok else None
            judge("read", rec, ok, rows, "read", "reads")

        # read_group by each link to an enquiry
        for field in self.enquiry_links(model_name, (ENQUIRY,)):
            if field not in fields or expected == ALLOWED:
                continue
            ok, groups = guarded(
                f"read_group({field})",
                lambda field=field: Model.read_group([], [field], [field], lazy=False),
            )
            if ok and self.leaks(groups, person):
                record(
                    f"read_group({field})", f"groups show {self.leaks(groups, person)}"
                )

        # name_search: the records by their own names, the enquiry by its name
        if expected != ALLOWED:
            for rec in records.sudo()[:5]:
                name = rec.display_name
                if not name:
                    continue  # an empty name finds everything search finds
                ok, result = guarded(
                    "name_search", lambda name=name: Model.name_search(name, limit=100)
                )
                if ok and expected == HIDDEN and {r[0] for r in result} & set(ids):
                    record("name_search", f"finds {name!r}")
                elif ok and self.leaks(result, person):
                    record("name_search", f"answers {self.leaks(result, person)}")

        # web_read with a spec of every field it could read
        for rec in Model.browse(ids):
            spec = {
                name: {"fields": {"display_name": {}}}
                if Model._fields[name].type in ("many2one", "one2many", "many2many")
                else {}
                for name in record_fields[rec.id] or ["display_name"]
            }
            ok, rows = guarded(
                "web_read", lambda rec=rec, spec=spec: rec.web_read(spec)
            )
            judge("web_read", rec, ok, rows, "open", "opens")

    def enquiry_name_search(self, role, user, violations, counter):
        counter[0] += 1
        if role == ADVISER:
            return
        Enquiry = self.env[ENQUIRY].with_user(user)
        try:
            result = Enquiry.name_search(CONF_NAME, limit=100)
        except AccessError:
            return
        if result:
            violations.append((ENQUIRY, role, "name_search(name)", f"answers {result}"))

    def matrix_violations(self):
        """Every leak, as (model, role, path, what), and the number of
        (model, role, path) checks made."""
        records, _skipped = self.fixture()
        violations, counter = [], [0]
        for role in ROLES:
            user = self.users[role]
            for model_name, recs in records.items():
                self.check_model(role, user, model_name, recs, violations, counter)
            self.enquiry_name_search(role, user, violations, counter)
        return violations, counter[0], len(records)

    def format(self, violations):
        return "\n".join(
            f"  {model} / {role} / {path}: {what}"
            for model, role, path, what in sorted(violations)
        )

    # ------------------------------------------------------------------
    # Tests
    # ------------------------------------------------------------------

    def test_every_enquiry_model_has_a_fixture_record(self):
        """A model of the addon that points to an enquiry must be in the
        fixture: next year's model is checked, or this fails."""
        records, skipped = self.fixture()
        missing = [name for name, recs in records.items() if not recs]
        unexplained = [
            name for name, why in skipped.items() if why.startswith("no link")
        ]
        _logger.info(
            "Access matrix: %s models checked, skipped: %s",
            len(records),
            "; ".join(f"{name} ({why})" for name, why in sorted(skipped.items())),
        )
        self.assertFalse(
            missing,
            "models that point to an enquiry with no record in the matrix's "
            f"fixture (add one to setUpClass): {missing}",
        )
        self.assertFalse(
            unexplained,
            "models of the addon the matrix neither checks nor explains "
            f"(add them to SKIPPED with the reason, or to the fixture): {unexplained}",
        )

    def test_no_role_reaches_a_confidential_enquiry_it_should_not(self):
        violations, checks, models = self.matrix_violations()
        _logger.info(
            "Access matrix: %s models / %s roles, %s model/role/path checks, "
            "%s violations",
            models,
            len(ROLES),
            checks,
            len(violations),
        )
        self.assertFalse(
            violations,
            f"{len(violations)} leak(s) of the confidential enquiry "
            f"({models} models / {len(ROLES)} roles, {checks} checks):\n"
            + self.format(violations),
        )

    def test_the_matrix_catches_a_removed_rule(self):
        """The matrix is only worth something if it fails when a rule goes:
        without the confidential assessments' rule another adviser reads
        the assessment."""
        before, _checks, _models = self.matrix_violations()
        self.env.ref("provide_coop.provide_assessment_rule_confidential").unlink()
        self.env.invalidate_all()
        after, _checks, _models = self.matrix_violations()
        new = set(after) - set(before)
        self.assertTrue(
            any(
                model == "provide.assessment" and role == OTHER
                for model, role, _p, _w in new
            ),
            "removing the confidential assessments' rule went unnoticed:\n"
            + self.format(new),
        )

    # ------------------------------------------------------------------
    # Reports, over HTTP as each role's browser asks for them
    # ------------------------------------------------------------------

    def report_docs(self):
        """{report: (records to print, {role: expectation})} for every
        report action of the addon."""
        env = self.env
        reports = env["ir.actions.report"].search(
            [
                "|",
                ("model", "=like", "provide.%"),
                ("report_name", "=like", f"{MODULE}.%"),
            ]
        )
        docs = {}
        for report in reports:
            model = env[report.model]
            if report.model == "res.partner":
                records = self.enquirer
            elif report.model == "event.event":
                records = self.event
            elif report.model == "provide.case.study":
                records = self.case_study
            elif report.model == ENQUIRY:
                records = self.enquiry
            elif model._transient:
                # A wizard left by the enquiry's adviser or a manager of A:
                # its own defaults, the programme where one is needed.
                vals = {}
                if "programme_id" in model._fields:
                    vals["programme_id"] = self.programme.id
                records = model.create(vals)
            else:
                records = model.search([], limit=1)
            docs[report] = records
        return docs

    def report_expectation(self, role, report, records):
        """Reports kept for a group are for it alone; the enquiry's adviser
        prints the rest; a manager prints a wizard's report of their own
        agency; the other roles print what they may read, without the
        confidential enquiry in it."""
        model = records._name
        if report.groups_id and not (report.groups_id & self.users[role].groups_id):
            return HIDDEN
        if role == ADVISER:
            return ALLOWED
        if role == MANAGER_B and records._transient:
            return NO_MARK
        if model in NO_MARK_RECORDS.get(role, ()):
            return NO_MARK
        return HIDDEN

    def report_violations(self):
        violations, checks = [], 0
        docs = self.report_docs()
        self.env.flush_all()
        for role in ROLES:
            user = self.users[role]
            self.authenticate(user.login, user.login)
            for report, records in docs.items():
                expected = self.report_expectation(role, report, records)
                if expected == ALLOWED:
                    continue
                ids = ",".join(str(i) for i in records.ids)
                person = expected == HIDDEN
                for converter in ("html", "pdf"):
                    checks += 1
                    path = f"/report/{converter}/{report.report_name}/{ids}"
                    response = self.url_open(path, timeout=60)
                    body = response.content
                    text = body.decode(errors="replace")
                    leaked = self.leaks(text, person)
                    if leaked:
                        violations.append(
                            (
                                report.report_name,
                                role,
                                f"/report/{converter}",
                                f"{response.status_code}, shows {leaked}",
                            )
                        )
                        break  # the PDF of a leaking HTML adds nothing
                    if expected == HIDDEN and response.status_code == 200:
                        violations.append(
                            (
                                report.report_name,
                                role,
                                f"/report/{converter}",
                                "200: rendered for a role it is not for",
                            )
                        )
                        break
        return violations, checks, len(docs)

    def test_no_report_prints_a_confidential_enquiry_for_a_role_it_should_not(self):
        violations, checks, reports = self.report_violations()
        _logger.info(
            "Access matrix: %s reports / %s roles, %s report/role/path checks, "
            "%s violations",
            reports,
            len(ROLES),
            checks,
            len(violations),
        )
        self.assertFalse(
            violations,
            f"{len(violations)} report leak(s) ({reports} reports / "
            f"{len(ROLES)} roles, {checks} checks):\n" + self.format(violations),
        )
