from odoo.exceptions import AccessError
from odoo.tests import Form, tagged

from .common import TestProvideCommon

# See test_support_totals_of_80_enquiries_in_a_fixed_budget.
SUPPORT_TOTALS_BUDGET = 7


@tagged("post_install", "-at_install")
class TestProvideSupportMember(TestProvideCommon):
    """The support team of an enquiry: days allocated against days used (the
    hours of their support lines), members who are users following the
    enquiry, company by company."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.lawyer = cls.env["res.partner"].create(
            {"name": "Lee Lawyer", "email": "lee@law.example.com"}
        )
        cls.finance = cls.env["res.partner"].create({"name": "Fay Finance"})
        cls.Member = cls.env["provide.support.member"]
        cls.enquiry_b = cls.env["provide.enquiry"].create(
            {"name": "North leisure centres", "company_id": cls.company_b.id}
        )
        cls.member_b = cls.Member.create(
            {
                "enquiry_id": cls.enquiry_b.id,
                "partner_id": cls.user_adviser_b.partner_id.id,
                "role": "lead_adviser",
                "days_allocated": 4,
            }
        )

    def _member(self, partner, allocated=0.0, used=0.0, enquiry=None, **vals):
        member = self.Member.create(
            {
                "enquiry_id": (enquiry or self.enquiry).id,
                "partner_id": partner.id,
                "days_allocated": allocated,
                **vals,
            }
        )
        if used:
            self._support(partner, used, enquiry)
        return member

    def _support(self, partner, days, enquiry=None):
        """A confirmed support line of `days` days (seven hours each)."""
        return self.env["provide.service.delivery"].create(
            {
                "enquiry_id": (enquiry or self.enquiry).id,
                "user_id": False,
                "partner_id": partner.id,
                "kind": "meeting",
                "hours": days * 7,
            }
        )

    def _followers(self, enquiry, partner):
        return self.env["mail.followers"].search(
            [
                ("res_model", "=", enquiry._name),
                ("res_id", "=", enquiry.id),
                ("partner_id", "=", partner.id),
            ]
        )

    def test_days_used_above_allocated_flagged_on_line_and_enquiry(self):
        legal = self._member(self.lawyer, allocated=3, used=2, role="legal")
        money = self._member(self.finance, allocated=2, used=2, role="finance")
        self.assertFalse(legal.is_over)
        self.assertFalse(money.is_over, "using exactly the allocation is not over")
        self.assertFalse(self.enquiry.support_over_allocation)
        self.assertEqual(self.enquiry.support_days_allocated, 5)
        self.assertEqual(self.enquiry.support_days_used, 4)

        self._support(self.finance, 0.5)
        self.assertEqual(money.days_used, 2.5)
        self.assertTrue(money.is_over)
        self.assertFalse(legal.is_over)
        self.assertTrue(self.enquiry.support_over_allocation)
        self.assertEqual(self.enquiry.support_days_used, 4.5)
        Enquiry = self.env["provide.enquiry"]
        self.assertIn(
            self.enquiry, Enquiry.search([("support_over_allocation", "=", True)])
        )

        money.unlink()
        self.assertFalse(self.enquiry.support_over_allocation)
        self.assertEqual(self.enquiry.support_days_allocated, 3)

    def test_form_shows_days_and_flag_as_lines_are_typed(self):
        with Form(self.enquiry.with_user(self.user_adviser)) as form:
            with form.support_member_ids.new() as line:
                line.partner_id = self.lawyer
                line.role = "legal"
                line.days_allocated = 2
            with form.service_delivery_ids.new() as support:
                support.user_id = self.env["res.users"]
                support.partner_id = self.lawyer
                support.kind = "meeting"
                support.hours = 21
            self.assertEqual(form.support_days_allocated, 2)
            self.assertEqual(form.support_days_used, 3)
            self.assertTrue(form.support_over_allocation)
        self.assertEqual(self.enquiry.support_member_ids.partner_id, self.lawyer)
        self.assertTrue(self.enquiry.support_member_ids.is_over)

    def test_negative_days_refused(self):
        with self.assertCheckRefused(
            "Support days cannot be negative", self.Member._name
        ):
            self._member(self.lawyer, allocated=-1)
        member = self._member(self.lawyer, allocated=1)
        with self.assertCheckRefused("Support days cannot be negative"):
            member.write({"days_allocated": -2})
        with self.assertCheckRefused(
            "hours of support given cannot be negative", "provide.service.delivery"
        ):
            self._support(self.lawyer, -1)

    def test_days_used_are_not_typed(self):
        member = self._member(self.lawyer, allocated=1)
        self.assertTrue(self.Member._fields["days_used"].readonly)
        self.assertTrue(self.Member._fields["days_used"].compute)
        self._support(self.lawyer, 1.5)
        self.assertEqual(member.days_used, 1.5)

    def test_user_of_the_partner_is_found(self):
        members = self._member(self.user_manager.partner_id) | self._member(self.lawyer)
        self.assertEqual(members.mapped("user_id"), self.user_manager)
        self.assertEqual(members[0].user_id, self.user_manager)
        self.assertFalse(members[1].user_id)

    def test_members_who_are_users_follow_the_enquiry_once(self):
        manager = self.user_manager.partner_id
        self.assertFalse(self._followers(self.enquiry, manager))
        self._member(manager, role="lead_adviser")
        self._member(manager, role="finance")
        self._member(self.lawyer, role="legal")
        self.assertEqual(len(self._followers(self.enquiry, manager)), 1)
        self.assertIn(manager, self.enquiry.message_partner_ids)
        # Contacts who are not users are not subscribed.
        self.assertNotIn(self.lawyer, self.enquiry.message_partner_ids)

    def test_members_of_several_enquiries_follow_each(self):
        other = self.env["provide.enquiry"].create({"name": "Leisure trust"})
        manager = self.user_manager.partner_id
        self.Member.create(
            [
                {"enquiry_id": enquiry.id, "partner_id": partner.id}
                for enquiry in (self.enquiry, other)
                for partner in (manager, self.lawyer)
            ]
        )
        for enquiry in (self.enquiry, other):
            self.assertEqual(len(self._followers(enquiry, manager)), 1)
            self.assertFalse(self._followers(enquiry, self.lawyer))

    def test_changing_the_contact_to_a_user_subscribes_them(self):
        member = self._member(self.lawyer)
        member.partner_id = self.user_adviser.partner_id
        self.assertIn(self.user_adviser.partner_id, self.enquiry.message_partner_ids)

    def test_adviser_creates_edits_and_deletes_members(self):
        Member = self.Member.with_user(self.user_adviser)
        member = Member.create(
            {
                "enquiry_id": self.enquiry.id,
                "partner_id": self.lawyer.id,
                "role": "legal",
                "days_allocated": 2,
            }
        )
        self.env["provide.service.delivery"].with_user(self.user_adviser).create(
            {
                "enquiry_id": self.enquiry.id,
                "user_id": False,
                "partner_id": self.lawyer.id,
                "hours": 7,
            }
        )
        self.assertEqual(self.enquiry.support_days_used, 1)
        member.unlink()
        self.assertFalse(member.exists())
        self.assertEqual(self.enquiry.support_days_allocated, 0)

    def test_other_company_cannot_read_the_members(self):
        member = self._member(self.lawyer, allocated=1)
        Member = self.Member.with_user(self.user_adviser_b)
        self.assertEqual(Member.search([]), self.member_b)
        with self.assertRaises(AccessError):
            member.with_user(self.user_adviser_b).read(["days_used"])
        with self.assertRaises(AccessError):
            self.member_b.with_user(self.user_adviser).read(["days_used"])

    def test_employee_without_the_app_cannot_read_members(self):
        member = self._member(self.lawyer)
        with self.assertRaises(AccessError):
            self.Member.with_user(self.user_employee).search([])
        with self.assertRaises(AccessError):
            member.with_user(self.user_employee).read(["days_used"])

    def _team_with_support(self, count):
        """``count`` enquiries, each with one member and one support line of
        theirs."""
        enquiries = self.env["provide.enquiry"].create(
            [
                {"name": f"Team {i}", "partner_id": self.enquirer.id}
                for i in range(count)
            ]
        )
        members = self.Member.create(
            [
                {"enquiry_id": enquiry.id, "partner_id": self.lawyer.id}
                for enquiry in enquiries
            ]
        )
        lines = self.env["provide.service.delivery"].create(
            [
                {
                    "enquiry_id": enquiry.id,
                    "user_id": False,
                    "partner_id": self.lawyer.id,
                    "hours": 1,
                }
                for enquiry in enquiries
            ]
        )
        self.env.flush_all()
        self.env.invalidate_all()
        return enquiries, members, lines

    def _support_totals_queries(self, count):
        """Queries spent updating the hours of one support line on each of
        ``count`` enquiries and recomputing the members' days used and the
        enquiries' stored totals and flags."""
        enquiries, members, lines = self._team_with_support(count)
        before = self.cr.sql_log_count
        members.write({"days_allocated": 2})
        lines.write({"hours": 21})
        self.env.flush_all()
        spent = self.cr.sql_log_count - before
        self.assertEqual(enquiries.mapped("support_days_used"), [3.0] * count)
        self.assertTrue(all(enquiries.mapped("support_over_allocation")))
        return spent

    def test_support_totals_cost_does_not_grow_with_enquiries(self):
        # Up to the ORM's 100 rows per UPDATE statement, the cost is flat.
        self.assertEqual(
            self._support_totals_queries(8), self._support_totals_queries(80)
        )

    def test_support_totals_of_80_enquiries_in_a_fixed_budget(self):
        enquiries, members, lines = self._team_with_support(80)
        self.env["ir.config_parameter"].sudo().get_param("provide_coop.hours_per_day")
        # Update the allocations and the hours, read the lines of the
        # members' enquiries once, then update the members' days and flags,
        # the enquiries' days and hours: seven statements for the batch,
        # however many enquiries.
        with self.assertQueryCount(SUPPORT_TOTALS_BUDGET):
            members.write({"days_allocated": 1})
            lines.write({"hours": 14})
            self.env.flush_all()
        self.assertEqual(sum(enquiries.mapped("support_days_used")), 160)
        self.assertEqual(sum(enquiries.mapped("support_days_allocated")), 80)
        self.assertTrue(all(enquiries.mapped("support_over_allocation")))
