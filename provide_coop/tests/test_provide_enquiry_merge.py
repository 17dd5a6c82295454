from datetime import timedelta
from xmlrpc.client import Fault

from odoo import Command, fields
from odoo.exceptions import AccessError, UserError
from odoo.tests import Form, HttpCase, new_test_user, tagged

from .common import TestProvideCommon
from .common_event import TestProvideEventCommon

# What XML-RPC answers for a UserError (odoo.addons.base.controllers.rpc):
# a message for the person, not a traceback.
RPC_FAULT_CODE_WARNING = 2


class TestSimilarEnquiries(TestProvideEventCommon):
    """The form warns of another open enquiry of the same contact, or about
    the same local authority and sector, and links to it."""

    def test_same_local_authority_and_sector_is_similar(self):
        other = self.env["provide.enquiry"].create(
            {
                "name": "Homecare co-op, second call",
                "sector_id": self.sector_social_care.id,
                "local_authority_id": self.council.id,
            }
        )
        self.assertEqual(self.enquiry.similar_enquiry_count, 1)
        self.assertEqual(self.enquiry.partner_open_enquiry_count, 0)
        action = self.enquiry.action_view_similar_enquiries()
        self.assertEqual(action["res_id"], other.id, "one: opened directly")

    def test_same_contact_is_similar_and_counted_once(self):
        self.env["provide.enquiry"].create(
            {
                "name": "Same person, same place",
                "partner_id": self.enquirer.id,
                "sector_id": self.sector_social_care.id,
                "local_authority_id": self.council.id,
            }
        )
        self.env["provide.enquiry"].create(
            {"name": "Same person, other idea", "partner_id": self.enquirer.id}
        )
        self.assertEqual(self.enquiry.similar_enquiry_count, 2)
        self.assertEqual(self.enquiry.partner_open_enquiry_count, 2)
        action = self.enquiry.action_view_similar_enquiries()
        self.assertEqual(len(self.env["provide.enquiry"].search(action["domain"])), 2)

    def test_other_sector_or_closed_is_not_similar(self):
        self.env["provide.enquiry"].create(
            {
                "name": "Leisure in the same council",
                "sector_id": self.sector_leisure.id,
                "local_authority_id": self.council.id,
            }
        )
        closed = self.env["provide.enquiry"].create(
            {
                "name": "Closed duplicate",
                "sector_id": self.sector_social_care.id,
                "local_authority_id": self.council.id,
            }
        )
        closed._close(self.reason_not_viable)
        self.assertEqual(self.enquiry.similar_enquiry_count, 0)

    def test_new_enquiry_form_warns_as_the_adviser_types(self):
        with Form(self.env["provide.enquiry"].with_user(self.user_adviser)) as form:
            form.name = "Typed again"
            self.assertEqual(form.similar_enquiry_count, 0)
            form.local_authority_id = self.council
            form.sector_id = self.sector_social_care
            self.assertEqual(form.similar_enquiry_count, 1)


