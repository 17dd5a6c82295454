"""provide_coop installs, upgrades and uninstalls cleanly on fresh databases."""

import pytest

from .odoo_process import fresh_db, log_problems, run_odoo, run_shell, tagged_json

SNAPSHOT = """
import json
E = env["provide.enquiry"].with_context(active_test=False)
rows = E.search([], order="id").read(
    ["reference", "name", "stage_id", "partner_id", "sector_id", "active",
     "close_reason_id", "user_id"])
print("SNAPSHOT" + json.dumps(rows, default=str))
"""

DEMO_FACTS = """
import json
E = env["provide.enquiry"].with_context(active_test=False)
facts = {
    "enquiries": E.search_count([]),
    "closed": E.search_count([("active", "=", False)]),
    "closed_without_reason": E.search_count(
        [("active", "=", False), ("close_reason_id", "=", False)]),
    "stages_used": len(E.search([]).stage_id),
    "sources": sorted(set(E.search([]).mapped("source"))),
    "sectors_with_case_study": len(env["provide.case.study"].search([]).sector_id),
    "case_studies": env["provide.case.study"].search_count([]),
    "advisers": env["res.users"].search_count([
        ("groups_id", "in", env.ref("provide_coop.group_provide_user").id),
        ("groups_id", "not in", env.ref("provide_coop.group_provide_manager").id),
    ]),
}
print("FACTS" + json.dumps(facts))
"""


@pytest.fixture(scope="module")
def demo_db():
    with fresh_db("demo") as db:
        log = run_odoo(db, "-i", "provide_coop", "--stop-after-init", "--http-port=0")
        yield db, log


def test_install_without_demo_logs_no_warning():
    with fresh_db("nodemo") as db:
        log = run_odoo(
            db,
            "-i",
            "provide_coop",
            "--without-demo=all",
            "--stop-after-init",
            "--http-port=0",
        )
        assert "provide_coop" in log
        assert log_problems(log) == []
        facts = tagged_json(run_shell(db, DEMO_FACTS), "FACTS")
        assert facts["enquiries"] == 0
        assert facts["case_studies"] == 0


def test_install_with_demo_logs_no_warning(demo_db):
    _db, log = demo_db
    assert "Loading demo data" in log or "demo" in log
    assert log_problems(log) == []


def test_demo_data_covers_the_pipeline(demo_db):
    db, _log = demo_db
    facts = tagged_json(run_shell(db, DEMO_FACTS), "FACTS")
    assert 15 <= facts["enquiries"] <= 30
    assert facts["closed"] >= 2
    assert facts["closed_without_reason"] == 0
    assert facts["stages_used"] == 6
    assert {"phone", "email", "web", "event", "referral"} <= set(facts["sources"])
    assert facts["sectors_with_case_study"] >= 7
    assert facts["advisers"] >= 2


CONFERENCE_FACTS = """
import json
event = env.ref("provide_coop.event_cooperative_council_demo")
regs = env["event.registration"].search([("event_id", "=", event.id)])
E = env["provide.enquiry"].with_context(active_test=False)
gated = env["provide.assessment.stage"].search(
    ["|", ("requires_assessment", "=", True), ("recommendation_ids", "!=", False)])
times = event._provide_programme_times()
forum = env["res.partner"].search([("name", "=", "Chamberlain Forum")])
facts = {
    "day": times["day"],
    "start": times["start"],
    "end": times["end"],
    "tz": event.date_tz,
    "lead_organiser": event.organizer_id.name,
    "co_organisers": event.provide_organiser_ids.mapped("name"),
    "organised_by": event._provide_organised_by(),
    "booking_contact_of_forum": forum.child_ids.mapped("name"),
    "resident_university": "Resident University" in (event.description or ""),
    "speaker_names": event.provide_speaker_ids.partner_id.mapped("name"),
    "speaker_orgs": event.provide_speaker_ids.mapped("organisation"),
    "talk_titles": [t for t in event.provide_speaker_ids.mapped("talk_title") if t],
    "venue_zip": event.address_id.zip,
    "speakers": len(event.provide_speaker_ids),
    "registrations": len(regs),
    "roles": sorted(set(regs.mapped("provide_attendee_role"))),
    "interested": len(regs.filtered("provide_interest")),
    "handled": len(regs.filtered("provide_enquiry_id")),
    "enquiries_from_event": E.search_count([("event_id", "=", event.id)]),
    "gated_without_done_assessment": E.search_count(
        [("stage_id", "in", gated.ids), ("assessment_state", "!=", "done")]),
}
print("CONF" + json.dumps(facts))
"""


