from odoo.tests import tagged, users, warmup

from .common import TestProvideCommon


@tagged("post_install", "-at_install")
class TestProvideStageMovePerformance(TestProvideCommon):
    """Moving a column of cards on costs a fixed budget of queries, for 10
    enquiries as for 65: the gate, the stage history, the activity plan and
    the chatter's tracking lines all work on the whole batch. (Odoo inserts
    rows 100 to a statement, so the 130 planned activities of 65 cards take
    one statement more than the 20 of 10 cards; the budget allows for it.)

    A move cancels, once for the batch, the activities the stage left had
    planned: the delete and Odoo's look for their external ids, attachments
    and defaults (4 queries). Deleting records empties the whole cache
    (BaseModel.unlink), so what the chatter's tracking reads after it is read
    again (5) and the next move starts with nothing cached (10 here, 7 since
    the stage left is read with the new one and both plans' steps in one
    query; a person's request starts cold anyway: measured from a cold
    cache, a move costs 11 more, 13 with the two of `plan_days`)."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        partners = cls.env["res.partner"].create(
            [{"name": f"Enquirer {i}", "email": f"m{i}@example.com"} for i in range(80)]
        )
        cls.enquiries = cls.env["provide.enquiry"].create(
            [
                {
                    "name": f"Enquiry {i}",
                    "stage_id": cls.stage_assessment.id,
                    "partner_id": partner.id,
                    "user_id": (cls.user_adviser | cls.user_manager)[i % 2].id,
                }
                for i, partner in enumerate(partners)
            ]
        )
        cls._assess(cls.enquiries, cls.recommend_feasibility)
        # The commit hooks: from now on the chatter tracks changes.
        cls.env.cr.flush()

    def _slices(self):
        """A first move warms the caches; then 10 cards, then 65."""
        return self.enquiries[:5], self.enquiries[5:15], self.enquiries[15:]

    def _move(self, enquiries, stage):
        enquiries = enquiries.with_user(self.env.user)
        enquiries.write({"stage_id": stage.id})
        self.env.flush_all()

    def _assert_tracked(self, enquiries, stage):
        """Every card's chatter has its own tracking line for the move."""
        self.env.cr.flush()
        tracked = (
            self.env["mail.tracking.value"]
            .sudo()
            .search(
                [
                    ("mail_message_id.model", "=", "provide.enquiry"),
                    ("mail_message_id.res_id", "in", enquiries.ids),
                    ("field_id.name", "=", "stage_id"),
                    ("new_value_integer", "=", stage.id),
                ]
            )
        )
        self.assertEqual(
            sorted(tracked.mail_message_id.mapped("res_id")), sorted(enquiries.ids)
        )

    def test_batch_move_tracks_every_card_in_its_chatter(self):
        warm, few, many = self._slices()
        for batch in (warm, few, many):
            self._move(batch, self.stage_feasibility)
        self._assert_tracked(self.enquiries, self.stage_feasibility)
        message = self.env["mail.message"].search(
            [("model", "=", "provide.enquiry"), ("res_id", "=", many[-1].id)],
            limit=1,
        )
        self.assertEqual(message.tracking_value_ids.field_id.name, "stage_id")
        self.assertEqual(message.author_id, self.env.user.partner_id)

    def _assert_moved(self, enquiries, stage, activities_per_enquiry):
        self.assertEqual(enquiries.stage_id, stage)
        activities = self.env["mail.activity"].search(
            [
                ("res_model", "=", "provide.enquiry"),
                ("res_id", "in", enquiries.ids),
                (
                    "activity_type_id",
                    "in",
                    stage.activity_plan_id.template_ids.activity_type_id.ids,
                ),
            ]
        )
        self.assertEqual(len(activities), activities_per_enquiry * len(enquiries))
        # The calls the assessment stage planned are cancelled on every card.
        self.assertFalse(
            self.env["mail.activity"].search_count(
                [
                    ("res_model", "=", "provide.enquiry"),
                    ("res_id", "in", enquiries.ids),
                    (
                        "activity_type_id",
                        "in",
                        self.stage_assessment.activity_plan_id.template_ids.activity_type_id.ids,
                    ),
                ]
            )
        )
        self._assert_tracked(enquiries, stage)

    @users("provide_adviser")
    @warmup
    def test_move_into_gated_stage_with_a_two_step_plan(self):
        # Through the gate into Pre-feasibility (two planned activities each).
        warm, few, many = self._slices()
        self._move(warm, self.stage_feasibility)
        # One more than 17 since the readers of a confidential enquiry are a
        # relation to users (18.0.1.5.0): the confidentiality rule reads the
        # batch's readers in one query when the write is checked. Two more
        # since the stays are closed through the ORM: one search of the open
        # stays and one update, where one SQL statement did it all. Two more
        # since Odoo's `plan_days` counts the working days: it reads the
        # working hours once per two weeks counted, for each delay (5 and 20
        # working days here: three reads, where one read served both).
        # Twenty more since a move cancels the calls the assessment stage
        # planned (see above). Three fewer since the stage left is read with
        # the new one, and the steps of both plans in one query. Eight fewer
        # since the working days counted are kept per calendar and day (the
        # warm-up move counted them): no read of the calendar, its hours or
        # its time off.
        with self.assertQueryCount(provide_adviser=31):
            self._move(few, self.stage_feasibility)
        # The 130 activities of 65 cards are inserted, then updated, in
        # Odoo's batches of 100: two queries more than for 10 cards.
        with self.assertQueryCount(provide_adviser=33):
            self._move(many, self.stage_feasibility)
        self._assert_moved(self.enquiries, self.stage_feasibility, 2)

    @users("provide_adviser")
    @warmup
    def test_move_back_without_plan(self):
        warm, few, many = self._slices()
        self._move(warm, self.stage_first_contact)
        # 14 until the readers were a relation (see above): one query more;
        # two more for closing the stays through the ORM (see above); 19 more
        # since a move cancels the calls the assessment stage planned (see
        # above); three fewer for reading the stages and plans together (see
        # above); four fewer since the working days counted are kept (see
        # above).
        with self.assertQueryCount(provide_adviser=29):
            self._move(few, self.stage_first_contact)
        with self.assertQueryCount(provide_adviser=29):
            self._move(many, self.stage_first_contact)
        self._assert_moved(self.enquiries, self.stage_first_contact, 1)
