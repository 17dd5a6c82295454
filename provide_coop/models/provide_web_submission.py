from datetime import timedelta

from odoo import api, fields, models

# Rows older than this are of no use to the rate limit and are deleted as new
# submissions are checked, so the table stays small without a cron.
RATE_WINDOW = timedelta(hours=1)


class ProvideWebSubmission(models.Model):
    """One attempt to send an enquiry from the public page, kept for an hour
    so that one address or one e-mail cannot flood the pipeline."""

    _name = "provide.web.submission"
    _description = "Public enquiry page submission"
    _order = "date desc, id desc"
    _log_access = False

    ip_address = fields.Char(index=True)
    email_normalized = fields.Char(index=True)
    date = fields.Datetime(required=True, index=True, default=fields.Datetime.now)

    @api.model
    def _over_limit(self, ip_address, email_normalized, limit):
        """Whether this address or this e-mail already sent `limit` enquiries
        in the last hour. Forgets older submissions on the way."""
        since = fields.Datetime.now() - RATE_WINDOW
        self.search([("date", "<", since)]).unlink()
        if limit <= 0:
            return False
        for field, value in (
            ("ip_address", ip_address),
            ("email_normalized", email_normalized),
        ):
            if value and self.search_count([(field, "=", value)], limit=limit) >= limit:
                return True
        return False
