from datetime import timedelta

from odoo import api, fields, models
from odoo.tools import SQL

# How far back the rate limit counts. Submissions are transient records kept
# as long: Odoo's daily auto-vacuum deletes older ones whatever happens, so
# network addresses are never kept much beyond a day.
RATE_WINDOW = timedelta(hours=1)


class ProvideWebSubmission(models.TransientModel):
    """One attempt to send an enquiry from the public page, kept for an hour
    so that one address or one e-mail cannot flood the pipeline."""

    _name = "provide.web.submission"
    _description = "Public enquiry page submission"
    _order = "date desc, id desc"
    _transient_max_hours = RATE_WINDOW.total_seconds() / 3600
    _transient_max_count = 0

    ip_address = fields.Char(index=True)
    email_normalized = fields.Char(index=True)
    date = fields.Datetime(required=True, index=True, default=fields.Datetime.now)
    # The agency whose page received it: only its managers read it.
    company_id = fields.Many2one(
        "res.company",
        required=True,
        index=True,
        default=lambda self: self.env.company,
        ondelete="cascade",
    )

    @api.model
    def _over_limit(self, ip_address, email_normalized, limit):
        """Whether this address or this e-mail already sent `limit` enquiries
        in the last hour.

        Posts from one address or one e-mail are taken one at a time: a lock
        per address and per e-mail, held until the request that takes it
        commits or rolls back (the submission is inserted in that same
        transaction). Odoo's requests read a snapshot taken at their first
        statement, before the lock, so the submissions are counted through a
        cursor opened once the lock is held: it sees every post committed
        before, and a burst of parallel posts stores no more than `limit`."""
        if limit <= 0:
            return False
        checks = [
            (field, value)
            for field, value in (
                ("ip_address", ip_address),
                ("email_normalized", email_normalized),
            )
            if value
        ]
        # Always taken in the same order, so two posts never deadlock.
        keys = sorted(f"provide_coop.web:{field}:{value}" for field, value in checks)
        for key in keys:
            self.env.cr.execute(
                SQL("SELECT pg_advisory_xact_lock(hashtextextended(%s, 0))", key)
            )
        since = fields.Datetime.now() - RATE_WINDOW
        with self.env.registry.cursor() as cr:
            for field, value in checks:
                cr.execute(
                    SQL(
                        "SELECT COUNT(*) FROM %s WHERE %s = %s AND date >= %s",
                        SQL.identifier(self._table),
                        SQL.identifier(field),
                        value,
                        since,
                    )
                )
                if cr.fetchone()[0] >= limit:
                    return True
        return False
