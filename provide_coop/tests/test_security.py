from odoo import Command
from odoo.exceptions import AccessError
from odoo.tests import new_test_user, tagged

from .common import TestProvideCommon


@tagged("post_install", "-at_install")
class TestProvideConfigurationAccess(TestProvideCommon):
    """Only managers change the pipeline's configuration."""

    def assertConfigLocked(self, record, vals):
        Model = self.env[record._name].with_user(self.user_adviser)
        with self.assertRaises(AccessError):
            Model.create(vals)
        with self.assertRaises(AccessError):
            record.with_user(self.user_adviser).write(vals)
        with self.assertRaises(AccessError):
            record.with_user(self.user_adviser).unlink()
        # Advisers still read it: the kanban columns and the form need it.
        self.assertTrue(record.with_user(self.user_adviser).read(["name"]))

    def assertConfigEditable(self, model, vals, renamed):
        record = self.env[model].with_user(self.user_manager).create(vals)
        record.write({"name": renamed})
        self.assertEqual(record.name, renamed)
        record.unlink()
        self.assertFalse(record.exists())

    def test_user_cannot_create_write_or_delete_stages(self):
        self.assertConfigLocked(self.stage_assessment, {"name": "Board approval"})

    def test_user_cannot_create_write_or_delete_sectors(self):
        self.assertConfigLocked(self.sector_health, {"name": "Transport"})

    def test_user_cannot_create_write_or_delete_close_reasons(self):
        self.assertConfigLocked(self.reason_not_viable, {"name": "Too small"})

    def test_manager_can_create_write_and_delete_stages(self):
        self.assertConfigEditable(
            "provide.assessment.stage", {"name": "Board approval"}, "Board sign-off"
        )

    def test_manager_can_create_write_and_delete_sectors(self):
        self.assertConfigEditable("provide.sector", {"name": "Transport"}, "Buses")

    def test_manager_can_create_write_and_delete_close_reasons(self):
        self.assertConfigEditable(
            "provide.close.reason", {"name": "Too small"}, "Below threshold"
        )


@tagged("post_install", "-at_install")
class TestProvideEnquiryAccess(TestProvideCommon):
    """Advisers work enquiries, managers may delete, companies stay apart."""

    def test_user_creates_and_works_enquiries(self):
        enquiry = (
            self.env["provide.enquiry"]
            .with_user(self.user_adviser)
            .create({"name": "Community transport co-op"})
        )
        enquiry.write({"stage_id": self.stage_first_contact.id, "priority": "1"})
        self.assertEqual(enquiry.stage_id, self.stage_first_contact)

    def test_user_cannot_delete_enquiry(self):
        with self.assertRaises(AccessError):
            self.enquiry.with_user(self.user_adviser).unlink()
        self.assertTrue(self.enquiry.exists())

    def test_manager_can_delete_enquiry(self):
        self.enquiry.with_user(self.user_manager).unlink()
        self.assertFalse(self.enquiry.exists())

    def test_user_cannot_delete_case_study(self):
        study = self.env["provide.case.study"].create(
            {"name": "Shepshed Carers", "sector_id": self.sector_social_care.id}
        )
        with self.assertRaises(AccessError):
            study.with_user(self.user_adviser).unlink()
        self.assertTrue(study.exists())

    def test_other_company_user_finds_none_of_first_company_enquiries(self):
        Enquiry = self.env["provide.enquiry"].with_user(self.user_adviser_b)
        own = Enquiry.create({"name": "Northern leisure trust"})
        self.assertEqual(own.company_id, self.company_b)
        self.assertEqual(Enquiry.search([]), own)
        self.assertEqual(
            Enquiry.search_count([("company_id", "=", self.company_a.id)]), 0
        )

    def test_other_company_user_cannot_read_first_company_enquiry(self):
        with self.assertRaises(AccessError):
            self.enquiry.with_user(self.user_adviser_b).read(["name"])

    def test_other_company_user_cannot_write_first_company_enquiry(self):
        with self.assertRaises(AccessError):
            self.enquiry.with_user(self.user_adviser_b).write({"priority": "3"})

    def test_internal_user_without_app_cannot_read_enquiries(self):
        Enquiry = self.env["provide.enquiry"].with_user(self.user_employee)
        with self.assertRaises(AccessError):
            Enquiry.search([])
        with self.assertRaises(AccessError):
            self.enquiry.with_user(self.user_employee).read(["name"])

    def test_internal_user_without_app_reads_contact_form(self):
        Partner = self.env["res.partner"].with_user(self.user_employee)
        views = Partner.get_views([(False, "form")])
        form_fields = list(views["models"]["res.partner"]["fields"])
        self.assertIn("is_local_authority", form_fields)
        self.assertNotIn("provide_enquiry_count", form_fields)
        self.assertNotIn("provide_authority_enquiry_count", form_fields)
        values = self.council.with_user(self.user_employee).read(form_fields)
        self.assertEqual(values[0]["name"], "Loughborough Borough Council")

    def test_internal_user_without_app_cannot_read_enquiry_count(self):
        with self.assertRaises(AccessError):
            self.enquirer.with_user(self.user_employee).read(["provide_enquiry_count"])


@tagged("post_install", "-at_install")
class TestProvideWizardAccess(TestProvideCommon):
    """A wizard left open names what it was opened on: it is its user's own.
    Read from the registry, so a wizard added later is held to it too."""

    # Not a step a person takes on records: Settings, and the public page's
    # submissions (written by the page, read by the agency's managers).
    NOT_WIZARDS = {"res.config.settings", "provide.web.submission"}

    def test_every_wizard_of_the_addon_is_its_user_s_own(self):
        models = self.env["ir.model"].search([("transient", "=", True)])
        ours = [
            model.model
            for model in models
            if "provide_coop" in model.modules.split(", ")
            and model.model not in self.NOT_WIZARDS
        ]
        self.assertGreaterEqual(len(ours), 7)
        Rule = self.env["ir.rule"]
        for name in ours:
            own = Rule.search(
                [
                    ("model_id.model", "=", name),
                    ("global", "=", True),
                    ("domain_force", "=", "[('create_uid', '=', user.id)]"),
                ]
            )
            self.assertTrue(own, f"{name}: no rule keeps it to its user")

    def test_another_adviser_cannot_open_a_merge_left_open(self):
        second = self.env["provide.enquiry"].create(
            {"name": "Same homecare idea, second call"}
        )
        wizard = (
            self.env["provide.enquiry.merge"]
            .with_user(self.user_adviser)
            .create({"enquiry_ids": [Command.set((self.enquiry | second).ids)]})
        )
        other = new_test_user(
            self.env,
            login="other_adviser",
            name="Otto Other",
            groups="provide_coop.group_provide_user",
        )
        Merge = self.env["provide.enquiry.merge"].with_user(other)
        self.assertFalse(Merge.search([("id", "=", wizard.id)]))
        with self.assertRaises(AccessError):
            wizard.with_user(other).read(["enquiry_ids"])
