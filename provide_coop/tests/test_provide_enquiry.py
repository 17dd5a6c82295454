import re
from datetime import datetime

from freezegun import freeze_time

from odoo.exceptions import ValidationError
from odoo.tests import Form, tagged

from .common import TestProvideCommon


@tagged("post_install", "-at_install")
class TestProvideEnquiryContacts(TestProvideCommon):
    """Every way an enquirer is typed in ends in exactly one contact."""

    def _enquiry_form(self, name, contact_name=None, email=None):
        form = Form(self.env["provide.enquiry"].with_user(self.user_adviser))
        form.name = name
        if contact_name:
            form.contact_name = contact_name
        if email:
            form.email_from = email
        return form.save()

    def _partners_with_email(self, email):
        return self.env["res.partner"].search([("email_normalized", "=", email)])

    def test_form_with_new_name_and_email_creates_one_contact(self):
        partners_before = self.env["res.partner"].search_count([])
        enquiry = self._enquiry_form(
            "Community-run leisure centre",
            contact_name="Dan Dawson",
            email="dan.dawson@example.com",
        )
        self.assertEqual(self.env["res.partner"].search_count([]), partners_before + 1)
        self.assertEqual(enquiry.partner_id.name, "Dan Dawson")
        self.assertEqual(enquiry.partner_id.email, "dan.dawson@example.com")
        self.assertEqual(
            self._partners_with_email("dan.dawson@example.com"), enquiry.partner_id
        )

    def test_form_with_same_email_in_upper_case_reuses_contact(self):
        first = self._enquiry_form(
            "Community-run leisure centre",
            contact_name="Dan Dawson",
            email="dan.dawson@example.com",
        )
        partners_before = self.env["res.partner"].search_count([])
        second = self._enquiry_form(
            "Library run by its users",
            contact_name="Daniel Dawson",
            email="DAN.DAWSON@EXAMPLE.COM",
        )
        self.assertEqual(second.partner_id, first.partner_id)
        self.assertEqual(self.env["res.partner"].search_count([]), partners_before)
        self.assertEqual(len(self._partners_with_email("dan.dawson@example.com")), 1)

    def test_form_with_existing_contact_email_reuses_it(self):
        enquiry = self._enquiry_form(
            "Second homecare round",
            contact_name="Carol",
            email="Carol.Carer@example.com",
        )
        self.assertEqual(enquiry.partner_id, self.enquirer)

    def test_form_with_name_only_creates_contact(self):
        partners_before = self.env["res.partner"].search_count([])
        enquiry = self._enquiry_form("Nursery co-op", contact_name="Fay Fielding")
        self.assertEqual(self.env["res.partner"].search_count([]), partners_before + 1)
        self.assertEqual(enquiry.partner_id.name, "Fay Fielding")
        self.assertFalse(enquiry.partner_id.email)

    def test_caller_who_gives_only_a_phone_number_twice_is_one_contact(self):
        self.env.company.country_id = self.env.ref("base.uk")
        Enquiry = self.env["provide.enquiry"].with_user(self.user_adviser)
        first = Enquiry.create(
            {
                "name": "Day centre",
                "contact_name": "Sam Caller",
                "phone": "0121 496 0000",
            }
        )
        partners_before = self.env["res.partner"].search_count([])
        # The same number, typed the international way, a week later.
        second = Enquiry.create(
            {"name": "Lunch club", "contact_name": "Sam", "phone": "+44 121 4960000"}
        )
        self.assertTrue(first.partner_id)
        self.assertEqual(second.partner_id, first.partner_id)
        self.assertEqual(self.env["res.partner"].search_count([]), partners_before)
        # Another number is another person.
        third = Enquiry.create(
            {"name": "Youth club", "contact_name": "Sam", "phone": "0121 496 0999"}
        )
        self.assertNotEqual(third.partner_id, first.partner_id)

    def test_email_decides_before_the_phone_number(self):
        self.enquirer.phone = "0116 496 0123"
        enquiry = self.env["provide.enquiry"].create(
            {
                "name": "Care at home",
                "contact_name": "Someone else",
                "email_from": "someone.else@example.com",
                "phone": "0116 496 0123",
            }
        )
        self.assertNotEqual(enquiry.partner_id, self.enquirer)
        self.assertEqual(enquiry.partner_id.email, "someone.else@example.com")

    def test_typing_email_later_on_enquiry_without_contact_finds_contact(self):
        enquiry = self.env["provide.enquiry"].create({"name": "Untold enquirer"})
        self.assertFalse(enquiry.partner_id)
        enquiry.write({"email_from": "carol.carer@EXAMPLE.com"})
        self.assertEqual(enquiry.partner_id, self.enquirer)