def test_demo_conference_and_its_enquiries(demo_db):
    db, _log = demo_db
    facts = tagged_json(run_shell(db, CONFERENCE_FACTS), "CONF")
    assert facts["day"] == "Saturday 19 March 2011"
    assert (facts["start"], facts["end"], facts["tz"]) == (
        "10:30",
        "15:30",
        "Europe/London",
    )
    assert facts["venue_zip"] == "B11 1AR"
    assert facts["lead_organiser"] == "Chamberlain Forum"
    assert facts["co_organisers"] == ["Co-operatives West Midlands"]
    assert facts["organised_by"] == "Chamberlain Forum and Co-operatives West Midlands"
    assert facts["booking_contact_of_forum"] == ["Claire Spencer"]
    assert facts["resident_university"]
    assert facts["speakers"] == 4
    assert facts["speaker_names"] == [
        "Ed Mayo",
        "Rachel Heywood",
        "Laurie Gregory",
        "Carl Taylor",
    ]
    assert facts["speaker_orgs"] == [
        "Co-operatives UK",
        "Lambeth Council",
        "Foster Care Co-op",
        "Birmingham Co-op Housing Services",
    ]
    # The report gives no talk titles; the demo invents none.
    assert facts["talk_titles"] == []
    assert 25 <= facts["registrations"] <= 35
    assert len(facts["roles"]) == 6
    # Every interested booking led to an enquiry or a note on an open one.
    assert facts["handled"] == facts["interested"] >= 5
    assert facts["enquiries_from_event"] >= 4
    # The demo respects the stage gates.
    assert facts["gated_without_done_assessment"] == 0


CASE_STUDY_FACTS = """
import json
studies = env["provide.case.study"].search([])
facts = {
    study.name: {
        "sector": study.sector_id.get_external_id()[study.sector_id.id],
        "members": study.member_count,
        "founded": study.year_founded,
        "image": bool(study.image_128),
        "illustrative": "illustrative example" in study.name.lower()
        and "illustrative example" in (study.summary or "").lower(),
    }
    for study in studies
}
print("STUDIES" + json.dumps(facts))
"""

# The launch booklet's named examples (and the conference's foster care co-op):
# real co-ops, for which the sources give no figures.
REAL_CASE_STUDIES = {
    "Shepshed Carers": "social_care",
    "SELDOC": "health",
    "Recycling co-op in Tower Hamlets": "waste",
    "Oxford, Swindon & Gloucester Co-op childcare initiative": "childcare",
    "Greenwich Leisure": "leisure",
    "Foster Care Co-op": "social_care",
}


def test_demo_case_studies_invent_no_figures_for_real_coops(demo_db):
    db, _log = demo_db
    studies = tagged_json(run_shell(db, CASE_STUDY_FACTS), "STUDIES")
    for name, sector in REAL_CASE_STUDIES.items():
        assert studies[name]["sector"] == f"provide_coop.provide_sector_{sector}"
        # Unknown: no members counted, no year (blank, not "0").
        assert (studies[name]["members"], studies[name]["founded"]) == (0, False), name
    invented = {name: s for name, s in studies.items() if name not in REAL_CASE_STUDIES}
    # The booklet names no housing or education co-op: those examples are
    # invented, and say so.
    assert sorted(s["sector"] for s in invented.values()) == [
        "provide_coop.provide_sector_education",
        "provide_coop.provide_sector_housing",
    ]
    assert all(s["illustrative"] for s in invented.values())
    # Every card shows its sector's picture, not the camera placeholder.
    assert [name for name, s in studies.items() if not s["image"]] == []


COMPANY_FACTS = """
import json
company = env.ref("base.main_company")
users = env.ref("provide_coop.user_rosa_demo") | env.ref(
    "provide_coop.user_ana_demo") | env.ref("provide_coop.user_ben_demo")
odoo_users = env.ref("base.user_admin") | env.ref("base.user_demo")
helen = env["res.partner"].search([("name", "=", "Helen Shaw")])
facts = {
    "name": company.name,
    "city": company.city,
    "country": company.country_id.code,
    "currency": company.currency_id.name,
    "user_tz": sorted(set(users.mapped("tz"))),
    "user_date_format": sorted(
        set(env["res.lang"]._lang_get(u.lang).date_format for u in users)),
    "odoo_users_lang": sorted(set(odoo_users.mapped("lang"))),
    "administrator": [(p.function, p.parent_id.name) for p in helen],
    "address": [company.street, company.street2, company.city, company.zip],
    "phone": company.phone,
    "email": company.email,
    "own_logo": not company.uses_default_logo,
    "layout_chosen": bool(company.external_report_layout_id),
    "paper": company.paperformat_id.format,
}
print("COMPANY" + json.dumps(facts))
"""


