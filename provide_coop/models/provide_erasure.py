import re

from markupsafe import escape

from odoo import api, fields, models
from odoo.tools import SQL, date_utils, email_normalize

REMOVED = "[removed]"
RETENTION_MONTHS = 24
# Records anonymised per run of the retention cron: each run is one batch,
# committed by the cron runner, so a stopped run loses nothing and the next
# run carries on where it stopped.
RETENTION_BATCH = 500
FORGOTTEN_NAME = "Forgotten contact"
FORGOTTEN_ATTENDEE = "Forgotten attendee"
# Shorter strings would scrub ordinary words out of the messages.
MIN_IDENTIFIER = 3
# Contact fields that say who someone is or how to reach them; cleared when
# they are forgotten. The contact itself stays (archived), so every record
# that points to it, and every count, stays.
PARTNER_FIELDS_CLEARED = (
    "email",
    "phone",
    "mobile",
    "street",
    "street2",
    "city",
    "zip",
    "website",
    "function",
    "comment",
    "vat",
    "ref",
    "company_name",
)


def _scrub(column, source="v"):
    """SQL that replaces, in `column`, what `source.pattern` matches by
    "[removed]" (the statement passes it as %(removed)s)."""
    return f"regexp_replace({column}, {source}.pattern, %(removed)s, 'gi')"


