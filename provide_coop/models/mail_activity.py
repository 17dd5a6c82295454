from odoo import api, fields, models


class MailActivity(models.Model):
    """Scheduling or completing an activity on an enquiry counts as touching
    it: the enquiry is not stalled."""

    _inherit = "mail.activity"

    def _touch_enquiries(self):
        ids = {a.res_id for a in self if a.res_model == "provide.enquiry"}
        if ids:
            # Through the ORM, so the activities a stage move plans touch the
            # moved enquiries in the move's own update.
            self.env["provide.enquiry"].sudo().browse(ids).write(
                {"last_touch_date": fields.Datetime.now()}
            )

    @api.model_create_multi
    def create(self, vals_list):
        activities = super().create(vals_list)
        activities.sudo()._touch_enquiries()
        return activities

    def _action_done(self, feedback=False, attachment_ids=None):
        self.sudo()._touch_enquiries()
        return super()._action_done(feedback=feedback, attachment_ids=attachment_ids)
