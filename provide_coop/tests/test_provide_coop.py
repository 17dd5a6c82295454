from datetime import date

from dateutil.relativedelta import relativedelta
from freezegun import freeze_time
from lxml import etree
from psycopg2 import IntegrityError

from odoo import fields
from odoo.exceptions import AccessError, RedirectWarning, UserError, ValidationError
from odoo.tests import Form, tagged
from odoo.tools import mute_logger

from .common import TestProvideCommon

# The co-op's figures at launch, on its form and in its launch wizard, and the
# "Not known" widget each takes; the total is computed, so has no placeholder.
FIGURE_WIDGETS = {
    "members_worker": "provide_figure",
    "members_user": "provide_figure",
    "members_community": "provide_figure",
    "members_other": "provide_figure",
    "member_count": "provide_figure",
    "jobs_transferred": "provide_figure",
    "jobs_created": "provide_figure",
    "service_users": "provide_figure",
    "contract_value": "provide_monetary_figure",
}


def _assert_figures_not_known(case, node):
    """Each figure under the view `node` reads "Not known" until given."""
    for fname, widget in FIGURE_WIDGETS.items():
        (field,) = node.xpath(f".//field[@name='{fname}']")
        case.assertEqual(field.get("widget"), widget, fname)
        if fname != "member_count":
            case.assertEqual(field.get("placeholder"), "Not known", fname)