def test_demo_company_is_the_agency_in_manchester(demo_db):
    db, _log = demo_db
    facts = tagged_json(run_shell(db, COMPANY_FACTS), "COMPANY")
    assert facts["name"] == "Co-operatives UK (Provide service)"
    assert (facts["city"], facts["country"]) == ("Manchester", "GB")
    assert facts["currency"] == "GBP"
    # The demo's own users work in UK time and dates; Odoo's admin and demo
    # users stay in US English, which Odoo's own tests type their dates in.
    assert facts["user_tz"] == ["Europe/London"]
    assert facts["user_date_format"] == ["%d/%m/%Y"]
    assert facts["odoo_users_lang"] == ["en_US"]
    assert facts["administrator"] == [
        ["Project administrator", "Co-operatives UK (Provide service)"]
    ]
    # Its registered office, not Odoo's placeholder in California; no
    # invented phone; mail from a domain the demo owns; its own logo; a
    # layout chosen, so the first Print asks nothing.
    assert facts["address"] == [
        "Holyoake House",
        "Hanover Street",
        "Manchester",
        "M60 0AS",
    ]
    assert not facts["phone"]
    assert facts["email"].endswith("@example.org")
    assert facts["own_logo"]
    assert facts["layout_chosen"]
    assert facts["paper"] == "A4"


DATE_FACTS = """
import json
E = env["provide.enquiry"].with_context(active_test=False)
enquiries = E.search([])
Pipeline = env["provide.pipeline.report"]
Stays = env["provide.stage.time.report"]
History = env["provide.enquiry.stage.history"]
out_of_order = [
    e.name for e in enquiries
    if e.date_last_stage_update < e.date_received
    or (e.date_closed and e.date_closed < e.date_received)
    or any(s.date_in < e.date_received for s in e.stage_history_ids)
    or any(s.date_out and s.date_out < s.date_in for s in e.stage_history_ids)
]
past = [s for s in Stays.search([("is_current", "=", False)])]
months = {row[0].strftime("%Y-%m") for row in Pipeline._read_group(
    [], ["date_received:month"], ["__count"])}
facts = {
    "negative_pipeline": Pipeline.search_count(
        ["|", ("days_open", "<", 0), ("days_in_stage", "<", 0)]),
    "negative_stays": Stays.search_count([("days", "<", 0)]),
    "out_of_order": out_of_order,
    "months_received": len(months),
    "past_stays": len(past),
    "past_stays_over_a_week": len([s for s in past if s.days > 7]),
    "stalled": E.search_count([("is_stalled", "=", True)]),
    "enquiries_without_stay": E.search_count(
        [("stage_history_ids", "=", False), ("stage_id", "!=", False)]),
    "not_one_open_stay": [
        e.name for e in enquiries.filtered("stage_id")
        if len(e.stage_history_ids.filtered(lambda s: not s.date_out)) != 1
    ],
    "planned_on_ended": env["mail.activity"].search_count([
        ("res_model", "=", "provide.enquiry"), ("automated", "=", True),
        ("res_id", "in", enquiries.filtered(lambda e: e.outcome != "open").ids)]),
    "reference_not_of_year_received": [
        (e.reference, str(e.date_received)) for e in enquiries
        if e.reference.split("/")[1] != str(e.date_received.year)],
    "references_of_2011": len(enquiries.filtered(
        lambda e: e.reference.startswith("ENQ/2011/"))),
}
print("DATES" + json.dumps(facts))
"""


