from contextlib import contextmanager
from datetime import datetime

from odoo.exceptions import AccessError
from odoo.tests import Form, freeze_time, new_test_user, tagged

from .common import TestProvideCommon

KPIS = (
    "kpi_provide_enquiry_new",
    "kpi_provide_enquiry_launched",
    "kpi_provide_enquiry_closed",
)

# The week the digests below look at: [PERIOD_START, PERIOD_END).
PERIOD_START = datetime(2025, 3, 2)
PERIOD_END = datetime(2025, 3, 9)


@tagged("post_install", "-at_install")
class TestProvideDigest(TestProvideCommon):
    """The pipeline's numbers are KPIs of Odoo's digest e-mail, per company,
    for managers only."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.stage_trading = cls.env["provide.assessment.stage"].create(
            {"name": "Trading (test)", "sequence": 70, "is_won": True}
        )
        cls.digest_a, cls.digest_b = cls.env["digest.digest"].create(
            [
                {"name": "Pipeline (South)", "company_id": cls.company_a.id},
                {"name": "Pipeline (North)", "company_id": cls.company_b.id},
            ]
        )

        # Before the week: two enquiries in the South, one launched already.
        with cls._at("2025-02-20 10:00:00"):
            old_launched, old_closed, old_before = cls._create(cls.company_a, 3)
        with cls._at("2025-02-25 10:00:00"):
            old_before.write({"stage_id": cls.stage_trading.id})

        # During the week: three new in the South and two in the North.
        with cls._at("2025-03-03 09:00:00"):
            new_a = cls._create(cls.company_a, 3)
            new_b = cls._create(cls.company_b, 2)
        with cls._at("2025-03-04 11:00:00"):
            old_launched.write({"stage_id": cls.stage_trading.id})
        with cls._at("2025-03-05 15:00:00"):
            (old_closed | new_a[0])._close(cls.reason_withdrawn)
        with cls._at("2025-03-08 23:59:00"):
            new_b[0].write({"stage_id": cls.stage_trading.id})

        # After the week: none of this counts.
        with cls._at("2025-03-09 00:00:00"):
            cls._create(cls.company_a, 1)
            new_a[1]._close(cls.reason_not_viable)
            new_b[1].write({"stage_id": cls.stage_trading.id})

    @classmethod
    @contextmanager
    def _at(cls, when):
        """Freeze the clock, and the transaction's timestamp the ORM gives
        ``create_date``, at ``when``."""
        with freeze_time(when):
            cls.env.cr._now = datetime.fromisoformat(when)
            try:
                yield
                cls.env.flush_all()
            finally:
                cls.env.cr._now = None

    @classmethod
    def _create(cls, company, count):
        return cls.env["provide.enquiry"].create(
            [
                {
                    "name": f"{company.name} enquiry {i}",
                    "company_id": company.id,
                    "stage_id": cls.stage_new.id,
                }
                for i in range(count)
            ]
        )

    def _values(self, digest):
        digest = digest.with_context(
            start_datetime=PERIOD_START, end_datetime=PERIOD_END
        )
        digest.invalidate_recordset()
        return {kpi: digest[f"{kpi}_value"] for kpi in KPIS}

    def test_kpis_count_the_period_of_each_company(self):
        # South: three new (one closed since, still new); launched: an older
        # enquiry launched this week; not proceeding: one older, one new.
        self.assertEqual(
            self._values(self.digest_a.with_user(self.user_manager)),
            {
                "kpi_provide_enquiry_new": 3,
                "kpi_provide_enquiry_launched": 1,
                "kpi_provide_enquiry_closed": 2,
            },
        )
        self.assertEqual(
            self._values(self.digest_b),
            {
                "kpi_provide_enquiry_new": 2,
                "kpi_provide_enquiry_launched": 1,
                "kpi_provide_enquiry_closed": 0,
            },
        )

    def test_digest_without_company_counts_the_current_company(self):
        digest = self.env["digest.digest"].create(
            {"name": "Pipeline", "company_id": False}
        )
        self.assertEqual(self._values(digest)["kpi_provide_enquiry_new"], 3)
        self.assertEqual(
            self._values(digest.with_company(self.company_b))[
                "kpi_provide_enquiry_new"
            ],
            2,
        )

    def test_kpis_are_refused_to_non_managers(self):
        digest = self.digest_a.with_context(
            start_datetime=PERIOD_START, end_datetime=PERIOD_END
        )
        for user in (self.user_adviser, self.user_employee):
            for kpi in KPIS:
                with self.subTest(user=user.login, kpi=kpi):
                    digest.invalidate_recordset()
                    with self.assertRaises(AccessError):
                        digest.with_user(user)[f"{kpi}_value"]

    @freeze_time("2025-03-09 00:00:00")
    def test_digest_mail_shows_the_kpis_to_managers_only(self):
        # The digest's own computation, as for its e-mail: "Last 7 Days" is
        # the week above; an adviser's digest leaves the pipeline out.
        self.digest_a.write(dict.fromkeys(KPIS, True))
        kpis = {
            kpi["kpi_name"]: kpi
            for kpi in self.digest_a._compute_kpis(self.company_a, self.user_manager)
        }
        self.assertEqual(
            {name: kpis[name]["kpi_col2"]["value"] for name in KPIS},
            {
                "kpi_provide_enquiry_new": 3,
                "kpi_provide_enquiry_launched": 1,
                "kpi_provide_enquiry_closed": 2,
            },
        )
        menu = self.env.ref("provide_coop.provide_coop_menu_root")
        self.assertEqual(
            kpis["kpi_provide_enquiry_new"]["kpi_action"],
            f"provide_coop.provide_enquiry_action_all&menu_id={menu.id}",
        )
        adviser_kpis = self.digest_a._compute_kpis(self.company_a, self.user_adviser)
        self.assertFalse({kpi["kpi_name"] for kpi in adviser_kpis} & set(KPIS))

    def test_default_digest_has_the_kpis(self):
        default = self.env.ref("digest.digest_digest_default")
        for kpi in KPIS:
            with self.subTest(kpi=kpi):
                self.assertTrue(default[kpi])
                self.assertIn(f"{kpi}_value", default.available_fields)


@tagged("post_install", "-at_install")
class TestProvideDigestForm(TestProvideCommon):
    """An administrator who manages the pipeline switches the digest on and
    chooses its period in Odoo's digest form."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        user_context = {"no_reset_password": True}
        cls.admin_manager = new_test_user(
            cls.env,
            login="provide_admin_manager",
            name="Ines Administrator",
            email="ines.admin@provide.example.com",
            groups="base.group_system,provide_coop.group_provide_manager",
            context=user_context,
        )
        cls.admin_only = new_test_user(
            cls.env,
            login="plain_admin",
            name="Otto Administrator",
            email="otto.admin@provide.example.com",
            groups="base.group_system",
            context=user_context,
        )
        cls.digest = cls.env["digest.digest"].create(
            {"name": "Pipeline", "periodicity": "daily"}
        )
        cls.digest.action_deactivate()

    def test_manager_switches_the_digest_on(self):
        digest = self.digest.with_user(self.admin_manager)
        with Form(digest) as form:
            form.periodicity = "weekly"
            for kpi in KPIS:
                setattr(form, kpi, True)
        digest.action_activate()
        digest.action_subscribe()
        self.assertEqual(digest.state, "activated")
        self.assertEqual(digest.periodicity, "weekly")
        self.assertIn(self.admin_manager, digest.user_ids)
        self.assertTrue(all(digest[kpi] for kpi in KPIS))

        # "Send Now": the manager's e-mail lists the pipeline's numbers.
        digest.user_ids |= self.user_adviser
        digest.action_send_manual()
        mails = self.env["mail.mail"].search([("subject", "like", "Pipeline")])
        by_recipient = {mail.email_to: mail.body_html for mail in mails}
        manager_mail = by_recipient[self.admin_manager.email_formatted]
        adviser_mail = by_recipient[self.user_adviser.email_formatted]
        for label in ("New Enquiries", "Co-ops Launched", "Enquiries Not Proceeding"):
            with self.subTest(label=label):
                self.assertIn(label, manager_mail)
                self.assertNotIn(label, adviser_mail)

    def test_kpis_are_shown_to_pipeline_managers_only(self):
        for user, shown in ((self.admin_manager, True), (self.admin_only, False)):
            with self.subTest(user=user.login):
                arch = (
                    self.env["digest.digest"]
                    .with_user(user)
                    .get_views([(False, "form")])["views"]["form"]["arch"]
                )
                self.assertEqual("kpi_provide_enquiry_new" in arch, shown)
