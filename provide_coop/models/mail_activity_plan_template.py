from odoo import models


class MailActivityPlanTemplate(models.Model):
    """What the app's plans (a stage's activity plan, a co-op's outcome
    check-ins) need of their steps to schedule them for a batch of records."""

    _inherit = "mail.activity.plan.template"

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