@tagged("post_install", "-at_install")
class TestProvideEnquiryPipeline(TestProvideCommon):
    """Stage moves and the kanban columns."""

    def test_stage_move_is_tracked_in_chatter(self):
        self.enquiry.with_user(self.user_adviser).stage_id = self.stage_first_contact
        self.assertStageTracked(self.enquiry, self.stage_new, self.stage_first_contact)

    def test_stage_move_reads_stage_from_to_by_the_mover(self):
        self.enquiry.with_user(self.user_adviser).stage_id = self.stage_first_contact
        self.assertEqual(
            self.tracked_changes(self.enquiry).get("stage_id"),
            [(self.stage_new.name, self.stage_first_contact.name)],
            "one line for one move",
        )
        message = self.enquiry.message_ids.filtered("tracking_value_ids")[:1]
        self.assertEqual(message.author_id, self.user_adviser.partner_id)
        shown = message.tracking_value_ids._tracking_value_format()
        self.assertEqual([line["changedField"] for line in shown], ["Stage"])

    def test_stage_move_with_other_changes_tracks_them_all(self):
        self.enquiry.with_user(self.user_manager).write(
            {"stage_id": self.stage_first_contact.id, "user_id": self.user_manager.id}
        )
        changes = self.tracked_changes(self.enquiry)
        self.assertEqual(
            changes.get("stage_id"),
            [(self.stage_new.name, self.stage_first_contact.name)],
        )
        self.assertEqual(
            changes.get("user_id"),
            [(self.user_adviser.name, self.user_manager.name)],
        )

    def test_stage_move_without_tracking_logs_nothing(self):
        # Odoo's switch for writes that leave no tracking (imports, merges).
        self.enquiry.with_context(mail_notrack=True).stage_id = self.stage_first_contact
        self.assertNotIn("stage_id", self.tracked_changes(self.enquiry))

    def test_stage_move_updates_date_last_stage_update(self):
        with freeze_time("2026-03-19 10:30:00"):
            self.enquiry.with_user(self.user_adviser).write(
                {"stage_id": self.stage_assessment.id}
            )
        self.assertEqual(
            self.enquiry.date_last_stage_update, datetime(2026, 3, 19, 10, 30)
        )

    def test_other_write_keeps_date_last_stage_update(self):
        with freeze_time("2026-03-19 10:30:00"):
            self.enquiry.stage_id = self.stage_assessment
        with freeze_time("2026-04-01 09:00:00"):
            self.enquiry.priority = "2"
        self.assertEqual(
            self.enquiry.date_last_stage_update, datetime(2026, 3, 19, 10, 30)
        )

    def test_move_to_launched_stage_sets_date_closed_and_outcome(self):
        self._assess(self.enquiry)
        self._record_coop(self.enquiry)
        with freeze_time("2026-06-01 12:00:00"):
            self.enquiry.stage_id = self.stage_launched
        self.assertEqual(self.enquiry.date_closed, datetime(2026, 6, 1, 12, 0))
        self.assertEqual(self.enquiry.outcome, "won")

    def test_kanban_grouping_returns_every_stage_including_empty(self):
        gp = self.env["provide.enquiry"].create(
            {"name": "GP out-of-hours co-op", "user_id": self.user_adviser.id}
        )
        self._assess(gp)
        gp.stage_id = self.stage_support_team
        # A stage nobody has reached yet must still be a column.
        board = self.env["provide.assessment.stage"].create(
            {"name": "Board approval", "sequence": 45}
        )
        # The kanban opens on "My Enquiries", as the menu's action does.
        result = (
            self.env["provide.enquiry"]
            .with_user(self.user_adviser)
            .web_read_group(
                [("user_id", "=", self.user_adviser.id)],
                fields=["stage_id"],
                groupby=["stage_id"],
                lazy=True,
            )
        )
        counts = {
            group["stage_id"][0]: group["stage_id_count"]
            for group in result["groups"]
            if group["stage_id"]
        }
        all_stages = self.env["provide.assessment.stage"].search([])
        self.assertEqual(set(counts), set(all_stages.ids))
        self.assertEqual(counts[board.id], 0)
        self.assertEqual(counts[self.stage_first_contact.id], 0)
        self.assertEqual(counts[self.stage_new.id], 1)
        self.assertEqual(counts[self.stage_support_team.id], 1)


