from odoo import api, models


class ProvidePlannedDaysMixin(models.AbstractModel):
    """The deadlines of the app's plans are counted on working calendars and
    kept (`mail.activity.plan.template._provide_working_days`): creating,
    changing or deleting a calendar, its working hours or its time off
    counts them afresh."""

    _name = "provide.planned.days.mixin"
    _description = "Counts plan deadlines afresh when working time changes"

    @api.model_create_multi
    def create(self, vals_list):
        self.env.registry.clear_cache()
        return super().create(vals_list)

    def write(self, vals):
        self.env.registry.clear_cache()
        return super().write(vals)

    def unlink(self):
        self.env.registry.clear_cache()
        return super().unlink()


class ResourceCalendar(models.Model):
    _name = "resource.calendar"
    _inherit = ["resource.calendar", "provide.planned.days.mixin"]


class ResourceCalendarAttendance(models.Model):
    _name = "resource.calendar.attendance"
    _inherit = ["resource.calendar.attendance", "provide.planned.days.mixin"]


class ResourceCalendarLeaves(models.Model):
    _name = "resource.calendar.leaves"
    _inherit = ["resource.calendar.leaves", "provide.planned.days.mixin"]
