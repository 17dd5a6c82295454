from odoo.tests import HttpCase, JsonRpcException, new_test_user, tagged


@tagged("post_install", "-at_install")
class TestProvideFirstScreen(HttpCase):
    """What an adviser and a manager see when they open the app, and the
    status bar's gate leaving a clean form, in the browser."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        context = {"no_reset_password": True}
        cls.adviser = new_test_user(
            cls.env,
            login="first_adviser",
            name="Fran First",
            groups="provide_coop.group_provide_user",
            context=context,
        )
        cls.colleague = new_test_user(
            cls.env,
            login="first_colleague",
            name="Cole League",
            groups="provide_coop.group_provide_user",
            context=context,
        )
        cls.manager = new_test_user(
            cls.env,
            login="first_manager",
            name="Mo Manager",
            groups="provide_coop.group_provide_manager",
            context=context,
        )
        ref = cls.env.ref
        # An agency in England counts in pounds.
        ref("base.GBP").active = True
        cls.env.company.currency_id = ref("base.GBP")
        Enquiry = cls.env["provide.enquiry"]
        cls.own = Enquiry.create(
            {
                "name": "Leisure centre staff buy-out",
                "user_id": cls.adviser.id,
                "annual_contract_value": 250000,
                "stage_id": ref("provide_coop.provide_stage_first_contact").id,
            }
        )
        cls.colleagues = Enquiry.create(
            {
                "name": "Youth club for the estate",
                "user_id": cls.colleague.id,
                "stage_id": ref("provide_coop.provide_stage_formal_assessment").id,
            }
        )

    def test_menu_opens_the_pipeline_each_role_needs(self):
        menu = self.env.ref("provide_coop.provide_enquiry_menu")
        self.assertEqual(
            menu.action, self.env.ref("provide_coop.provide_enquiry_action_pipeline")
        )
        Enquiry = self.env["provide.enquiry"]
        manager = Enquiry.with_user(self.manager).action_pipeline()
        self.assertEqual(manager["context"], {"search_default_open": 1})
        self.assertIn("“Open”", manager["help"])
        adviser = Enquiry.with_user(self.adviser).action_pipeline()
        self.assertEqual(adviser["context"], {"search_default_my_enquiries": 1})
        self.assertIn("“My Enquiries”", adviser["help"])

    def test_manager_lands_on_every_open_enquiry(self):
        self.start_tour(
            "/odoo/action-provide_coop.provide_enquiry_action_pipeline",
            "provide_manager_first_screen_tour",
            login="first_manager",
        )

    def test_adviser_lands_on_their_own_enquiries(self):
        # The tour reads the card's amount in pounds and the column's tooltip.
        self.assertEqual(self.own.currency_id.symbol, "£")
        self.start_tour(
            "/odoo/action-provide_coop.provide_enquiry_action_pipeline",
            "provide_adviser_first_screen_tour",
            login="first_adviser",
        )

    def test_home_action_lands_on_the_pipeline_in_its_app(self):
        """After login (the bare /odoo), a user whose home action is the
        pipeline lands on it with the app's menu bar, not on Discuss."""
        self.adviser.action_id = self.env.ref(
            "provide_coop.provide_enquiry_action_pipeline"
        ).id
        self.start_tour(
            "/odoo", "provide_adviser_first_screen_tour", login="first_adviser"
        )

    def test_refused_status_bar_move_leaves_a_clean_form(self):
        self.start_tour(
            f"/odoo/action-provide_coop.provide_enquiry_action/{self.colleagues.id}",
            "provide_status_bar_gate_tour",
            login="first_colleague",
        )
        self.colleagues.invalidate_recordset()
        self.assertEqual(
            self.colleagues.stage_id,
            self.env.ref("provide_coop.provide_stage_formal_assessment"),
        )
        # The message opened a new assessment form; nothing was saved.
        self.assertFalse(self.colleagues.assessment_ids)

    def test_refused_move_is_not_logged_as_a_server_error(self):
        """The form's save of a refused move: the person gets the message
        with its way on; the server log gets one plain line, no error."""
        self.authenticate("first_colleague", "first_colleague")
        feasibility = self.env.ref("provide_coop.provide_stage_feasibility")
        with self.assertLogs("odoo.http", level="DEBUG") as logs:
            with self.assertRaises(JsonRpcException) as refused:
                self.make_jsonrpc_request(
                    "/web/dataset/call_kw/provide.enquiry/web_save",
                    {
                        "model": "provide.enquiry",
                        "method": "web_save",
                        "args": [[self.colleagues.id], {"stage_id": feasibility.id}],
                        "kwargs": {"specification": {"stage_id": {}}},
                    },
                )
        self.assertEqual(refused.exception.args[0], "odoo.exceptions.RedirectWarning")
        self.assertFalse(
            [record.getMessage() for record in logs.records if record.levelno >= 30]
        )
        self.assertTrue(
            any(
                "until its formal assessment is done" in r.getMessage()
                for r in logs.records
            )
        )