@tagged("post_install", "-at_install")
class TestProvideEnquiryValidation(TestProvideCommon):
    """Bad input is refused with a message an adviser understands, and nothing
    is stored."""

    def _create(self, **vals):
        return (
            self.env["provide.enquiry"]
            .with_user(self.user_adviser)
            .create({"name": "Homecare round", **vals})
        )

    def test_negative_workforce_size_refused(self):
        with self.assertCheckRefused(
            "workforce size .* cannot be negative", "provide.enquiry"
        ):
            self._create(workforce_size=-3)

    def test_negative_contract_value_refused(self):
        with self.assertCheckRefused(
            "annual contract value .* cannot be negative",
            "provide.enquiry",
        ):
            self._create(annual_contract_value=-1000.0)

    def test_negative_workforce_size_refused_on_write(self):
        with self.assertCheckRefused("workforce size .* cannot be negative"):
            self.enquiry.with_user(self.user_adviser).workforce_size = -1
        self.assertEqual(self.enquiry.workforce_size, 25)

    def test_invalid_email_refused_and_no_contact_created(self):
        with self.assertRefused(
            ValidationError,
            "“carol at example” is not a valid e-mail address",
            "provide.enquiry",
            "res.partner",
        ):
            self._create(contact_name="Carol", email_from="carol at example")

    def test_invalid_email_refused_on_enquiry_of_known_contact(self):
        with self.assertRefused(ValidationError, "not a valid e-mail address"):
            self.enquiry.with_user(self.user_adviser).email_from = "carol@"
        self.assertEqual(self.enquiry.email_from, "carol.carer@example.com")

    def test_empty_name_refused(self):
        with self.assertRefused(
            ValidationError, "Give the enquiry a name", "provide.enquiry", "res.partner"
        ):
            self._create(name="", contact_name="Gus", email_from="gus@example.com")

    def test_whitespace_only_name_refused(self):
        with self.assertRefused(
            ValidationError, "Give the enquiry a name", "provide.enquiry"
        ):
            self._create(name="   \t ")

    def test_renaming_to_blank_refused(self):
        with self.assertRefused(ValidationError, "Give the enquiry a name"):
            self.enquiry.with_user(self.user_adviser).name = "  "
        self.assertEqual(self.enquiry.name, "Staff-owned homecare in Shepshed")


@tagged("post_install", "-at_install")
class TestProvideEnquiryQuickCreate(TestProvideCommon):
    """The kanban's quick create: a name is enough to start."""

    def assertStartsInPipeline(self, enquiry, adviser):
        self.assertRegex(enquiry.reference, r"^ENQ/\d{4}/\d{5}$")
        self.assertEqual(enquiry.stage_id, self.stage_new)
        self.assertEqual(enquiry.user_id, adviser)
        self.assertEqual(enquiry.outcome, "open")

    def test_name_create_starts_enquiry_in_first_stage(self):
        Enquiry = self.env["provide.enquiry"].with_user(self.user_adviser)
        enquiry_id, display_name = Enquiry.name_create("Tenant-run estate repairs")
        enquiry = Enquiry.browse(enquiry_id)
        self.assertEqual(display_name, "Tenant-run estate repairs")
        self.assertStartsInPipeline(enquiry, self.user_adviser)

    def test_create_with_only_a_name_starts_enquiry_in_first_stage(self):
        enquiry = (
            self.env["provide.enquiry"]
            .with_user(self.user_manager)
            .create({"name": "School meals co-op"})
        )
        self.assertStartsInPipeline(enquiry, self.user_manager)
        self.assertFalse(enquiry.partner_id)

    def test_quick_create_form_starts_enquiry_in_first_stage(self):
        form = Form(
            self.env["provide.enquiry"].with_user(self.user_adviser),
            view="provide_coop.provide_enquiry_view_form_quick_create",
        )
        form.name = "Recycling co-op for the east of the borough"
        enquiry = form.save()
        self.assertStartsInPipeline(enquiry, self.user_adviser)

    def test_each_enquiry_gets_its_own_reference(self):
        Enquiry = self.env["provide.enquiry"].with_user(self.user_adviser)
        first = Enquiry.browse(Enquiry.name_create("Pool")[0])
        second = Enquiry.browse(Enquiry.name_create("Library")[0])
        self.assertNotEqual(first.reference, second.reference)


