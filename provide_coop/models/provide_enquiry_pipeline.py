from datetime import timedelta

from odoo import api, fields, models
from odoo.tools import SQL, create_index

DEFAULT_STALL_DAYS = 30


class ProvideEnquiry(models.Model):
    """What the pipeline reports need from an enquiry: when an adviser last
    touched it (a stage move, an activity scheduled or done, a message), so a
    manager sees which enquiries have stalled."""

    _inherit = "provide.enquiry"  # pylint: disable=consider-merging-classes-inherited

    last_touch_date = fields.Datetime(
        string="Last Touched",
        index=True,
        copy=False,
        readonly=True,
        default=fields.Datetime.now,
        help="Last stage move, activity or message on the enquiry.",
    )
    is_stalled = fields.Boolean(
        string="Stalled",
        compute="_compute_is_stalled",
        search="_search_is_stalled",
        help="Open, and untouched for longer than the stall period set in the "
        "settings.",
    )
    days_stalled = fields.Integer(
        compute="_compute_is_stalled",
        help="Days since the last stage move, activity or message.",
    )

    def init(self):
        res = super().init()
        # The kanban reads each column (stage) in the model's order, active
        # enquiries only: one index answers every column's first page without
        # sorting the stage's whole history (see docs/benchmark.md).
        create_index(
            self.env.cr,
            "provide_enquiry_stage_priority_id_index",
            self._table,
            ["stage_id", "priority DESC", "id DESC"],
            where="active",
        )
        return res

    @api.model
    def _stall_days(self):
        value = (
            self.env["ir.config_parameter"]
            .sudo()
            .get_param("provide_coop.stall_days", DEFAULT_STALL_DAYS)
        )
        try:
            return max(int(value), 1)
        except (TypeError, ValueError):
            return DEFAULT_STALL_DAYS

    @api.model
    def _stall_limit(self):
        return fields.Datetime.now() - timedelta(days=self._stall_days())

    @api.depends("last_touch_date", "outcome")
    @api.depends_context("uid")
    def _compute_is_stalled(self):
        now = fields.Datetime.now()
        limit = self._stall_limit()
        for enquiry in self:
            touched = enquiry.last_touch_date or enquiry.create_date or now
            enquiry.days_stalled = max((now - touched).days, 0)
            enquiry.is_stalled = enquiry.outcome == "open" and touched < limit

    def _search_is_stalled(self, operator, value):
        if operator not in ("=", "!=") or not isinstance(value, bool):
            return NotImplemented
        stalled = [
            ("outcome", "=", "open"),
            ("last_touch_date", "<", self._stall_limit()),
        ]
        if (operator == "=") == value:
            return stalled
        return ["!", "&", *stalled]

    def write(self, vals):
        if "stage_id" in vals:
            vals = dict(vals, last_touch_date=fields.Datetime.now())
        return super().write(vals)

    def _message_create(self, values_list):
        messages = super()._message_create(values_list)
        touched = {
            message.res_id
            for message in messages
            if message.model == self._name
            and message.message_type in ("comment", "email")
        }
        self._touch(touched)
        return messages

    @api.model
    def _touch(self, ids):
        """Mark enquiries as touched now, in one statement for the batch and
        without a tracking message of its own."""
        ids = sorted(i for i in ids if i)
        if not ids:
            return
        self.flush_model(["last_touch_date"])
        self.env.cr.execute(
            SQL(
                "UPDATE provide_enquiry SET last_touch_date = %s WHERE id IN %s",
                fields.Datetime.now(),
                tuple(ids),
            )
        )
        self.browse(ids).invalidate_recordset(["last_touch_date"])
