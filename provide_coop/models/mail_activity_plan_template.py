from datetime import datetime, time, timedelta

import pytz

from odoo import api, models, tools
from odoo.exceptions import UserError


class MailActivityPlanTemplate(models.Model):
    """What the app's plans (a stage's activity plan, a co-op's outcome
    check-ins) need of their steps to schedule them for a batch of records."""

    _inherit = "mail.activity.plan.template"

    def _provide_deadlines(self, calendar, base_date):
        """{step: due date} for these steps planned on `base_date`, on the
        working `calendar` (none: the plain dates Odoo gives).

        A delay in days after the plan date counts that many working days
        after it, the calendar's global time off (public holidays) left out;
        a delay in weeks or months falls on the first working day on or after
        the date it gives; other delays keep their date. Odoo's `plan_days`
        counts the days, once per distinct delay: on the working hours alone,
        then again with the time off only when some falls within the days
        counted (one look for time off, where counting with it looks again
        for every two weeks counted). The days counted are kept per calendar
        and day until a working calendar, its hours or its time off change
        (see `provide.planned.days.mixin`)."""
        deadlines = {step: step._get_date_deadline(base_date) for step in self}
        if not calendar:
            return deadlines
        calendar.ensure_one()
        # The days each step counts: (how many, from which day).
        counts = {}
        for step in self:
            if step.delay_unit != "days":
                counts[step] = (1, deadlines[step])
            elif step.delay_from == "after_plan_date" and step.delay_count > 0:
                counts[step] = (step.delay_count, base_date + timedelta(days=1))
        if not counts:
            return deadlines
        planned = self._provide_working_days(calendar.id, frozenset(counts.values()))
        for step, key in counts.items():
            deadlines[step] = planned[key]
        return deadlines

    @api.model
    @tools.ormcache("calendar_id", "counts")
    def _provide_working_days(self, calendar_id, counts):
        """{(count, start): the day `count` working days after midnight of
        `start` ends} on the working calendar `calendar_id`, for each of
        `counts`, the calendar's global time off left out."""
        calendar = self.env["resource.calendar"].browse(calendar_id)
        tz = pytz.timezone(calendar.tz or "UTC")

        def midnight(day):
            return tz.localize(datetime.combine(day, time.min))

        def plan(compute_leaves):
            planned = {}
            for count, start in counts:
                end = calendar.plan_days(
                    count, midnight(start), compute_leaves=compute_leaves
                )
                if not end:
                    raise UserError(
                        self.env._(
                            "The working calendar “%(calendar)s” has too few "
                            "working days in the coming years; check its working "
                            "hours.",
                            calendar=calendar.name,
                        )
                    )
                planned[count, start] = end.date()
            return planned

        planned = plan(compute_leaves=False)
        first = min(start for _count, start in planned)
        last = max(planned.values())
        if calendar._leave_intervals_batch(
            midnight(first), midnight(last + timedelta(days=1))
        )[False]:
            planned = plan(compute_leaves=True)
        return planned

    def _provide_keys(self):
        """(activity type id, summary) of these steps: how the activities
        they plan are told apart."""
        return {(step.activity_type_id.id, step.summary or "") for step in self}

    def _provide_open_keys(self, records):
        """(record id, activity type id, summary) of the activities of these
        steps' types still open on `records`: what a plan must not schedule
        again. One search."""
        activities = self.env["mail.activity"].search_read(
            [
                ("res_model", "=", records._name),
                ("res_id", "in", records.ids),
                ("activity_type_id", "in", self.activity_type_id.ids),
            ],
            ["res_id", "activity_type_id", "summary"],
        )
        return {
            (
                activity["res_id"],
                activity["activity_type_id"][0],
                activity["summary"] or "",
            )
            for activity in activities
        }

    def _provide_activity_vals(self, records, deadlines, open_keys):
        """The values of the activities these steps plan on `records`, less
        those in `open_keys` (see `_provide_open_keys`). The responsible comes
        from the step (the record's adviser when the step leaves it to the
        user), the deadline from `deadlines` ({step: date})."""
        model_id = self.env["ir.model"]._get_id(records._name)
        vals_list = []
        for template in self:
            for record in records:
                key = (record.id, template.activity_type_id.id, template.summary or "")
                if key in open_keys:
                    continue
                responsible = template._determine_responsible(
                    record.user_id or self.env.user, record
                )["responsible"]
                vals_list.append(
                    {
                        "res_model_id": model_id,
                        "res_id": record.id,
                        "activity_type_id": template.activity_type_id.id,
                        "summary": template.summary,
                        "note": template.note,
                        "user_id": (responsible or self.env.user).id,
                        "date_deadline": deadlines[template],
                        "automated": True,
                    }
                )
        return vals_list