def test_demo_dates_tell_a_true_story_over_the_year(demo_db):
    db, _log = demo_db
    facts = tagged_json(run_shell(db, DATE_FACTS), "DATES")
    # No duration is negative; received, stage, close and stay dates agree.
    assert facts["negative_pipeline"] == 0
    assert facts["negative_stays"] == 0
    assert facts["out_of_order"] == []
    assert facts["enquiries_without_stay"] == 0
    # One stay at a time: every enquiry is in exactly one stage now.
    assert facts["not_one_open_stay"] == []
    # Nothing planned is left open on a launched or closed enquiry.
    assert facts["planned_on_ended"] == 0
    # A reference carries the year its enquiry was received: the 2011
    # conference's enquiries read ENQ/2011/..., not the install year.
    assert facts["reference_not_of_year_received"] == []
    assert facts["references_of_2011"] >= 6
    # Enquiries came in over the past twelve months, and spent real time in
    # the stages they went through; some have been left too long.
    assert facts["months_received"] >= 10
    assert facts["past_stays"] >= 30
    assert facts["past_stays_over_a_week"] >= 20
    assert facts["stalled"] >= 2


AFTER_LAUNCH_FACTS = """
import json
E = env["provide.enquiry"].with_context(active_test=False)
coops = env["provide.coop"].search([])
launched = E.search([("outcome", "=", "won")])
programme = env.ref("provide_coop.provide_programme_cooperative_action_demo")
data = env["report.provide_coop.provide_funder_report_document"]._report_data(
    programme, programme.date_start, programme.date_end)
figures = {line["key"]: line["value"] for line in data["indicators"]}
members = env["provide.support.member"].search([])
Line = env["provide.service.delivery"]
hours_per_day = Line._hours_per_day()
facts = {
    "coops": sorted(coops.mapped("name")),
    "coops_illustrative": all(
        "illustrative" in (c.summary or "").lower()
        and "illustrative" in (c.note or "").lower() for c in coops),
    "coop_contacts_flagged": all(coops.partner_id.mapped("is_coop"))
        and all(coops.partner_id.mapped("is_company")),
    "launched_without_coop": len(launched.filtered(lambda e: not e.coop_id)),
    "coops_launched_from": sorted(coops.enquiry_id.mapped("name")),
    "checkins": {c.name: c.checkin_count for c in coops},
    "checkins_illustrative": all(
        "illustrative" in (ck.note or "").lower() for ck in coops.checkin_ids),
    "checkins_planned": env["mail.activity"].search_count([
        ("res_model", "=", "provide.coop"), ("res_id", "in", coops.ids)]),
    "overdue": env["provide.coop"].search(
        [("checkin_overdue", "=", True)]).mapped("name"),
    "funder": programme.funder_id.name,
    "programme_illustrative": "illustrative" in programme.name.lower()
        and "illustrative" in (programme.description or "").lower(),
    "targets": len(programme.target_ids),
    "figures": figures,
    "days_used_are_lines": all(
        abs(m.days_used * hours_per_day - sum(Line.search([
            ("enquiry_id", "=", m.enquiry_id.id), ("partner_id", "=", m.partner_id.id),
            ("state", "=", "confirmed")]).mapped("hours"))) < 0.01
        for m in members),
    "over_allocation": E.search_count([("support_over_allocation", "=", True)]),
    "lines_to_confirm": Line.search_count([("state", "=", "proposed")]),
    "survival": env["provide.coop.survival.report"].search_count([]),
}
print("AFTER" + json.dumps(facts))
"""


def test_demo_launched_coops_their_checkins_and_the_programme(demo_db):
    db, _log = demo_db
    facts = tagged_json(run_shell(db, AFTER_LAUNCH_FACTS), "AFTER")
    # Two launched co-ops, invented and saying so, each from its enquiry.
    assert facts["coops"] == [
        "Larchfield Estate Repairs Co-operative",
        "Riverside Reuse Co-operative",
    ]
    assert facts["coops_illustrative"]
    assert facts["coop_contacts_flagged"]
    assert facts["launched_without_coop"] == 0
    assert facts["coops_launched_from"] == [
        "Bulky-waste collection and reuse service",
        "Housing repairs team as a co-op",
    ]
    # Both checked in, with illustrative figures; one check-in is overdue.
    assert all(count >= 1 for count in facts["checkins"].values())
    assert facts["checkins_illustrative"]
    assert facts["checkins_planned"] >= 4
    assert facts["overdue"] == ["Larchfield Estate Repairs Co-operative"]
    # The programme is funded by the charity of the domain, figures marked.
    assert facts["funder"] == "Co-operative Action"
    assert facts["programme_illustrative"]
    assert facts["targets"] == 7
    figures = facts["figures"]
    assert figures["launches"] == 2
    assert figures["enquiries"] >= 15
    assert figures["assessments"] >= 5
    assert figures["studies"] >= 1
    assert figures["jobs"] == 62
    assert figures["support_hours"] > 100
    # Support days are the lines' hours; one team is over its allocation and
    # one line waits for its hours to be confirmed.
    assert facts["days_used_are_lines"]
    assert facts["over_allocation"] == 1
    assert facts["lines_to_confirm"] == 1
    assert facts["survival"] == 2


