from datetime import datetime, time, timedelta

import pytz

from odoo import models
from odoo.exceptions import UserError


class ResourceCalendar(models.Model):
    _inherit = "resource.calendar"

    def _provide_plan_deadlines(self, templates, base_date, working_days=True):
        """{template: due date} for activity plan `templates` planned on
        `base_date`, on this working calendar (`self` may be empty: no
        calendar, plain dates).

        With `working_days`, a delay in days after the plan date counts
        working days (attendances less the calendar's global time off, the
        public holidays, as Odoo's `plan_days` counts them), and any other
        delay in weeks or months is moved on to the first working day on or
        after the date it gives (other delays in days keep their date). One
        look at the calendar for all the templates."""
        deadlines = {
            template: template._get_date_deadline(base_date) for template in templates
        }
        if not (self and working_days and templates):
            return deadlines
        self.ensure_one()
        counted = templates.filtered(
            lambda t: t.delay_unit == "days"
            and t.delay_from == "after_plan_date"
            and t.delay_count > 0
        )
        moved = templates.filtered(lambda t: t.delay_unit != "days")
        if not (counted or moved):
            return deadlines
        start = base_date + timedelta(days=1)
        if moved:
            start = min([start, *(deadlines[t] for t in moved)])
        last = max(
            [
                *(deadlines[t] for t in moved),
                # Enough calendar for the working days counted after the plan.
                base_date
                + timedelta(days=max(counted.mapped("delay_count") or [0]) * 2),
            ]
        )
        days = self._provide_working_days(
            start, last, max(counted.mapped("delay_count") or [0]), base_date
        )
        after_base = [day for day in days if day > base_date]
        for template in counted:
            deadlines[template] = after_base[template.delay_count - 1]
        for template in moved:
            date = deadlines[template]
            deadlines[template] = next((day for day in days if day >= date), date)
        return deadlines

    def _provide_working_days(self, start, last, count_after, base_date):
        """The working days of this calendar from `start` to at least `last`,
        with at least `count_after` of them after `base_date` and one on or
        after `last`, read in as few windows of the calendar as it takes."""
        tz = pytz.timezone(self.tz or "UTC")
        begin = tz.localize(datetime.combine(start, time.min))
        span = (last - start) + timedelta(days=14)
        for _attempt in range(10):
            intervals = self._work_intervals_batch(begin, begin + span)[False]
            days = sorted(
                {interval_start.date() for interval_start, _stop, _meta in intervals}
            )
            if (
                len([day for day in days if day > base_date]) >= count_after
                and days
                and days[-1] >= last
            ):
                return days
            span *= 2
        raise UserError(
            self.env._(
                "The working calendar “%(calendar)s” has too few working days in "
                "the coming months; check its working hours.",
                calendar=self.name,
            )
        )