@tagged("post_install", "-at_install")
class TestProvideCoopLaunch(TestProvideCommon):
    """Reaching the launched stage asks for the co-op the enquiry launched;
    the launch wizard records it (a company contact flagged as a
    co-operative, its legal form, members, jobs and contract) and moves the
    enquiry on."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls._assess(cls.enquiry)
        cls.enquiry.stage_id = cls.stage_support_team
        cls.env.cr.flush()

    def _wizard(self, enquiry=None, user=None, **vals):
        enquiry = enquiry or self.enquiry
        action = enquiry.with_user(user or self.user_adviser)._launch_action()
        Wizard = (
            self.env[action["res_model"]]
            .with_user(user or self.user_adviser)
            .with_context(**action["context"])
        )
        return Wizard.create(vals)

    def test_form_move_asks_for_the_coop(self):
        with self.assertRaises(RedirectWarning) as refused:
            with Form(self.enquiry.with_user(self.user_adviser)) as form:
                form.stage_id = self.stage_launched
        message, action, button, _context = refused.exception.args
        self.assertIn("until the co-op it launched is recorded", message)
        self.assertEqual(button, "Record the co-op")
        self.assertEqual(action["res_model"], "provide.coop.launch")
        self.assertEqual(
            action["context"],
            {
                "default_enquiry_id": self.enquiry.id,
                "default_stage_id": self.stage_launched.id,
            },
        )
        self.assertEqual(self.enquiry.stage_id, self.stage_support_team)

    def test_scripts_and_batches_get_the_plain_message(self):
        other = self.env["provide.enquiry"].create({"name": "Leisure trust"})
        self._assess(other)
        with self.assertRaises(UserError) as refused:
            (self.enquiry | other).web_save({"stage_id": self.stage_launched.id}, {})
        self.assertNotIsInstance(refused.exception, RedirectWarning)
        self.assertIn("Leisure trust", str(refused.exception))
        with self.assertRaisesRegex(UserError, "until the co-op it launched"):
            self.enquiry.with_user(self.user_adviser).write(
                {"stage_id": self.stage_launched.id}
            )
        self.assertEqual(self.enquiry.stage_id, self.stage_support_team)

    def test_the_assessment_gate_speaks_first(self):
        fresh = self.env["provide.enquiry"].create(
            {"name": "Unassessed idea", "user_id": self.user_adviser.id}
        )
        with self.assertRaises(RedirectWarning) as refused:
            with Form(fresh.with_user(self.user_adviser)) as form:
                form.stage_id = self.stage_launched
        self.assertEqual(refused.exception.args[2], "Open the assessment")

    def test_wizard_records_the_coop_and_launches_the_enquiry(self):
        with freeze_time("2026-06-03 10:00:00"):
            wizard = self._wizard()
            # What the enquiry knows already is filled in.
            self.assertEqual(wizard.stage_id, self.stage_launched)
            self.assertEqual(wizard.sector_id, self.sector_social_care)
            self.assertEqual(wizard.commissioner_id, self.council)
            self.assertEqual(wizard.contract_value, 400000)
            self.assertEqual(wizard.jobs_transferred, 25)
            self.assertEqual(wizard.user_id, self.user_adviser)
            with Form(wizard) as form:
                form.name = "Shepshed Homecare Co-operative"
                form.legal_form = "community_benefit"
                form.registration_number = "RS000123"
                form.date_registered = date(2026, 5, 20)
                form.membership_model = "multi_stakeholder"
                form.members_worker = 22
                form.members_user = 40
                form.members_community = 5
                form.jobs_transferred = 22
                form.jobs_created = 4
                form.contract_date_start = date(2026, 6, 1)
                form.contract_date_end = date(2029, 5, 31)
                form.service_users = 310
                # A society registers with the FCA.
                self.assertEqual(form.register, "fca")
            action = form.record.action_launch()
        self.assertEqual(action["tag"], "soft_reload")
        coop = self.enquiry.coop_id
        self.assertTrue(coop)
        self.assertEqual(self.enquiry.stage_id, self.stage_launched)
        self.assertEqual(self.enquiry.outcome, "won")
        partner = coop.partner_id
        self.assertEqual(partner.name, "Shepshed Homecare Co-operative")
        self.assertTrue(partner.is_company)
        self.assertTrue(partner.is_coop)
        self.assertEqual(coop.enquiry_id, self.enquiry)
        self.assertEqual(coop.date_launched, date(2026, 6, 3))
        self.assertEqual(coop.company_id, self.enquiry.company_id)
        self.assertEqual(coop.user_id, self.user_adviser)
        self.assertEqual(
            (coop.legal_form, coop.register, coop.registration_number),
            ("community_benefit", "fca", "RS000123"),
        )
        self.assertEqual(coop.member_count, 67)
        self.assertEqual((coop.jobs_transferred, coop.jobs_created), (22, 4))
        self.assertEqual(coop.commissioner_id, self.council)
        self.assertEqual(coop.contract_value, 400000)
        self.assertEqual(coop.contract_date_end, date(2029, 5, 31))
        self.assertEqual(coop.service_users, 310)
        self.assertEqual(coop.trading_status, "not_checked")
        # Its contact shows it.
        self.assertEqual(partner.with_user(self.user_adviser).provide_coop_count, 1)
        action = partner.with_user(self.user_adviser).action_view_provide_coop()
        self.assertEqual(action["res_id"], coop.id)

    def test_wizard_figures_not_given_read_as_not_known(self):
        """A figure the co-op has not given yet reads "Not known", as on the
        enquiry, not 0 as if it were known; the jobs kept still come from the
        enquiry's workforce."""
        action = self.enquiry.with_user(self.user_adviser)._launch_action()
        Wizard = self.env[action["res_model"]].with_user(self.user_adviser)
        arch = etree.fromstring(
            Wizard.get_views(action["views"])["views"]["form"]["arch"]
        )
        _assert_figures_not_known(self, arch)
        self.assertEqual(self._wizard().jobs_transferred, 25)

    def test_wizard_links_a_coop_already_recorded(self):
        coop = self._record_coop(self.enquiry)
        self.enquiry.stage_id = self.stage_launched
        extension = self.env["provide.enquiry"].create(
            {
                "name": "Extending the rounds to Coalville",
                "partner_id": self.env["res.partner"]
                .create({"name": "Kim Carer", "parent_id": coop.partner_id.id})
                .id,
                "user_id": self.user_adviser.id,
            }
        )
        self._assess(extension)
        wizard = self._wizard(extension)
        # The enquirer works for a co-op we helped: that co-op is proposed.
        self.assertEqual((wizard.mode, wizard.coop_id), ("existing", coop))
        wizard.action_launch()
        self.assertEqual(extension.coop_id, coop)
        self.assertEqual(coop.enquiry_ids, self.enquiry | extension)
        # Its figures at launch stay with the enquiry that launched it.
        self.assertEqual(coop.enquiry_id, self.enquiry)
        self.assertEqual(self.env["provide.coop"].search_count([]), 1)

    def test_an_existing_contact_becomes_the_coop(self):
        contact = self.env["res.partner"].create(
            {"name": "Charnwood Carers Ltd", "is_company": True}
        )
        wizard = self._wizard(partner_id=contact.id, legal_form="guarantee")
        self.assertFalse(contact.is_coop)
        wizard.action_launch()
        self.assertEqual(self.enquiry.coop_id.partner_id, contact)
        self.assertTrue(contact.is_coop)
        self.assertEqual(self.enquiry.coop_id.name, "Charnwood Carers Ltd")

    def test_wizard_needs_a_name_or_a_contact(self):
        with self.assertRefused(
            ValidationError, "Give the co-op's name", "provide.coop", "res.partner"
        ):
            self._wizard().action_launch()
        self.assertEqual(self.enquiry.stage_id, self.stage_support_team)

    def test_a_refused_move_records_no_coop(self):
        fresh = self.env["provide.enquiry"].create({"name": "Unassessed idea"})
        with self.assertRefused(
            UserError, "until its formal assessment is done", "provide.coop"
        ):
            self._wizard(fresh, name="Too Early Co-op").action_launch()

    def test_recording_the_coop_of_an_enquiry_launched_before(self):
        trading = self.env["provide.assessment.stage"].create(
            {"name": "Trading (test)", "sequence": 70, "is_won": True}
        )
        with freeze_time("2026-02-10 09:00:00"):
            self.enquiry.stage_id = trading
        self.assertFalse(self.enquiry.coop_id)
        with freeze_time("2026-05-01 09:00:00"):
            wizard = self._wizard(name="Late Recorded Co-op")
            self.assertFalse(wizard.stage_id)
            self.assertEqual(wizard.date_launched, date(2026, 2, 10))
            wizard.action_launch()
        self.assertEqual(self.enquiry.stage_id, trading)
        self.assertEqual(self.enquiry.coop_id.date_launched, date(2026, 2, 10))

    def test_move_and_coop_in_one_write(self):
        partner = self.env["res.partner"].create(
            {"name": "X Co-op", "is_company": True}
        )
        coop = self.env["provide.coop"].create({"partner_id": partner.id})
        with freeze_time("2026-07-01 09:00:00"):
            self.enquiry.with_user(self.user_adviser).write(
                {"stage_id": self.stage_launched.id, "coop_id": coop.id}
            )
        self.assertEqual(self.enquiry.stage_id, self.stage_launched)
        self.assertEqual(coop.date_launched, date(2026, 7, 1))

    def test_new_enquiry_cannot_start_where_the_coop_is_required(self):
        trading = self.env["provide.assessment.stage"].create(
            {
                "name": "Trading (test)",
                "sequence": 70,
                "is_won": True,
                "requires_coop": True,
            }
        )
        with self.assertRefused(
            UserError, "cannot start in “Trading \\(test\\)” without the co-op"
        ):
            self.env["provide.enquiry"].create(
                {"name": "Straight to trading", "stage_id": trading.id}
            )
        coop = self._record_coop(self.enquiry)
        self.enquiry.stage_id = trading
        self.assertEqual(self.enquiry.coop_id, coop)

    def test_only_a_launched_stage_requires_the_coop(self):
        with self.assertRaisesRegex(ValidationError, "Only a stage where co-ops"):
            self.stage_first_contact.requires_coop = True

    def test_figures_cannot_be_negative_nor_the_contract_end_first(self):
        coop = self._record_coop(self.enquiry)
        with self.assertCheckRefused("jobs a co-op kept or created cannot be negative"):
            coop.jobs_created = -1
        with self.assertRaisesRegex(ValidationError, "cannot end before it starts"):
            coop.write(
                {
                    "contract_date_start": "2026-06-01",
                    "contract_date_end": "2026-05-01",
                }
            )

    def test_one_coop_per_contact_and_company(self):
        coop = self._record_coop(self.enquiry)
        with (
            self.assertRaises(IntegrityError),
            mute_logger("odoo.sql_db"),
            self.env.cr.savepoint(),
        ):
            self.env["provide.coop"].create({"partner_id": coop.partner_id.id})
            self.env.flush_all()


