from odoo import api, fields, models

from .provide_service_delivery import DELIVERY_KINDS


class MailActivityType(models.Model):
    """An activity type of the app says which kind of support it is, so that
    marking one done on an enquiry proposes a service-delivery line."""

    _inherit = "mail.activity.type"

    provide_delivery_kind = fields.Selection(
        DELIVERY_KINDS,
        string="Support Delivered",
        help="Marking an activity of this type done on an enquiry proposes a "
        "service-delivery line of this kind, for the adviser to confirm.",
    )
    provide_delivery_hours = fields.Float(
        string="Usual Hours",
        digits=(16, 2),
        help="The hours the proposed line starts with.",
    )


# What a person changes of an activity: rescheduling, reassigning or
# rewording it.
HAND_EDITED_FIELDS = {"activity_type_id", "date_deadline", "note", "summary", "user_id"}


class MailActivity(models.Model):
    """Scheduling or completing an activity on an enquiry counts as touching
    it: the enquiry is not stalled. Completing one of the app's support
    activities proposes a service-delivery line. An activity of a stage plan
    that a person changes becomes theirs: moving the enquiry on no longer
    cancels it."""

    _inherit = "mail.activity"

    def _compute_res_name(self):
        """An activity of a confidential enquiry is named by its reference:
        its assignee reads the activity, not necessarily the enquiry."""
        super()._compute_res_name()
        ids = {a.res_id for a in self if a.res_model == "provide.enquiry"}
        if not ids:
            return
        # As superuser, to tell which are confidential; only that is read.
        enquiries = self.env["provide.enquiry"].sudo().browse(ids)
        confidential = {e.id: e for e in enquiries if e.is_confidential}
        for activity in self:
            if (
                activity.res_model == "provide.enquiry"
                and activity.res_id in confidential
            ):
                activity.res_name = confidential[activity.res_id]._confidential_name()

    def _touch_enquiries(self):
        ids = {a.res_id for a in self if a.res_model == "provide.enquiry"}
        if ids:
            # Through the ORM: one update for the batch, flushed with the
            # rest of the request's.
            self.env["provide.enquiry"].sudo().browse(ids).write(
                {"last_touch_date": fields.Datetime.now()}
            )

    @api.model_create_multi
    def create(self, vals_list):
        activities = super().create(vals_list)
        if not self.env.context.get("provide_activity_no_touch"):
            activities.sudo()._touch_enquiries()
        return activities

    def write(self, vals):
        if self.env.su or not HAND_EDITED_FIELDS & vals.keys():
            return super().write(vals)
        planned = self.filtered(
            lambda activity: activity.automated
            and activity.res_model == "provide.enquiry"
        )
        if planned:
            super(MailActivity, planned).write(dict(vals, automated=False))
        return super(MailActivity, self - planned).write(vals)

    def _action_done(self, feedback=False, attachment_ids=None):
        self.sudo()._touch_enquiries()
        # Read before the activities are deleted.
        self.env["provide.service.delivery"]._propose_from_activities(self)
        return super()._action_done(feedback=feedback, attachment_ids=attachment_ids)
