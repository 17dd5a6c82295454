from odoo import fields, models
from odoo.exceptions import AccessError

# Enquiries closed as not proceeding are archived: the digest counts them too.
ALL_ENQUIRIES = [("active", "in", [True, False])]


class Digest(models.Model):
    """The pipeline's numbers in Odoo's periodic digest e-mail: managers tick
    them on a digest and choose its period and recipients there."""

    _inherit = "digest.digest"

    kpi_provide_enquiry_new = fields.Boolean(string="New Enquiries")
    kpi_provide_enquiry_new_value = fields.Integer(
        compute="_compute_kpi_provide_enquiry_new_value"
    )
    kpi_provide_enquiry_launched = fields.Boolean(string="Co-ops Launched")
    kpi_provide_enquiry_launched_value = fields.Integer(
        compute="_compute_kpi_provide_enquiry_launched_value"
    )
    kpi_provide_enquiry_closed = fields.Boolean(string="Enquiries Not Proceeding")
    kpi_provide_enquiry_closed_value = fields.Integer(
        compute="_compute_kpi_provide_enquiry_closed_value"
    )

    def _provide_check_manager(self):
        # The digest leaves out, for this recipient, the KPIs that raise this.
        if not self.env.user.has_group("provide_coop.group_provide_manager"):
            raise AccessError(
                self.env._("Do not have access, skip this data for user's digest email")
            )

    def _compute_kpi_provide_enquiry_new_value(self):
        self._provide_check_manager()
        self._calculate_company_based_kpi(
            "provide.enquiry",
            "kpi_provide_enquiry_new_value",
            date_field="date_received",
            additional_domain=ALL_ENQUIRIES,
        )

    def _compute_kpi_provide_enquiry_launched_value(self):
        self._provide_check_manager()
        self._calculate_company_based_kpi(
            "provide.enquiry",
            "kpi_provide_enquiry_launched_value",
            date_field="date_closed",
            additional_domain=[("outcome", "=", "won")],
        )

    def _compute_kpi_provide_enquiry_closed_value(self):
        self._provide_check_manager()
        self._calculate_company_based_kpi(
            "provide.enquiry",
            "kpi_provide_enquiry_closed_value",
            date_field="date_closed",
            additional_domain=[("outcome", "=", "lost"), *ALL_ENQUIRIES],
        )

    def _compute_kpis_actions(self, company, user):
        res = super()._compute_kpis_actions(company, user)
        # Managers' digest: every enquiry of the company, not their own only.
        menu = self.env.ref("provide_coop.provide_coop_menu_root")
        action = f"provide_coop.provide_enquiry_action_all&menu_id={menu.id}"
        res.update(
            kpi_provide_enquiry_new=action,
            kpi_provide_enquiry_launched=action,
            kpi_provide_enquiry_closed=action,
        )
        return res