@tagged("post_install", "-at_install")
class TestProvideCoop(TestProvideCommon):
    """The co-op's form: its enquiry, support team, studies and outcomes; a
    case study seeded from it; who may do what; companies kept apart."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls._assess(cls.enquiry)
        cls.coop = cls._record_coop(
            cls.enquiry,
            legal_form="coop_society",
            membership_model="worker",
            members_worker=20,
            jobs_transferred=18,
            jobs_created=2,
            sector_id=cls.sector_social_care.id,
            commissioner_id=cls.council.id,
            date_registered="2026-03-02",
        )
        cls.coop.partner_id.write(
            {"city": "Loughborough", "website": "https://x.example"}
        )
        with freeze_time("2026-04-01 10:00:00"):
            cls.enquiry.stage_id = cls.stage_launched
        cls.lawyer = cls.env["res.partner"].create({"name": "Lee Lawyer"})
        cls.member = cls.env["provide.support.member"].create(
            {
                "enquiry_id": cls.enquiry.id,
                "partner_id": cls.lawyer.id,
                "role": "legal",
                "days_allocated": 2,
            }
        )
        cls.study = cls.env["provide.feasibility.study"].create(
            {"name": "Market", "enquiry_id": cls.enquiry.id, "cost": 900}
        )
        cls.env["provide.service.delivery"].create(
            [
                {
                    "enquiry_id": cls.enquiry.id,
                    "date": "2026-03-01",
                    "user_id": False,
                    "partner_id": cls.lawyer.id,
                    "kind": "meeting",
                    "hours": 7,
                },
                {
                    "enquiry_id": cls.enquiry.id,
                    "date": "2026-03-02",
                    "user_id": cls.user_adviser.id,
                    "kind": "phone",
                    "hours": 1.5,
                },
            ]
        )

    def test_the_coop_shows_its_enquiry_team_studies_and_support(self):
        coop = self.coop.with_user(self.user_adviser)
        self.assertEqual(coop.enquiry_id, self.enquiry)
        self.assertEqual(coop.enquiry_count, 1)
        self.assertEqual(coop.support_member_ids, self.member)
        self.assertEqual(coop.feasibility_study_ids, self.study)
        self.assertEqual(coop.support_hours, 8.5)
        self.assertEqual(coop.date_launched, date(2026, 4, 1))
        action = coop.action_view_enquiries()
        self.assertEqual(action["res_id"], self.enquiry.id)
        # The enquiry shows its co-op.
        action = self.enquiry.with_user(self.user_adviser).action_view_coop()
        self.assertEqual((action["res_model"], action["res_id"]), (coop._name, coop.id))

    def test_figures_not_given_read_as_not_known_on_the_coop(self):
        """On the co-op's own form, as in its launch wizard, a figure never
        given reads "Not known", not 0 as if known; it can still be typed."""
        Coop = self.env["provide.coop"].with_user(self.user_adviser)
        form = etree.fromstring(Coop.get_view(view_type="form")["arch"])
        (launch,) = form.xpath("//page[@name='launch']")
        _assert_figures_not_known(self, launch)
        listing = etree.fromstring(Coop.get_view(view_type="list")["arch"])
        for fname in ("member_count", "jobs_transferred", "jobs_created"):
            (node,) = listing.xpath(f"//field[@name='{fname}']")
            self.assertEqual(node.get("widget"), "provide_figure", fname)
        self.assertFalse(self.coop.service_users)
        with Form(self.coop.with_user(self.user_adviser)) as coop:
            coop.service_users = 140
            coop.contract_value = 250000
        self.assertEqual(self.coop.service_users, 140)
        self.assertEqual(self.coop.contract_value, 250000)

    def test_case_study_seeded_from_the_coop_in_one_click(self):
        action = self.coop.with_user(self.user_adviser).action_case_study()
        self.assertEqual(action["res_model"], "provide.case.study")
        CaseStudy = (
            self.env["provide.case.study"]
            .with_user(self.user_adviser)
            .with_context(**action["context"])
        )
        with Form(CaseStudy) as form:
            self.assertEqual(form.name, self.coop.name)
            self.assertEqual(form.sector_id, self.sector_social_care)
            self.assertEqual(form.city, "Loughborough")
            self.assertEqual(form.model_type, "worker")
            self.assertEqual(form.member_count, 20)
            self.assertEqual(form.year_founded, "2026")
            self.assertIn("kept 18 jobs and created 2", form.summary)
            self.assertIn(self.council.name, form.summary)
        study = form.record
        self.assertEqual(study.partner_id, self.coop.partner_id)
        self.assertEqual(self.coop.case_study_count, 1)
        action = self.coop.action_view_case_studies()
        self.assertEqual(self.env["provide.case.study"].search(action["domain"]), study)

    def test_nothing_is_written_until_the_case_study_is_saved(self):
        before = self.env["provide.case.study"].search_count([])
        self.coop.action_case_study()
        self.assertEqual(self.env["provide.case.study"].search_count([]), before)

    def test_advisers_record_coops_managers_delete_them(self):
        Coop = self.env["provide.coop"].with_user(self.user_adviser)
        partner = self.env["res.partner"].create(
            {"name": "Adv Co-op", "is_company": True}
        )
        coop = Coop.create({"partner_id": partner.id, "jobs_created": 3})
        coop.write({"members_worker": 4})
        self.assertEqual(coop.member_count, 4)
        with self.assertRaises(AccessError):
            coop.unlink()
        coop.with_user(self.user_manager).unlink()
        self.assertFalse(coop.exists())

    def test_employee_without_the_app_cannot_read_coops(self):
        with self.assertRaises(AccessError):
            self.env["provide.coop"].with_user(self.user_employee).search([])

    def test_other_company_cannot_read_the_coop(self):
        Coop = self.env["provide.coop"].with_user(self.user_adviser_b)
        self.assertFalse(Coop.search([]))
        with self.assertRaises(AccessError):
            self.coop.with_user(self.user_adviser_b).read(["name"])


@tagged("post_install", "-at_install")
class TestProvideCoopSurvival(TestProvideCommon):
    """Of the co-ops launched N months ago, how many still trade, by their
    latest check-in: a pivot and a graph for managers."""

    def _coop(self, name, launched, trading=None):
        partner = self.env["res.partner"].create({"name": name, "is_company": True})
        coop = self.env["provide.coop"].create(
            {
                "partner_id": partner.id,
                "date_launched": launched,
                "sector_id": self.sector_health.id,
            }
        )
        if trading is not None:
            self.env["provide.coop.checkin"].create(
                {"coop_id": coop.id, "date": launched, "still_trading": trading}
            )
        return coop

    def test_survival_by_months_since_launch(self):
        # The report counts months up to the database's today.
        today = fields.Date.today()
        for name, months, days, trading in (
            ("Recent", 3, 0, True),
            ("Year old", 13, 0, True),
            ("Year old, closed", 13, 10, False),
            ("Year old, unchecked", 15, 0, None),
            ("Old", 53, 0, True),
        ):
            launched = today - relativedelta(months=months, days=days)
            self._coop(name, launched, trading)
        self.env.flush_all()
        Report = self.env["provide.coop.survival.report"].with_user(self.user_manager)
        rows = Report._read_group(
            [],
            ["age_band"],
            [
                "coop_count:sum",
                "trading_count:sum",
                "ceased_count:sum",
                "unchecked_count:sum",
                "survival_rate:avg",
            ],
        )
        self.assertEqual(
            rows,
            [
                ("00_05", 1, 1, 0, 0, 100.0),
                ("12_23", 3, 1, 1, 1, 50.0),
                ("36_up", 1, 1, 0, 0, 100.0),
            ],
        )
        with self.assertRaises(AccessError):
            self.env["provide.coop.survival.report"].with_user(
                self.user_adviser
            ).search([])
        north = self.env["provide.coop.survival.report"].with_user(self.user_adviser_b)
        with self.assertRaises(AccessError):
            north.search([])