RETENTION_FACTS = """
import json
env.ref("provide_coop.ir_cron_provide_retention").method_direct_trigger()
event = env.ref("provide_coop.event_cooperative_council_demo")
regs = env["event.registration"].search([("event_id", "=", event.id)])
old = env.ref("provide_coop.provide_enquiry_laundry_old_demo")
facts = {
    "registrations": len(regs),
    "without_email": len(regs.filtered(lambda r: not r.email)),
    "anonymised_bookings": len(regs.filtered("provide_anonymised_date")),
    "old_anonymised": bool(old.anonymised_date),
    "old_contact": old.contact_name,
    "old_email": old.email_from or "",
    "erasures": env["provide.erasure"].search_count([("reason", "=", "retention")]),
}
print("RETAIN" + json.dumps(facts))
"""


def test_demo_conference_outlives_the_retention_job(demo_db):
    """The retention job, run as on the first start, keeps the 2011
    conference's bookings whole and anonymises the one old closed enquiry."""
    db, _log = demo_db
    facts = tagged_json(run_shell(db, RETENTION_FACTS), "RETAIN")
    assert facts["registrations"] >= 25
    assert facts["without_email"] == 0
    assert facts["anonymised_bookings"] == 0
    assert facts["old_anonymised"]
    assert (facts["old_contact"], facts["old_email"]) == ("Forgotten contact", "")
    assert facts["erasures"] == 1


STORY_FACTS = """
import json
event = env.ref("provide_coop.event_cooperative_council_demo")
E = env["provide.enquiry"].with_context(active_test=False)
from_event = E.search([("event_id", "=", event.id)])
impact = env["provide.event.impact.report"]
consents = env["provide.consent"].search([("registration_id.event_id", "=", event.id)])
facts = {
    "event_source_without_event": E.search(
        [("source", "=", "event"), ("event_id", "=", False)]).mapped("name"),
    "conference_tag_without_event": E.search([
        ("tag_ids.name", "=", "Met at a conference"), ("event_id", "=", False),
    ]).mapped("name"),
    "without_sector": E.search([("sector_id", "=", False)]).mapped("name"),
    "received_today": E.search_count([
        ("date_received", ">=", __import__("datetime").date.today().isoformat())]),
    "consent_years": sorted({c.date.year for c in consents}),
    "consents_with_booking": all(
        c.date == c.registration_id.create_date for c in consents),
    "booked_before_the_day": all(
        r.create_date < event.date_begin for r in event.registration_ids),
    "booking_years": sorted({r.create_date.year for r in event.registration_ids}),
    "attended_on": sorted({str(r.date_closed.date()) for r in event.registration_ids
                           if r.state == "done"}),
    "assessed_from_event": len(from_event.filtered(
        lambda e: e.assessment_state == "done")),
    "other_events": env["event.event"].search_count([("id", "!=", event.id)]),
    "event_stage": event.stage_id.name,
    "event_stage_folded": event.stage_id.fold,
}
print("STORY" + json.dumps(facts))
"""


def test_demo_enquiries_hang_together_with_the_conference(demo_db):
    db, _log = demo_db
    facts = tagged_json(run_shell(db, STORY_FACTS), "STORY")
    # Every enquiry met at an event names it, so Event Impact and Conversion
    # count the same enquiries; the conference's assessed ones show there.
    assert facts["event_source_without_event"] == []
    assert facts["conference_tag_without_event"] == []
    assert facts["assessed_from_event"] >= 2
    # Nothing sits in the pipeline without a sector or as received today.
    assert facts["without_sector"] == []
    assert facts["received_today"] == 0
    # Bookings were made before the day, each consent with its booking, and
    # attendees signed in on the day: none is dated the day of install.
    assert facts["booking_years"] == [2011]
    assert facts["booked_before_the_day"]
    assert facts["consent_years"] == [2011]
    assert facts["consents_with_booking"]
    assert facts["attended_on"] == ["2011-03-19"]
    # Events shows the conference, in an open column, and nothing else.
    assert facts["other_events"] == 0
    assert (facts["event_stage"], facts["event_stage_folded"]) == ("Ended", False)