class ProvideErasure(models.Model):
    """One erasure of personal data: someone asked to be forgotten, or the
    retention period of closed enquiries and old bookings ran out. It says
    who did it, when and how much was anonymised, never whose data it was.

    The model is also the one place that anonymises (`_anonymise`): the
    "Forget this person" wizard and the retention cron both call it. It works
    in set-based statements, a fixed number per batch whatever its size."""

    _name = "provide.erasure"
    _description = "Erasure of personal data"
    _order = "date desc, id desc"
    _rec_name = "date"

    date = fields.Datetime(required=True, readonly=True, default=fields.Datetime.now)
    user_id = fields.Many2one(
        "res.users",
        string="Done By",
        readonly=True,
        ondelete="set null",
        default=lambda self: self.env.user,
    )
    # The agency whose manager (or retention run) did it; only its managers
    # read the log.
    company_id = fields.Many2one(
        "res.company",
        required=True,
        readonly=True,
        index=True,
        default=lambda self: self.env.company,
    )
    reason = fields.Selection(
        [
            ("request", "The person asked to be forgotten"),
            ("retention", "Retention period over"),
        ],
        required=True,
        readonly=True,
    )
    partner_count = fields.Integer(string="Contacts", readonly=True)
    enquiry_count = fields.Integer(string="Enquiries", readonly=True)
    registration_count = fields.Integer(string="Bookings", readonly=True)
    message_count = fields.Integer(string="Messages", readonly=True)

    # ------------------------------------------------------------------
    # Retention
    # ------------------------------------------------------------------

    @api.model
    def _retention_months(self):
        return self.env["provide.enquiry"]._int_param(
            "provide_coop.retention_months", RETENTION_MONTHS
        )

    @api.model
    def _retention_domains(self):
        """What is kept too long: enquiries closed as not proceeding, and
        bookings of past events that led to no enquiry, over the retention
        period and not anonymised yet. None when retention is switched off
        (0 months)."""
        months = self._retention_months()
        if months <= 0:
            return None
        cutoff = date_utils.subtract(fields.Datetime.now(), months=months)
        return (
            [
                ("active", "=", False),
                ("outcome", "=", "lost"),
                ("date_closed", "<", cutoff),
                ("anonymised_date", "=", False),
            ],
            [
                ("event_id.date_end", "<", cutoff),
                ("provide_enquiry_id", "=", False),
                ("provide_anonymised_date", "=", False),
            ],
        )

    @api.model
    def _cron_retention(self, batch_size=RETENTION_BATCH):
        """Anonymise one batch of what is kept too long, forget the contacts
        left with nothing else in the app, and report the progress to the
        cron runner, which runs the next batch straight away while some
        remain. Safe to stop and rerun: what is done is marked anonymised."""
        domains = self._retention_domains()
        Cron = self.env["ir.cron"]
        if not domains:
            Cron._notify_progress(done=0, remaining=0)
            return self.browse()
        enquiry_domain, registration_domain = domains
        env = self.env(su=True, context={"active_test": False})
        enquiries = env["provide.enquiry"].search(
            enquiry_domain, limit=batch_size, order="id"
        )
        registrations = env["event.registration"].search(
            registration_domain, limit=batch_size - len(enquiries), order="id"
        )
        if not (enquiries or registrations):
            Cron._notify_progress(done=0, remaining=0)
            return self.browse()
        partners = self._partners_left_with_nothing(
            enquiries.partner_id | registrations.partner_id, enquiries, registrations
        )
        erasure = self._anonymise(
            partners=partners,
            enquiries=enquiries,
            registrations=registrations,
            reason="retention",
            user_id=False,
        )
        remaining = env["provide.enquiry"].search_count(enquiry_domain) + env[
            "event.registration"
        ].search_count(registration_domain)
        Cron._notify_progress(
            done=len(enquiries) + len(registrations), remaining=remaining
        )
        return erasure

    @api.model
    def _partners_left_with_nothing(self, partners, enquiries, registrations):
        """The people among `partners` that the app holds for nothing but
        `enquiries` and `registrations`: no other enquiry or booking still
        kept, not a user, an organisation, a local authority, a co-op or a
        support team member. One query."""
        if not partners:
            return partners
        self.env.flush_all()
        self.env.cr.execute(
            SQL(
                """SELECT p.id FROM res_partner p
                    WHERE p.id IN %(partners)s
                      AND p.is_company IS NOT TRUE
                      AND p.is_local_authority IS NOT TRUE
                      AND p.is_coop IS NOT TRUE
                      AND NOT EXISTS (SELECT 1 FROM res_users u
                                       WHERE u.partner_id = p.id)
                      AND NOT EXISTS (SELECT 1 FROM res_partner c
                                       WHERE c.parent_id = p.id)
                      AND NOT EXISTS (SELECT 1 FROM provide_support_member s
                                       WHERE s.partner_id = p.id)
                      AND NOT EXISTS (SELECT 1 FROM provide_enquiry e
                                       WHERE e.partner_id = p.id
                                         AND e.anonymised_date IS NULL
                                         AND e.id NOT IN %(enquiries)s)
                      AND NOT EXISTS (SELECT 1 FROM event_registration r
                                       WHERE r.partner_id = p.id
                                         AND r.provide_anonymised_date IS NULL
                                         AND r.id NOT IN %(registrations)s)""",
                partners=tuple(partners.ids),
                enquiries=tuple(enquiries.ids) or (0,),
                registrations=tuple(registrations.ids) or (0,),
            )
        )
        return partners.browse([row[0] for row in self.env.cr.fetchall()])

    # ------------------------------------------------------------------
    # The engine
    # ------------------------------------------------------------------

    @api.model
    def _anonymise(self, partners=None, enquiries=None, registrations=None, **log):
        """Anonymise `enquiries` (the enquirer's name, e-mail and phone),
        `registrations` (the attendee's) and forget `partners` (the contact's
        details, the bodies of the messages they wrote, their followings; their
        addresses go on the blacklist as keyed hashes). Wherever these records'
        messages, tracking, e-mails and activities name them, the name, the
        address and the phone become "[removed]". Nothing is deleted but the
        person's attachments and the plain blacklist entries, so counts stay.

        Returns the erasure log line (its `log` values: reason)."""
        env = self.env(su=True)
        env = env(
            context=dict(
                env.context,
                active_test=False,
                tracking_disable=True,
                mail_notrack=True,
                mail_create_nolog=True,
            )
        )
        eraser = self.with_env(env)
        partners = (partners or env["res.partner"]).with_env(env)
        enquiries = (enquiries or env["provide.enquiry"]).with_env(env)
        registrations = (registrations or env["event.registration"]).with_env(env)
        env.flush_all()

        targets = eraser._anonymise_targets(partners, enquiries, registrations)
        patterns = {
            key: pattern
            for key, words in targets.items()
            if (pattern := self._pattern(words))
        }
        now = fields.Datetime.now()
        eraser._anonymise_enquiries(enquiries, patterns, now)
        eraser._anonymise_registrations(registrations, patterns, now)
        message_count = eraser._scrub_history(patterns)
        env.invalidate_all()
        if partners:
            emails = {
                email_normalize(word)
                for words in targets.values()
                for word in words
                if word and "@" in word
            } - {False, None}
            message_count += eraser._forget_partners(partners, emails)
        env.invalidate_all()
        return self.create(
            dict(
                log,
                partner_count=len(partners),
                enquiry_count=len(enquiries),
                registration_count=len(registrations),
                message_count=message_count,
            )
        )

    @api.model
    def _anonymise_targets(self, partners, enquiries, registrations):
        """Who is named where: {(model, id): identifiers} for each record,
        its own and those of its contact when the contact is forgotten. Each
        record is scrubbed of its own person only, so a batch of any size
        costs the same statements and each pattern stays short."""
        cr = self.env.cr
        partner_words = {}
        if partners:
            cr.execute(
                SQL(
                    """SELECT id, name, email, phone, mobile FROM res_partner
                        WHERE id IN %s""",
                    tuple(partners.ids),
                )
            )
            partner_words = {row[0]: row[1:] for row in cr.fetchall()}
        targets = {}
        for records, query in (
            (
                enquiries,
                """SELECT id, partner_id, contact_name, email_from, phone
                     FROM provide_enquiry WHERE id IN %s""",
            ),
            (
                registrations,
                """SELECT id, partner_id, name, email, phone
                     FROM event_registration WHERE id IN %s""",
            ),
        ):
            if not records:
                continue
            cr.execute(SQL(query, tuple(records.ids)))
            for row_id, partner_id, *words in cr.fetchall():
                targets[(records._name, row_id)] = words + list(
                    partner_words.get(partner_id, ())
                )
        for partner_id, words in partner_words.items():
            targets[("res.partner", partner_id)] = list(words)
        return targets

    @api.model
    def _anonymise_enquiries(self, enquiries, patterns, now):
        """The enquirer's details go; the enquiry's title and description
        keep their text but not the enquirer's name, address or phone."""
        if not enquiries:
            return
        self.env.cr.execute(
            SQL(
                f"""UPDATE provide_enquiry e
                       SET contact_name = %(name)s, email_from = NULL,
                           email_normalized = NULL, phone = NULL,
                           phone_sanitized = NULL, anonymised_date = %(now)s,
                           name = {_scrub("e.name")},
                           service_description = {_scrub("e.service_description")}
                      FROM (VALUES %(values)s) AS v(id, pattern)
                     WHERE e.id = v.id""",
                name=FORGOTTEN_NAME,
                now=now,
                removed=REMOVED,
                values=self._values(patterns, "provide.enquiry", enquiries.ids),
            )
        )

    @api.model
    def _anonymise_registrations(self, registrations, patterns, now):
        """The attendee's details go; their co-op idea keeps its text but
        not their name, address or phone."""
        if not registrations:
            return
        self.env.cr.execute(
            SQL(
                f"""UPDATE event_registration r
                       SET name = %(name)s, email = NULL, phone = NULL,
                           provide_email_normalized = NULL,
                           provide_anonymised_date = %(now)s,
                           provide_idea = {_scrub("r.provide_idea")}
                      FROM (VALUES %(values)s) AS v(id, pattern)
                     WHERE r.id = v.id""",
                name=FORGOTTEN_ATTENDEE,
                now=now,
                removed=REMOVED,
                values=self._values(patterns, "event.registration", registrations.ids),
            )
        )

    @api.model
    def _scrub_history(self, patterns):
        """What the app wrote about them on these records: messages (and
        their e-mails and tracking lines) and activities, in one statement;
        the files that name them are deleted. Returns the number of
        messages scrubbed."""
        if not patterns:
            return 0
        values = SQL(", ").join(
            SQL("(%s, %s, %s)", model, res_id, pattern)
            for (model, res_id), pattern in patterns.items()
        )
        self.env.cr.execute(
            SQL(
                f"""WITH v(model, res_id, pattern) AS (VALUES %(values)s),
                m AS (
                    UPDATE mail_message m
                       SET body = {_scrub("m.body")},
                           subject = {_scrub("m.subject")},
                           record_name = {_scrub("m.record_name")},
                           email_from = {_scrub("m.email_from")}
                      FROM v
                     WHERE m.model = v.model AND m.res_id = v.res_id
                 RETURNING m.id, v.pattern
                ),
                t AS (
                    UPDATE mail_tracking_value t
                       SET old_value_char = {_scrub("t.old_value_char", "m")},
                           new_value_char = {_scrub("t.new_value_char", "m")},
                           old_value_text = {_scrub("t.old_value_text", "m")},
                           new_value_text = {_scrub("t.new_value_text", "m")}
                      FROM m WHERE t.mail_message_id = m.id
                ),
                mm AS (
                    UPDATE mail_mail mm
                       SET body_html = {_scrub("mm.body_html", "m")},
                           email_to = {_scrub("mm.email_to", "m")},
                           email_cc = {_scrub("mm.email_cc", "m")}
                      FROM m WHERE mm.mail_message_id = m.id
                ),
                a AS (
                    UPDATE mail_activity a
                       SET summary = {_scrub("a.summary")},
                           note = {_scrub("a.note")},
                           res_name = {_scrub("a.res_name")}
                      FROM v
                     WHERE a.res_model = v.model AND a.res_id = v.res_id
                )
                SELECT COUNT(*) FROM m""",
                values=values,
                removed=REMOVED,
            )
        )
        message_count = self.env.cr.fetchone()[0]
        self._delete_named_attachments(values)
        return message_count

    @api.model
    def _delete_named_attachments(self, values):
        """Delete the files that name them (event tickets mailed to them,
        say), attached to these records or to their messages; `values` are
        the (model, res_id, pattern) rows of `_scrub_history`."""
        self.env.cr.execute(
            SQL(
                """WITH v(model, res_id, pattern) AS (VALUES %(values)s),
                c(id, pattern) AS (
                    SELECT a.id, v.pattern FROM v JOIN ir_attachment a
                        ON a.res_model = v.model AND a.res_id = v.res_id
                    UNION ALL
                    SELECT r.attachment_id, v.pattern FROM v
                      JOIN mail_message m
                        ON m.model = v.model AND m.res_id = v.res_id
                      JOIN message_attachment_rel r ON r.message_id = m.id
                )
                SELECT DISTINCT a.id FROM c JOIN ir_attachment a ON a.id = c.id
                 WHERE a.name ~* c.pattern OR a.description ~* c.pattern
                    OR a.index_content ~* c.pattern""",
                values=values,
            )
        )
        attachment_ids = [row[0] for row in self.env.cr.fetchall()]
        self.env["ir.attachment"].browse(attachment_ids).unlink()

    @api.model
    def _forget_partners(self, partners, emails):
        """The people forgotten: the bodies of the messages they wrote
        anywhere, their attachments and followings, their details, their
        web submissions; `emails` go on the blacklist as hashes. Returns the
        number of messages emptied."""
        env = self.env
        env.cr.execute(
            SQL(
                """WITH m AS (
                    UPDATE mail_message
                       SET body = %(body)s, subject = NULL, email_from = NULL,
                           reply_to = NULL
                     WHERE author_id IN %(ids)s
                 RETURNING id
                ), mm AS (
                    UPDATE mail_mail SET body_html = %(body)s, email_to = NULL
                      FROM m WHERE mail_message_id = m.id
                ), f AS (
                    DELETE FROM mail_followers WHERE partner_id IN %(ids)s
                )
                SELECT COUNT(*) FROM m""",
                body=f"<p>{REMOVED}</p>",
                ids=tuple(partners.ids),
            )
        )
        message_count = env.cr.fetchone()[0]
        env.invalidate_all()
        # Their files, their picture included (stored as attachments of
        # the image fields: deleting them clears the picture without a
        # search per contact and size).
        attachments = env["ir.attachment"].search(
            [
                ("res_model", "=", "res.partner"),
                ("res_id", "in", partners.ids),
                "|",
                ("res_field", "=", False),
                ("res_field", "!=", False),
            ]
        )
        attachments |= (
            env["mail.message"]
            .search([("author_id", "in", partners.ids)])
            .attachment_ids
        )
        attachments.unlink()
        vals = dict.fromkeys(PARTNER_FIELDS_CLEARED, False)
        partners.write(dict(vals, name=FORGOTTEN_NAME, active=False))
        env["provide.web.submission"].search(
            [("email_normalized", "in", list(emails))]
        ).unlink()
        self._blacklist_hashed(env, emails)
        return message_count

    @api.model
    def _blacklist_hashed(self, env, emails):
        """Replace the plain blacklist entries of `emails` (their history
        with them) by keyed hashes: the app never writes to them again and
        nobody can read them back."""
        if not emails:
            return
        Consent = env["provide.consent"]
        env["mail.blacklist"].browse(list(Consent._blacklist_entries(emails))).unlink()
        # One insert for the batch; an address forgotten before (its hash
        # already there) stays, switched back on if it was switched off.
        env.cr.execute(
            SQL(
                """INSERT INTO mail_blacklist
                          (email, active, create_uid, write_uid, create_date,
                           write_date)
                   SELECT email, TRUE, %(uid)s, %(uid)s, %(now)s, %(now)s
                     FROM unnest(%(emails)s::varchar[]) AS email
              ON CONFLICT (email) DO UPDATE SET active = TRUE""",
                uid=env.uid,
                now=fields.Datetime.now(),
                emails=sorted(Consent._forgotten_address(email) for email in emails),
            )
        )
        env["mail.blacklist"].invalidate_model()

    @api.model
    def _pattern(self, words):
        """A case-insensitive PostgreSQL regular expression matching any of
        `words`, as typed or HTML-escaped, as whole words; None when none is
        long enough."""
        variants = set()
        for word in words:
            word = (word or "").strip()
            if len(word) >= MIN_IDENTIFIER:
                variants |= {word, str(escape(word))}
        if not variants:
            return None
        # Whole words and tokens only: "Tom" is not the start of "Tomlinson"
        # nor the end of "custom" (no letter, digit or underscore around).
        alternatives = "|".join(
            re.escape(v) for v in sorted(variants, key=len, reverse=True)
        )
        return f"(?<![[:alnum:]_])(?:{alternatives})(?![[:alnum:]_])"

    @api.model
    def _values(self, patterns, model, ids):
        # A record with nothing long enough to look for gets a pattern that
        # matches nothing, so its own fields are still cleared.
        return SQL(", ").join(
            SQL("(%s, %s)", res_id, patterns.get((model, res_id)) or "$.^")
            for res_id in ids
        )