class TestMergeEnquiries(TestProvideEventCommon):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.tag_a, cls.tag_b = cls.env["provide.enquiry.tag"].create(
            [{"name": "Merge A"}, {"name": "Merge B"}]
        )
        cls.case_a, cls.case_b = cls.env["provide.case.study"].create(
            [
                {"name": "Case A (merge)", "sector_id": cls.sector_health.id},
                {"name": "Case B (merge)", "sector_id": cls.sector_health.id},
            ]
        )
        cls.follower = cls.env["res.partner"].create({"name": "Fola Follower"})

    def _busy_enquiry(self, name, tag, case):
        """An enquiry with something of every kind hanging off it."""
        enquiry = self.env["provide.enquiry"].create(
            {
                "name": name,
                "sector_id": self.sector_social_care.id,
                "local_authority_id": self.council.id,
                "user_id": self.user_adviser.id,
                "tag_ids": [Command.link(tag.id)],
                "case_study_ids": [Command.link(case.id)],
                "lawful_basis": "consent",
                "partner_id": self.enquirer.id,
            }
        )
        enquiry.message_post(body=f"Note on {name}", subtype_xmlid="mail.mt_note")
        enquiry.message_post(
            body=f"File for {name}",
            attachments=[(f"{name}.txt", b"content")],
            subtype_xmlid="mail.mt_note",
        )
        enquiry.activity_schedule(
            "mail.mail_activity_data_call", user_id=self.user_adviser.id
        )
        enquiry.message_subscribe(partner_ids=self.follower.ids)
        self.env["provide.assessment"].create({"enquiry_id": enquiry.id})
        self.env["provide.feasibility.study"].create(
            {"enquiry_id": enquiry.id, "name": f"Study of {name}"}
        )
        self.env["provide.support.member"].create(
            {"enquiry_id": enquiry.id, "partner_id": self.follower.id, "role": "legal"}
        )
        self.env["provide.service.delivery"].create(
            {
                "enquiry_id": enquiry.id,
                "user_id": self.user_adviser.id,
                "kind": "meeting",
                "hours": 2.0,
            }
        )
        booking = self._register(name=f"Attendee of {name}", email="a@example.com")
        booking.sudo().provide_enquiry_id = enquiry
        return enquiry

    def linked_counts(self, enquiries):
        """How many records of each model point to `enquiries`, found from
        the database's field definitions (so a model added later is counted
        too), and the messages, files, activities, followers, tags and case
        studies they carry."""
        env = self.env(context={"active_test": False})
        env.flush_all()
        counts = {}
        fields = env["ir.model.fields"].search(
            [
                ("relation", "=", "provide.enquiry"),
                ("ttype", "in", ("many2one", "many2many")),
                ("store", "=", True),
                ("model_id.transient", "=", False),
            ]
        )
        for field in fields:
            Model = env[field.model]
            if not Model._auto or field.name == "merged_into_id":
                continue
            if Model._fields[field.name].compute:
                continue  # follows the links it is computed from
            if (field.model, field.name) == (
                "provide.enquiry.stage.history",
                "enquiry_id",
            ):
                continue  # time in stage stays with each enquiry
            counts[f"{field.model}.{field.name}"] = Model.search_count(
                [(field.name, "in", enquiries.ids)]
            )
        messages = env["mail.message"].search(
            [("model", "=", "provide.enquiry"), ("res_id", "in", enquiries.ids)]
        )
        counts["messages"] = len(
            messages.filtered(lambda m: "Merged" not in str(m.body))
        )
        counts["attachments"] = env["ir.attachment"].search_count(
            [("res_model", "=", "provide.enquiry"), ("res_id", "in", enquiries.ids)]
        )
        counts["activities"] = env["mail.activity"].search_count(
            [("res_model", "=", "provide.enquiry"), ("res_id", "in", enquiries.ids)]
        )
        counts["followers"] = sorted(set(enquiries.message_partner_ids.ids))
        counts["tags"] = sorted(set(enquiries.tag_ids.ids))
        counts["case studies"] = sorted(set(enquiries.case_study_ids.ids))
        return counts

    def test_merge_moves_every_linked_record_onto_the_kept_enquiry(self):
        keep = self._busy_enquiry("Keep me", self.tag_a, self.case_a)
        dup = self._busy_enquiry("Duplicate", self.tag_b, self.case_b)
        third = self._busy_enquiry("Third copy", self.tag_b, self.case_a)
        everything = keep | dup | third
        before = self.linked_counts(everything)
        self.assertTrue(all(before.values()), before)
        figures = self.report_figures()

        wizard = (
            self.env["provide.enquiry.merge"]
            .with_user(self.user_adviser)
            .with_context(active_model="provide.enquiry", active_ids=everything.ids)
            .create({})
        )
        wizard.target_id = keep
        wizard.action_merge()

        self.assertEqual(self.linked_counts(keep), before, "nothing lost")
        self.assertEqual(self.linked_counts(dup | third)["messages"], 0)
        for other in dup | third:
            self.assertFalse(other.active)
            self.assertEqual(other.merged_into_id, keep)
            self.assertEqual(
                other.close_reason_id,
                self.env.ref("provide_coop.provide_close_reason_merged"),
            )
            self.assertIn("Merged into", str(other.message_ids[:1].body))
        self.assertTrue(keep.active)
        self.assertIn("Merged with", str(keep.message_ids[:1].body))
        self.assertEqual(len(keep.assessment_ids), 3)
        self.assertEqual(keep.assessment_id, keep.assessment_ids.sorted("id")[-1])
        self.assertEqual(keep.feasibility_study_count, 3)
        self.assertEqual(len(keep.consent_ids), 3)
        # The duplicates count as closed (merged) enquiries; nothing else moves.
        after = self.report_figures()
        self.assertEqual(after["event impact"], figures["event impact"])

    def test_scheduled_message_of_a_duplicate_goes_out_from_the_kept_enquiry(self):
        """Odoo will not point a scheduled message at another record: the
        merge re-creates it, with its file, on the kept enquiry."""
        keep = self.env["provide.enquiry"].create({"name": "Keep me"})
        dup = self.env["provide.enquiry"].create({"name": "Duplicate"})
        when = fields.Datetime.now() + timedelta(days=3)
        plan = self.env["ir.attachment"].create(
            {"name": "plan.txt", "raw": b"plan", "res_model": "mail.compose.message"}
        )
        scheduled = self.env["mail.scheduled.message"].create(
            {
                "model": "provide.enquiry",
                "res_id": dup.id,
                "body": "<p>Your follow-up call</p>",
                "scheduled_date": when,
                "author_id": self.user_adviser.partner_id.id,
                "attachment_ids": [Command.link(plan.id)],
            }
        )
        self.assertEqual((plan.res_model, plan.res_id), (scheduled._name, scheduled.id))
        wizard = (
            self.env["provide.enquiry.merge"]
            .with_user(self.user_adviser)
            .with_context(active_model="provide.enquiry", active_ids=(keep | dup).ids)
            .create({})
        )
        wizard.target_id = keep
        wizard.action_merge()

        self.assertFalse(scheduled.exists())
        moved = self.env["mail.scheduled.message"].search(
            [("model", "=", "provide.enquiry"), ("res_id", "in", (keep | dup).ids)]
        )
        self.assertEqual(moved.res_id, keep.id)
        self.assertIn("Your follow-up call", str(moved.body))
        self.assertEqual(moved.scheduled_date, when)
        self.assertEqual(moved.author_id, self.user_adviser.partner_id)
        self.assertEqual(moved.attachment_ids, plan)
        self.assertEqual((plan.res_model, plan.res_id), (moved._name, moved.id))

    def test_merge_fills_what_the_kept_enquiry_lacks(self):
        keep = self.env["provide.enquiry"].create({"name": "Bare"})
        dup = self.env["provide.enquiry"].create(
            {
                "name": "Full",
                "partner_id": self.enquirer.id,
                "workforce_size": 30,
                "service_description": "Homecare in the north",
                "is_confidential": True,
            }
        )
        keep._merge(dup)
        self.assertEqual(keep.partner_id, self.enquirer)
        self.assertEqual(keep.workforce_size, 30)
        self.assertIn("Homecare in the north", keep.service_description)
        self.assertTrue(keep.is_confidential, "confidential if any was")

    def test_merge_across_companies_is_refused(self):
        other_company = self.env["provide.enquiry"].create(
            {"name": "North agency's", "company_id": self.company_b.id}
        )
        wizard = self.env["provide.enquiry.merge"].create(
            {"enquiry_ids": [Command.set((self.enquiry | other_company).ids)]}
        )
        with self.assertRaisesRegex(UserError, "different agencies"):
            wizard.action_merge()
        self.assertTrue(other_company.active)

    def test_two_to_five_enquiries(self):
        enquiries = self.env["provide.enquiry"].create(
            [{"name": f"Copy {i}"} for i in range(6)]
        )
        for chosen in (enquiries[:1], enquiries):
            wizard = self.env["provide.enquiry.merge"].create(
                {"enquiry_ids": [Command.set(chosen.ids)]}
            )
            with self.assertRaisesRegex(UserError, "between 2 and 5"):
                wizard.action_merge()

    def test_employee_outside_the_app_cannot_merge(self):
        with self.assertRaises(AccessError):
            self.env["provide.enquiry.merge"].with_user(self.user_employee).create(
                {"enquiry_ids": [Command.set(self.enquiry.ids)]}
            )

    def test_generic_links_include_every_model_pointing_to_enquiries(self):
        links = {
            (model, field.name)
            for model, field in self.env["provide.enquiry"]._merge_links()
        }
        for expected in (
            ("provide.assessment", "enquiry_id"),
            ("provide.feasibility.study", "enquiry_id"),
            ("provide.support.member", "enquiry_id"),
            ("provide.consent", "enquiry_id"),
            ("event.registration", "provide_enquiry_id"),
            ("mail.message", "res_id"),
            ("mail.activity", "res_id"),
            ("ir.attachment", "res_id"),
        ):
            self.assertIn(expected, links)
        self.assertNotIn(("provide.enquiry.stage.history", "enquiry_id"), links)


