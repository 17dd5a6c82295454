import importlib.util
from pathlib import Path

from odoo.tests import tagged

from .common import TestProvideCommon


def _pre_migration():
    path = Path(__file__).parents[1] / "migrations" / "18.0.1.5.0" / "pre-migrate.py"
    spec = importlib.util.spec_from_file_location("provide_pre_18_0_1_5_0", path)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


@tagged("post_install", "-at_install")
class TestNotNegative(TestProvideCommon):
    """Figures that count or cost something are never below zero: the
    database refuses them whatever path writes them (form, import, code),
    and the user reads what is wrong."""

    def _programme(self, **vals):
        return self.env["provide.programme"].create(
            {
                "name": "Support service 2026 (test)",
                "funder_id": self.env["res.partner"].create({"name": "Funder"}).id,
                "date_start": "2026-01-01",
                "date_end": "2026-12-31",
                **vals,
            }
        )

    def test_programme_budget_and_target(self):
        with self.assertCheckRefused(
            "budget of a programme cannot be negative", "provide.programme"
        ):
            self._programme(budget=-1)
        programme = self._programme(budget=1000)
        with self.assertCheckRefused(
            "A target cannot be negative", "provide.programme.target"
        ):
            self.env["provide.programme.target"].create(
                {"programme_id": programme.id, "indicator": "enquiries", "target": -2}
            )

    def test_coop_members_contract_and_checkin(self):
        coop = self._record_coop(self.enquiry)
        with self.assertCheckRefused("members of a co-op cannot be negative"):
            coop.members_community = -3
        with self.assertCheckRefused("value of a co-op's contract cannot be negative"):
            coop.contract_value = -10.0
        with self.assertCheckRefused("service users a co-op reached"):
            coop.service_users = -1
        self.assertEqual(coop.members_community, 0)

    def test_workshop_attendees(self):
        with self.assertCheckRefused(
            "attendees of a workshop cannot be negative", "provide.service.delivery"
        ):
            self.env["provide.service.delivery"].create(
                {
                    "enquiry_id": self.enquiry.id,
                    "kind": "meeting",
                    "hours": 1,
                    "attendees": -4,
                }
            )

    def test_upgrade_sets_negative_figures_to_zero(self):
        """A database holding a negative figure from before (written past the
        old checks) gets 0, so that the upgrade can add the constraint."""
        cr = self.env.cr
        self.env.flush_all()
        cr.execute(
            "ALTER TABLE provide_enquiry "
            "DROP CONSTRAINT provide_enquiry_workforce_size_not_negative"
        )
        cr.execute(
            "UPDATE provide_enquiry SET workforce_size = -7 WHERE id = %s",
            [self.enquiry.id],
        )
        _pre_migration().migrate(cr, "18.0.1.4.0")
        self.enquiry.invalidate_recordset()
        self.assertEqual(self.enquiry.workforce_size, 0)
