"""The external API (XML-RPC) as an integration or import script sees it."""

from xmlrpc.client import Fault

from odoo.tests import HttpCase, new_test_user


class TestExternalApi(HttpCase):
    # Outside an addon Odoo cannot derive these from the module path.
    test_module = "provide_coop"
    test_class = "TestExternalApi"
    test_sequence = 0
    test_tags = {"standard", "post_install", "provide_coop_api"}

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.adviser = new_test_user(
            cls.env,
            login="api_adviser",
            groups="provide_coop.group_provide_user",
            name="API Adviser",
        )
        cls.sector = cls.env.ref("provide_coop.provide_sector_social_care")

    def setUp(self):
        super().setUp()
        self.uid = self.xmlrpc_common.authenticate(
            self.env.cr.dbname, "api_adviser", "api_adviser", {}
        )
        self.assertTrue(self.uid, "the adviser should log in over XML-RPC")

    def call(self, model, method, *args, **kwargs):
        return self.xmlrpc_object.execute_kw(
            self.env.cr.dbname, self.uid, "api_adviser", model, method, args, kwargs
        )

    def test_create_enquiry_from_typed_contact(self):
        enquiry_id = self.call(
            "provide.enquiry",
            "create",
            {
                "name": "Homecare co-op for the east of the county",
                "contact_name": "Jo Carer",
                "email_from": "jo.carer@example.org",
                "sector_id": self.sector.id,
                "source": "email",
            },
        )
        [enquiry] = self.call(
            "provide.enquiry",
            "read",
            [enquiry_id],
            ["reference", "partner_id", "stage_id", "user_id"],
        )
        self.assertTrue(enquiry["reference"].startswith("ENQ/"))
        self.assertEqual(enquiry["partner_id"][1], "Jo Carer")
        self.assertEqual(enquiry["user_id"][0], self.uid)
        first_stage = self.env["provide.assessment.stage"].search([], limit=1)
        self.assertEqual(enquiry["stage_id"][0], first_stage.id)

        second_id = self.call(
            "provide.enquiry",
            "create",
            {"name": "Second idea from Jo", "email_from": "JO.CARER@example.org"},
        )
        [second] = self.call("provide.enquiry", "read", [second_id], ["partner_id"])
        self.assertEqual(second["partner_id"][0], enquiry["partner_id"][0])

    def test_adviser_cannot_delete_over_rpc(self):
        enquiry_id = self.call("provide.enquiry", "create", {"name": "Leisure centre"})
        with self.assertRaisesRegex(Fault, "not allowed to delete"):
            self.call("provide.enquiry", "unlink", [enquiry_id])
        self.assertTrue(
            self.env["provide.enquiry"].browse(enquiry_id).exists(),
            "the enquiry must still be there",
        )

    def test_bad_input_is_a_clear_fault(self):
        with self.assertRaisesRegex(Fault, "workforce size .* cannot be negative"):
            self.call(
                "provide.enquiry",
                "create",
                {"name": "Recycling round", "workforce_size": -3},
            )
        with self.assertRaisesRegex(Fault, "not a valid e-mail address"):
            self.call(
                "provide.enquiry",
                "create",
                {"name": "Nursery", "email_from": "not-an-address"},
            )
        self.assertFalse(
            self.env["provide.enquiry"].search(
                [("name", "in", ["Recycling round", "Nursery"])]
            )
        )

    def test_pipeline_counts_by_stage(self):
        for name in ("Housing A", "Housing B"):
            self.call("provide.enquiry", "create", {"name": name})
        groups = self.call(
            "provide.enquiry",
            "read_group",
            [("name", "in", ["Housing A", "Housing B"])],
            ["stage_id"],
            ["stage_id"],
        )
        stages = self.env["provide.assessment.stage"].search([])
        self.assertEqual(len(groups), len(stages), "every stage is a group")
        self.assertEqual(sum(g["stage_id_count"] for g in groups), 2)


class RpcAsCase(HttpCase):
    """Calls over XML-RPC as one user or another (each logs in with its
    login as password, as new_test_user sets it)."""

    def call(self, login, model, method, *args, **kwargs):
        db = self.env.cr.dbname
        uid = self.xmlrpc_common.authenticate(db, login, login, {})
        self.assertTrue(uid, f"{login} should log in over XML-RPC")
        return self.xmlrpc_object.execute_kw(
            db, uid, login, model, method, args, kwargs
        )