@tagged("post_install", "-at_install")
class TestProvideEnquiryReference(TestProvideCommon):
    """The year in a reference is the year the enquiry was received."""

    def test_enquiry_received_in_a_past_year_carries_that_year(self):
        enquiry = (
            self.env["provide.enquiry"]
            .with_user(self.user_adviser)
            .create(
                {
                    "name": "Community transport co-op",
                    "date_received": "2011-03-21 11:00:00",
                }
            )
        )
        self.assertRegex(enquiry.reference, r"^ENQ/2011/\d{5}$")

    @freeze_time("2024-06-05 09:00:00")
    def test_batch_gives_each_enquiry_the_year_it_was_received(self):
        enquiries = (
            self.env["provide.enquiry"]
            .with_user(self.user_adviser)
            .create(
                [
                    {
                        "name": "Received at the 2011 conference",
                        "date_received": "2011-03-19 14:00:00",
                    },
                    {"name": "Received today"},
                    {
                        "name": "Logged from 2019",
                        "date_received": "2019-12-31 09:00:00",
                    },
                ]
            )
        )
        self.assertEqual(
            [reference[:9] for reference in enquiries.mapped("reference")],
            ["ENQ/2011/", "ENQ/2024/", "ENQ/2019/"],
        )
        self.assertEqual(len(set(enquiries.mapped("reference"))), 3)

    def test_reference_kept_when_received_date_corrected(self):
        enquiry = (
            self.env["provide.enquiry"]
            .with_user(self.user_adviser)
            .create({"name": "Pool", "date_received": "2019-05-01 10:00:00"})
        )
        reference = enquiry.reference
        enquiry.date_received = "2018-05-01 10:00:00"
        self.assertEqual(enquiry.reference, reference)


@tagged("post_install", "-at_install")
class TestProvideEnquiryWording(TestProvideCommon):
    """What the screens say reads as English for one as for many, and no
    column or link stops mid-word."""

    def _arch(self, model, view_type, view=None):
        view_id = self.env.ref(view).id if view else None
        return self.env[model].get_view(view_id, view_type)["arch"]

    def test_one_and_many_in_the_enquiry_form(self):
        arch = self._arch("provide.enquiry", "form")
        self.assertIn(
            '<span invisible="similar_enquiry_count != 1">other open enquiry ', arch
        )
        self.assertIn(
            '<span invisible="service_delivery_to_confirm != 1">support line ', arch
        )
        self.assertNotIn('string="See the contact\'s"', arch)
        self.assertIn('string="See the contact\'s enquiries"', arch)

    def test_columns_wide_enough_for_their_contents(self):
        def width(arch, field):
            match = re.search(rf'<field name="{field}"[^>]*width="(\d+)px"', arch)
            self.assertTrue(match, field)
            return int(match.group(1))

        # A date such as 24/11/2026 with its header, in full.
        coops = self._arch(
            "provide.coop", "list", "provide_coop.provide_coop_view_list"
        )
        for field in ("date_launched", "latest_date", "next_checkin_date"):
            self.assertGreaterEqual(width(coops, field), 120)
        lines = self._arch("provide.service.delivery", "list")
        self.assertGreaterEqual(width(lines, "attendees"), 100)
        # The longest criterion, "Commissioner / local-authority support".
        assessment = self._arch("provide.assessment", "form")
        self.assertGreaterEqual(width(assessment, "criterion_id"), 320)
        # The co-op's name in the launch wizard has the whole width.
        launch = self._arch("provide.coop.launch", "form")
        self.assertRegex(
            launch, r'<group name="contact_name">\s*<field name="partner_id"'
        )