FIRST_SCREEN_FACTS = """
import json
pipeline = env.ref("provide_coop.provide_enquiry_action_pipeline")
users = env.ref("provide_coop.user_rosa_demo") | env.ref(
    "provide_coop.user_ana_demo") | env.ref("provide_coop.user_ben_demo")
manager = env.ref("provide_coop.user_rosa_demo")
admin = env.ref("base.user_admin")
action = env["provide.enquiry"].with_user(manager).action_pipeline()
domain = [("active", "=", True), ("outcome", "=", "open")]
triage = env["provide.enquiry"]._web_intake_settings()["triage_user"]
facts = {
    "home": {u.login: u.action_id.id == pipeline.id for u in users},
    "manager_is_manager": manager.has_group("provide_coop.group_provide_manager"),
    "manager_runs_events": manager.has_group("event.group_event_user"),
    "conference_responsible": env.ref(
        "provide_coop.event_cooperative_council_demo").user_id.login,
    "admin_home": admin.action_id.id or False,
    "manager_context": action["context"],
    "manager_action_id": action["id"] == pipeline.id,
    "open_enquiries": env["provide.enquiry"].with_user(manager).search_count(domain),
    "triage_user": triage.login or "",
    "unread_in_inbox": env["mail.notification"].search_count([
        ("res_partner_id", "in", users.partner_id.ids),
        ("notification_type", "=", "inbox"), ("is_read", "=", False)]),
    "odoobot_tour_waiting": [
        u.login for u in users if u.odoobot_state in (False, "not_initialized")],
    "triage_is_adviser": triage.has_group("provide_coop.group_provide_user"),
}
print("FIRST" + json.dumps(facts))
"""


def test_demo_users_land_on_the_pipeline(demo_db):
    db, _log = demo_db
    facts = tagged_json(run_shell(db, FIRST_SCREEN_FACTS), "FIRST")
    # The manager rosa and the advisers ana and ben land on the pipeline, in
    # its app; Odoo's admin keeps Odoo's home screen.
    assert facts["home"] == {"rosa": True, "ana": True, "ben": True}
    assert facts["manager_is_manager"]
    assert facts["admin_home"] is False
    assert facts["manager_action_id"]
    # The manager's board shows every open enquiry, not "My Enquiries" (the
    # manager holds none, which showed Odoo's sample cards).
    assert facts["manager_context"] == {"search_default_open": 1}
    assert facts["open_enquiries"] >= 15
    # Nothing unread waits for them: no "OdooBot has assigned you" lines for
    # the demo's planned activities, no OdooBot tour of the chat.
    assert facts["unread_in_inbox"] == 0
    assert facts["odoobot_tour_waiting"] == []
    # The manager runs the conference and may follow its attendees up.
    assert facts["manager_runs_events"]
    assert facts["conference_responsible"] == "rosa"


def test_demo_web_enquiries_reach_an_adviser(demo_db):
    db, _log = demo_db
    facts = tagged_json(run_shell(db, FIRST_SCREEN_FACTS), "FIRST")
    # A visitor's enquiry from the website gets a triage activity for Ana.
    assert facts["triage_user"] == "ana"
    assert facts["triage_is_adviser"]


def test_upgrade_keeps_every_enquiry(demo_db):
    db, _log = demo_db
    before = tagged_json(run_shell(db, SNAPSHOT), "SNAPSHOT")
    assert before, "the demo database should hold enquiries"
    log = run_odoo(db, "-u", "provide_coop", "--stop-after-init", "--http-port=0")
    assert log_problems(log) == []
    after = tagged_json(run_shell(db, SNAPSHOT), "SNAPSHOT")
    assert after == before


def test_uninstall_removes_the_models(demo_db):
    db, _log = demo_db
    out = run_shell(
        db,
        """
module = env["ir.module.module"].search([("name", "=", "provide_coop")])
module.button_immediate_uninstall()
env.cr.execute("select count(*) from information_schema.tables "
               "where table_name like 'provide\\\\_%'")
print("TABLES%s" % env.cr.fetchone()[0])
print("STATE" + module.state)
""",
    )
    assert "STATEuninstalled" in out
    assert "TABLES0" in out
    assert log_problems(out) == []