class TestConfidentialOverRpc(RpcAsCase):
    """A confidential enquiry over XML-RPC, as each role logs in: its
    adviser, a support-team member who is a user, a manager, and another
    adviser who must neither find nor read it."""

    test_module = "provide_coop"
    test_class = "TestConfidentialOverRpc"
    test_sequence = 0
    test_tags = {"standard", "post_install", "provide_coop_api"}

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        users = {}
        for login, group in (
            ("rpc_adviser", "provide_coop.group_provide_user"),
            ("rpc_member", "provide_coop.group_provide_user"),
            ("rpc_other", "provide_coop.group_provide_user"),
            ("rpc_manager", "provide_coop.group_provide_manager"),
        ):
            users[login] = new_test_user(
                cls.env, login=login, groups=group, name=login.replace("_", " ")
            )
        cls.users = users
        cls.enquiry = cls.env["provide.enquiry"].create(
            {
                "name": "Our trust is outsourcing the porters",
                "contact_name": "Quinn Quiet",
                "email_from": "quinn.quiet@example.org",
                "user_id": users["rpc_adviser"].id,
                "is_confidential": True,
            }
        )
        cls.env["provide.support.member"].create(
            {
                "enquiry_id": cls.enquiry.id,
                "partner_id": users["rpc_member"].partner_id.id,
                "role": "legal",
            }
        )

    def test_each_role_over_rpc(self):
        domain = [("id", "=", self.enquiry.id)]
        for login in ("rpc_adviser", "rpc_member", "rpc_manager"):
            self.assertEqual(
                self.call(login, "provide.enquiry", "search", domain),
                [self.enquiry.id],
                login,
            )
            [row] = self.call(
                login, "provide.enquiry", "read", [self.enquiry.id], ["contact_name"]
            )
            self.assertEqual(row["contact_name"], "Quinn Quiet", login)
        self.assertEqual(
            self.call("rpc_other", "provide.enquiry", "search", domain), []
        )
        self.assertEqual(
            self.call(
                "rpc_other",
                "provide.enquiry",
                "search_count",
                [("name", "ilike", "porters")],
            ),
            0,
        )
        with self.assertRaisesRegex(Fault, "doesn't have 'read' access"):
            self.call(
                "rpc_other", "provide.enquiry", "read", [self.enquiry.id], ["name"]
            )
        with self.assertRaisesRegex(Fault, "doesn't have '(read|write)' access"):
            self.call(
                "rpc_other",
                "provide.enquiry",
                "write",
                [self.enquiry.id],
                {"priority": "3"},
            )

    def test_report_counts_it_for_the_manager_without_its_name(self):
        groups = self.call(
            "rpc_manager",
            "provide.pipeline.report",
            "read_group",
            [("enquiry_id", "=", self.enquiry.id)],
            ["name"],
            ["name"],
        )
        self.assertEqual(len(groups), 1)
        self.assertTrue(groups[0]["name"].startswith("Confidential enquiry"))
        self.assertEqual(groups[0]["name_count"], 1)


class TestPersonalDataOverRpc(RpcAsCase):
    """Consent, erasure and merging as an integration script sees them:
    what an adviser may do over XML-RPC, and what only a manager may."""

    test_module = "provide_coop"
    test_class = "TestPersonalDataOverRpc"
    test_sequence = 0
    test_tags = {"standard", "post_install", "provide_coop_api"}

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        for login, group in (
            ("pd_adviser", "provide_coop.group_provide_user"),
            ("pd_manager", "provide_coop.group_provide_manager"),
        ):
            new_test_user(cls.env, login=login, groups=group, name=login)
        cls.person = cls.env["res.partner"].create(
            {"name": "Rory Rpc", "email": "rory.rpc@example.org"}
        )
        cls.enquiries = cls.env["provide.enquiry"].create(
            [
                {"name": "Bin rounds", "partner_id": cls.person.id},
                {"name": "Bin rounds (again)", "partner_id": cls.person.id},
            ]
        )

    def test_adviser_records_consent_and_its_withdrawal(self):
        enquiry = self.enquiries[0]
        self.call(
            "pd_adviser",
            "provide.enquiry",
            "write",
            enquiry.ids,
            {"lawful_basis": "consent"},
        )
        self.call(
            "pd_adviser", "provide.enquiry", "action_withdraw_consent", enquiry.ids
        )
        self.assertTrue(enquiry.consent_ids.withdrawn_date)
        self.assertTrue(
            self.env["mail.blacklist"].search([("email", "=", "rory.rpc@example.org")])
        )

    def test_adviser_merges_but_only_a_manager_forgets(self):
        wizard_id = self.call(
            "pd_adviser",
            "provide.enquiry.merge",
            "create",
            {
                "enquiry_ids": [(6, 0, self.enquiries.ids)],
                "target_id": self.enquiries[0].id,
            },
        )
        self.call("pd_adviser", "provide.enquiry.merge", "action_merge", [wizard_id])
        self.assertEqual(self.enquiries[1].merged_into_id, self.enquiries[0])
        with self.assertRaisesRegex(Fault, "provide.forget.person"):
            self.call(
                "pd_adviser",
                "provide.forget.person",
                "create",
                {"partner_id": self.person.id},
            )
        wizard_id = self.call(
            "pd_manager",
            "provide.forget.person",
            "create",
            {"partner_id": self.person.id},
        )
        self.call("pd_manager", "provide.forget.person", "action_forget", [wizard_id])
        self.assertEqual(
            self.person.with_context(active_test=False).name, "Forgotten contact"
        )
        self.assertEqual(self.enquiries[0].contact_name, "Forgotten contact")
