from freezegun import freeze_time

from odoo import Command
from odoo.exceptions import ValidationError
from odoo.tests import tagged

from .common import TestProvideCommon
from .web_client import view_spec


@tagged("post_install", "-at_install")
class TestProvideCaseStudy(TestProvideCommon):
    """Case studies: co-ops already delivering a public service."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.study = cls.env["provide.case.study"].create(
            {
                "name": "Shepshed Carers",
                "sector_id": cls.sector_social_care.id,
                "city": "Loughborough",
                "model_type": "worker",
                "member_count": 40,
                "year_founded": "1990",
            }
        )

    def _create(self, **vals):
        return (
            self.env["provide.case.study"]
            .with_user(self.user_adviser)
            .create(
                {
                    "name": "Greenwich Leisure",
                    "sector_id": self.sector_leisure.id,
                    **vals,
                }
            )
        )

    def test_adviser_creates_case_study(self):
        study = self._create(member_count=120, year_founded="1993")
        self.assertEqual(study.sector_id, self.sector_leisure)

    def test_negative_member_count_refused(self):
        with self.assertCheckRefused(
            "members of a case study cannot be negative",
            "provide.case.study",
        ):
            self._create(member_count=-5)

    def test_year_founded_before_1800_refused(self):
        with self.assertRefused(
            ValidationError, "between 1800 and", "provide.case.study"
        ):
            self._create(year_founded="1700")

    @freeze_time("2026-05-01")
    def test_year_founded_in_the_future_refused(self):
        with self.assertRefused(
            ValidationError, "between 1800 and 2026", "provide.case.study"
        ):
            self._create(year_founded="2027")

    @freeze_time("2026-05-01")
    def test_year_founded_this_year_accepted(self):
        self.assertEqual(self._create(year_founded="2026").year_founded, "2026")

    def test_bad_year_founded_refused_on_write(self):
        with self.assertRefused(ValidationError, "must be four digits"):
            self.study.with_user(self.user_adviser).year_founded = "20"
        self.assertEqual(self.study.year_founded, "1990")

    def test_year_founded_not_a_number_refused(self):
        with self.assertRefused(
            ValidationError, "must be four digits", "provide.case.study"
        ):
            self._create(year_founded="c. 1990")

    def test_year_founded_blank_when_unknown(self):
        study = self._create()
        self.assertFalse(study.year_founded)
        data = study.with_user(self.user_adviser).web_read(
            view_spec(study, "form", "provide_coop.provide_case_study_view_form")
        )
        self.assertIs(data[0]["year_founded"], False)

    def test_year_founded_is_shown_as_typed(self):
        # A year reads "2009", never "2,009" in the user's number format.
        study = self._create(year_founded="2009")
        data = study.with_user(self.user_adviser).web_read({"year_founded": {}})
        self.assertEqual(data[0]["year_founded"], "2009")

    def test_case_study_linked_from_enquiry_shows_on_case_study(self):
        self.enquiry.with_user(self.user_adviser).write(
            {"case_study_ids": [Command.link(self.study.id)]}
        )
        self.assertEqual(self.study.enquiry_ids, self.enquiry)
        self.assertEqual(self.study.enquiry_count, 1)

    def test_enquiry_linked_from_case_study_shows_on_enquiry(self):
        self.study.with_user(self.user_adviser).write(
            {"enquiry_ids": [Command.link(self.enquiry.id)]}
        )
        self.assertEqual(self.enquiry.case_study_ids, self.study)

    def test_action_view_enquiries_lists_linked_enquiries(self):
        self.enquiry.case_study_ids = [Command.link(self.study.id)]
        action = self.study.with_user(self.user_adviser).action_view_enquiries()
        self.assertEqual(
            self.env["provide.enquiry"].search(action["domain"]), self.enquiry
        )