@tagged("post_install", "-at_install")
class TestMergeRefusedByTheModel(HttpCase, TestProvideCommon):
    """The model refuses to merge one enquiry, more than five, or enquiries
    of two agencies, whoever asks: the wizard, code, or an adviser's script
    over RPC."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        # An adviser of both agencies: only the merge itself can refuse.
        cls.user_both = new_test_user(
            cls.env,
            login="provide_adviser_both",
            name="Bo Both",
            groups="provide_coop.group_provide_user",
            company_id=cls.company_a.id,
            company_ids=[Command.set((cls.company_a | cls.company_b).ids)],
            context={"no_reset_password": True},
        )
        cls.copies = cls.env["provide.enquiry"].create(
            [
                {"name": f"Copy {i} (merge)", "user_id": cls.user_both.id}
                for i in range(6)
            ]
        )
        cls.north = cls.env["provide.enquiry"].create(
            {"name": "North agency's copy (merge)", "company_id": cls.company_b.id}
        )
        cls.refused = {
            "one enquiry": (cls.copies[:1], "between 2 and 5"),
            "six enquiries": (cls.copies, "between 2 and 5"),
            "two agencies": (cls.copies[:1] | cls.north, "different agencies"),
        }

    def call(self, method, *args, **kwargs):
        db = self.env.cr.dbname
        uid = self.xmlrpc_common.authenticate(
            db, self.user_both.login, self.user_both.login, {}
        )
        self.assertEqual(uid, self.user_both.id)
        try:
            return self.xmlrpc_object.execute_kw(
                db,
                uid,
                self.user_both.login,
                "provide.enquiry",
                method,
                list(args),
                kwargs,
            )
        finally:
            self.env.invalidate_all()

    def assert_nothing_merged(self):
        everything = self.copies | self.north
        self.assertEqual(everything.filtered("active"), everything)
        self.assertFalse(everything.merged_into_id)

    def test_merge_over_rpc_refuses_one_six_or_two_agencies(self):
        for case, (enquiries, message) in self.refused.items():
            with self.subTest(case=case):
                with self.assertRaisesRegex(Fault, message) as caught:
                    self.call("merge_enquiries", enquiries.ids)
                self.assertEqual(caught.exception.faultCode, RPC_FAULT_CODE_WARNING)
        self.assert_nothing_merged()

    def test_merge_in_code_refuses_one_six_or_two_agencies(self):
        for case, (enquiries, message) in self.refused.items():
            with self.subTest(case=case):
                with self.assertRaisesRegex(UserError, message):
                    enquiries[0]._merge(enquiries[1:])
                with self.assertRaisesRegex(UserError, message):
                    enquiries.with_user(self.user_both).merge_enquiries()
        self.assert_nothing_merged()

    def test_two_enquiries_merge_over_rpc(self):
        keep, duplicate = self.copies[:2]
        kept_id = self.call("merge_enquiries", (keep | duplicate).ids, keep.id)
        self.assertEqual(kept_id, keep.id)
        self.assertEqual(duplicate.merged_into_id, keep)
        self.assertFalse(duplicate.active)
        self.assertTrue(keep.active)

    def test_merge_keeps_the_furthest_along_by_default(self):
        older, further = self.copies[:2]
        further.stage_id = self.stage_first_contact
        kept = (older | further).with_user(self.user_both).merge_enquiries()
        self.assertEqual(kept, further)
        self.assertEqual(older.merged_into_id, further)


class TestContactMerge(TestProvideEventCommon):
    def test_odoo_contact_merge_keeps_enquiries_and_bookings_on_the_kept_contact(self):
        twin = self.env["res.partner"].create(
            {"name": "Carol Carer", "email": "carol.c@example.com"}
        )
        twin_enquiry = self.env["provide.enquiry"].create(
            {"name": "Twin's idea", "partner_id": twin.id}
        )
        bookings = self._register(partner_id=self.enquirer.id) | self._register(
            partner_id=twin.id
        )
        consent = self.env["provide.consent"].create(
            {
                "partner_id": twin.id,
                "text": "I agree",
                "version": "1",
                "channel": "phone",
            }
        )
        wizard = (
            self.env["base.partner.merge.automatic.wizard"]
            .with_context(
                active_model="res.partner", active_ids=(self.enquirer | twin).ids
            )
            .create({})
        )
        wizard.write(
            {
                "partner_ids": [Command.set((self.enquirer | twin).ids)],
                "dst_partner_id": self.enquirer.id,
            }
        )
        wizard.action_merge()
        self.assertFalse(twin.exists())
        self.assertEqual((self.enquiry | twin_enquiry).partner_id, self.enquirer)
        self.assertEqual(bookings.partner_id, self.enquirer)
        self.assertEqual(consent.partner_id, self.enquirer)
        self.assertEqual(self.enquirer.provide_enquiry_count, 2)
