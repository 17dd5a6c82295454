from odoo.exceptions import AccessError
from odoo.tests import new_test_user

from .common import TestProvideCommon


class TestConfidentialEnquiries(TestProvideCommon):
    """A confidential enquiry (a worker speaking about their own employer's
    plans) is seen by its adviser, its support team's members who are users
    and managers; other advisers neither find nor open it, nor what hangs
    off it. Reports count it without its name."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.user_other = new_test_user(
            cls.env,
            login="provide_other_adviser",
            name="Otto Other",
            groups="provide_coop.group_provide_user",
            context={"no_reset_password": True},
        )
        cls.user_member = new_test_user(
            cls.env,
            login="provide_team_member",
            name="Tess Team",
            groups="provide_coop.group_provide_user",
            context={"no_reset_password": True},
        )
        cls.enquiry.is_confidential = True
        cls.assessment = cls.env["provide.assessment"].create(
            {"enquiry_id": cls.enquiry.id}
        )
        cls.study = cls.env["provide.feasibility.study"].create(
            {"enquiry_id": cls.enquiry.id, "name": "Market test (confidential)"}
        )
        cls.consent = cls.env["provide.consent"].create(
            {
                "partner_id": cls.enquirer.id,
                "enquiry_id": cls.enquiry.id,
                "text": "I agree",
                "version": "1",
                "channel": "phone",
            }
        )
        cls.open_enquiry = cls.env["provide.enquiry"].create(
            {"name": "Open leisure trust", "user_id": cls.user_adviser.id}
        )

    def visible(self, user, model="provide.enquiry", records=None):
        records = records or self.enquiry
        return bool(
            self.env[model].with_user(user).search_count([("id", "in", records.ids)])
        )

    def test_adviser_and_manager_see_it(self):
        for user in (self.user_adviser, self.user_manager):
            self.assertTrue(self.visible(user), user.login)
            self.enquiry.with_user(user).check_access("read")
            self.enquiry.with_user(user).read(["name", "partner_id"])

    def test_another_adviser_neither_finds_nor_opens_it(self):
        self.assertFalse(self.visible(self.user_other))
        self.assertTrue(self.visible(self.user_other, records=self.open_enquiry))
        with self.assertRaises(AccessError):
            self.enquiry.with_user(self.user_other).read(["name"])
        with self.assertRaises(AccessError):
            self.enquiry.with_user(self.user_other).write({"priority": "2"})

    def test_support_team_member_who_is_a_user_sees_it(self):
        self.assertFalse(self.visible(self.user_member))
        self.env["provide.support.member"].create(
            {
                "enquiry_id": self.enquiry.id,
                "partner_id": self.user_member.partner_id.id,
            }
        )
        self.assertTrue(self.visible(self.user_member))
        self.enquiry.with_user(self.user_member).read(["name"])

    def test_reassigned_adviser_gains_it_and_the_old_one_loses_it(self):
        self.enquiry.user_id = self.user_other
        self.assertTrue(self.visible(self.user_other))
        self.assertFalse(self.visible(self.user_adviser))

    def test_what_hangs_off_it_is_hidden_too(self):
        hidden = {
            "provide.assessment": self.assessment,
            "provide.feasibility.study": self.study,
            "provide.consent": self.consent,
            "provide.enquiry.stage.history": self.enquiry.stage_history_ids,
            "provide.service.delivery": self.env["provide.service.delivery"].create(
                {
                    "enquiry_id": self.enquiry.id,
                    "user_id": self.user_adviser.id,
                    "kind": "phone",
                    "hours": 1.5,
                }
            ),
        }
        for model, records in hidden.items():
            self.assertTrue(records, model)
            self.assertFalse(self.visible(self.user_other, model, records), model)
            self.assertTrue(self.visible(self.user_adviser, model, records), model)
            self.assertTrue(self.visible(self.user_manager, model, records), model)
        # Its chatter follows the enquiry's access.
        message = self.enquiry.message_post(body="Confidential note")
        with self.assertRaises(AccessError):
            message.with_user(self.user_other).read(["body"])

    def test_not_confidential_any_more_is_visible_to_all_advisers(self):
        self.enquiry.is_confidential = False
        self.assertTrue(self.visible(self.user_other))

    def test_pipeline_report_counts_it_without_its_name(self):
        Report = self.env["provide.pipeline.report"].with_user(self.user_manager)
        rows = Report.search([("enquiry_id", "=", self.enquiry.id)])
        self.assertEqual(len(rows), 1)
        self.assertEqual(rows.name, f"Confidential enquiry {self.enquiry.reference}")
        self.assertNotIn(self.enquiry.name, rows.name)
        total = Report.search_count([])
        self.assertEqual(
            total,
            self.env["provide.enquiry"]
            .with_context(active_test=False)
            .search_count([]),
            "every enquiry is counted, the confidential one included",
        )

    # What another adviser (no right on the confidential enquiry) tries over
    # the ORM, as they would over XML-RPC or JSON-RPC: each attempt is
    # refused or tells them nothing.

    def _join(self, partner, enquiry):
        return self.env["provide.support.member"].create(
            {"enquiry_id": enquiry.id, "partner_id": partner.id}
        )

    # Finding 3: joining the support team needs the right to write the enquiry.

    def test_another_adviser_cannot_add_themselves_to_its_support_team(self):
        Member = self.env["provide.support.member"].with_user(self.user_other)
        with self.assertRaises(AccessError):
            Member.create(
                {
                    "enquiry_id": self.enquiry.id,
                    "partner_id": self.user_other.partner_id.id,
                }
            )
        self.assertFalse(self.visible(self.user_other))

    def test_another_adviser_cannot_move_their_member_onto_it(self):
        member = self._join(self.user_other.partner_id, self.open_enquiry)
        with self.assertRaises(AccessError):
            member.with_user(self.user_other).write({"enquiry_id": self.enquiry.id})
        self.assertEqual(member.enquiry_id, self.open_enquiry)
        self.assertFalse(self.visible(self.user_other))

    def test_readers_kept_as_users_of_adviser_and_team(self):
        self.assertEqual(self.enquiry.confidential_user_ids, self.user_adviser)
        self._join(self.user_member.partner_id, self.enquiry)
        self._join(self.enquirer, self.enquiry)  # a contact, not a user
        self.assertEqual(
            self.enquiry.confidential_user_ids, self.user_adviser | self.user_member
        )
        self.assertFalse(self.open_enquiry.confidential_user_ids)

    # Finding 4: what hangs off it, and its name wherever it is shown.

    def test_assessment_lines_hidden_and_not_grouped(self):
        lines = self.assessment.line_ids
        self.assertTrue(lines)
        Line = self.env["provide.assessment.line"].with_user(self.user_other)
        self.assertFalse(Line.search_count([("id", "in", lines.ids)]))
        with self.assertRaises(AccessError):
            lines.with_user(self.user_other).read(["score"])
        groups = Line.read_group([], ["score:sum"], ["assessment_id"])
        self.assertNotIn(
            self.assessment.id,
            [group["assessment_id"][0] for group in groups if group["assessment_id"]],
        )
        self.assertTrue(self.visible(self.user_adviser, Line._name, lines))

    def test_coop_and_checkins_launched_from_it_hidden(self):
        coop = self._record_coop(self.enquiry)
        self.assertEqual(coop.enquiry_id, self.enquiry)
        checkin = self.env["provide.coop.checkin"].create({"coop_id": coop.id})
        for records in (coop, checkin):
            self.assertFalse(self.visible(self.user_other, records._name, records))
            self.assertTrue(self.visible(self.user_adviser, records._name, records))
            self.assertTrue(self.visible(self.user_manager, records._name, records))

    def assertNameHidden(self, user, record, field):
        """``user`` reads ``record`` but not the name of the confidential
        enquiry its ``field`` points to, whichever way they read it."""
        record = record.with_user(user)
        self.env.invalidate_all()
        [data] = record.web_read({field: {"fields": {"display_name": {}}}})
        self.assertEqual(data[field]["id"], self.enquiry.id)
        self.assertNotIn(self.enquiry.name, data[field]["display_name"])
        self.assertIn(self.enquiry.reference, data[field]["display_name"])
        [data] = record.read([field])
        self.assertNotIn(self.enquiry.name, data[field][1])

    def test_merged_into_does_not_name_it(self):
        duplicate = self.env["provide.enquiry"].create(
            {"name": "Homecare duplicate", "user_id": self.user_other.id}
        )
        duplicate.merged_into_id = self.enquiry
        self.assertNameHidden(self.user_other, duplicate, "merged_into_id")
        # Its adviser reads it by name.
        [data] = duplicate.with_user(self.user_adviser).read(["merged_into_id"])
        self.assertEqual(data["merged_into_id"][1], self.enquiry.display_name)
        self.assertIn(self.enquiry.name, data["merged_into_id"][1])

    def test_merge_wizard_does_not_name_it(self):
        wizard = (
            self.env["provide.enquiry.merge"]
            .with_user(self.user_other)
            .create({"enquiry_ids": [(6, 0, (self.enquiry | self.open_enquiry).ids)]})
        )
        wizard.target_id = self.enquiry
        self.assertNameHidden(self.user_other, wizard, "target_id")

    def test_activity_assigned_to_another_adviser_does_not_name_it(self):
        activity = self.enquiry.with_user(self.user_adviser).activity_schedule(
            "mail.mail_activity_data_todo", user_id=self.user_other.id
        )
        [data] = activity.with_user(self.user_other).read(["res_name"])
        self.assertNotIn(self.enquiry.name, data["res_name"])
        self.assertIn(self.enquiry.reference, data["res_name"])
        # Made confidential after the activity was planned: renamed too.
        activity = self.open_enquiry.activity_schedule(
            "mail.mail_activity_data_todo", user_id=self.user_other.id
        )
        self.open_enquiry.is_confidential = True
        self.assertNotIn(self.open_enquiry.name, activity.res_name)

    # Finding 6: who loses access stops following it.

    def test_removed_support_member_stops_following_and_cannot_post(self):
        member = self._join(self.user_member.partner_id, self.enquiry)
        partner = self.user_member.partner_id
        self.assertIn(partner, self.enquiry.message_partner_ids)
        self.enquiry.with_user(self.user_member).message_post(body="On the team")
        member.unlink()
        self.assertNotIn(partner, self.enquiry.message_partner_ids)
        self.assertFalse(self.visible(self.user_member))
        with self.assertRaises(AccessError):
            self.enquiry.with_user(self.user_member).message_post(body="Still here?")

    def test_replaced_adviser_stops_following(self):
        self.enquiry.message_subscribe(partner_ids=self.user_adviser.partner_id.ids)
        self.enquiry.user_id = self.user_other
        self.assertNotIn(self.user_adviser.partner_id, self.enquiry.message_partner_ids)
        self.assertIn(self.user_other.partner_id, self.enquiry.message_partner_ids)
        with self.assertRaises(AccessError):
            self.enquiry.with_user(self.user_adviser).message_post(body="Hello?")

    def test_made_confidential_unsubscribes_who_cannot_read_it(self):
        self.open_enquiry.message_subscribe(
            partner_ids=(
                self.user_other.partner_id
                | self.user_manager.partner_id
                | self.enquirer
            ).ids
        )
        self.open_enquiry.is_confidential = True
        followers = self.open_enquiry.message_partner_ids
        self.assertNotIn(self.user_other.partner_id, followers)
        self.assertIn(self.user_manager.partner_id, followers, "managers read it")
        self.assertIn(self.enquirer, followers, "the enquirer still gets replies")

    def test_every_model_hanging_off_an_enquiry_has_the_confidential_rule(self):
        """Found in the registry, so a model added later is covered: every
        model of the app with a stored link to an enquiry, or deleted with a
        record that has one (criterion scores, check-ins), has a rule that
        matches the enquiry's readers for advisers and one for managers.
        Reports (SQL views) count confidential enquiries without naming
        them, and wizards are the user's own records: neither is listed."""
        models = {
            name
            for name, model in self.env.registry.items()
            if name.startswith("provide.")
            and model._auto
            and not model._transient
            and not model._abstract
        }
        hanging = {"provide.enquiry"}
        grown = True
        while grown:
            grown = False
            for name in sorted(models - hanging):
                for field in self.env[name]._fields.values():
                    if not (field.type == "many2one" and field.store):
                        continue
                    direct = field.comodel_name == "provide.enquiry"
                    part = field.comodel_name in hanging and field.ondelete == "cascade"
                    if direct or part:
                        hanging.add(name)
                        grown = True
                        break
        self.assertTrue(
            {"provide.assessment.line", "provide.coop", "provide.coop.checkin"}
            <= hanging
        )
        user_group = self.env.ref("provide_coop.group_provide_user")
        manager_group = self.env.ref("provide_coop.group_provide_manager")
        for name in sorted(hanging):
            rules = self.env["ir.rule"].search([("model_id.model", "=", name)])
            with self.subTest(model=name):
                self.assertTrue(
                    rules.filtered(
                        lambda r: user_group in r.groups
                        and "confidential_user_ids" in r.domain_force
                    ),
                    "no confidential rule for advisers",
                )
                self.assertTrue(
                    rules.filtered(
                        lambda r: manager_group in r.groups
                        and r.domain_force.replace(" ", "") == "[(1,'=',1)]"
                    ),
                    "no rule opening the confidential ones to managers",
                )
