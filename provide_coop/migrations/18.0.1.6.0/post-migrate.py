import logging

from odoo import SUPERUSER_ID, api

_logger = logging.getLogger(__name__)

# The consent channels each statement was recorded through.
CHANNELS = {"web": ["web"], "booking": ["booking"], "staff": ["phone", "email"]}


def _version(value):
    """The former setting's version, free text, as a number: a whole number
    stays itself, anything else starts at 1 (consents keep what they say)."""
    value = (value or "").strip()
    return int(value) if value.isdigit() and int(value) > 0 else 1


def statements_from_settings(env):
    """The consent statements were six settings (a text and a version for
    the public page, bookings and staff), one set for the whole database.
    Every agency gets the three statements with those words and versions;
    the consents that agreed to exactly them are linked to them; the
    settings go."""
    params = env["ir.config_parameter"].sudo()
    Statement = env["provide.consent.statement"]
    Consent = env["provide.consent"].with_context(active_test=False)
    companies = env["res.company"].with_context(active_test=False).search([])
    keys = []
    for purpose, channels in CHANNELS.items():
        text_key = f"provide_coop.{purpose}_consent_text"
        version_key = f"provide_coop.{purpose}_consent_version"
        keys += [text_key, version_key]
        text = params.get_param(text_key)
        raw_version = params.get_param(version_key)
        version = _version(raw_version)
        if raw_version and str(version) != raw_version.strip():
            _logger.warning(
                "Consent statement %s: version %r is not a number, kept as %s "
                "(consents recorded with it keep %r)",
                purpose,
                raw_version,
                version,
                raw_version,
            )
        for company in companies:
            statement = Statement._current(purpose, company)
            # Both given: the words are the former setting's, the version
            # too (no version bump for the move itself).
            statement.write(
                {
                    "text": text or statement.text,
                    "version": max(version, statement.version),
                }
            )
            Consent.search(
                [
                    ("statement_id", "=", False),
                    ("company_id", "=", company.id),
                    ("channel", "in", channels),
                    ("text", "=", statement.text),
                    ("version", "=", str(statement.version)),
                ]
            ).write({"statement_id": statement.id})
    params.search([("key", "in", keys)]).unlink()


def migrate(cr, version):
    """From 18.0.1.5.0 and before."""
    if not version:
        return
    env = api.Environment(cr, SUPERUSER_ID, {})
    statements_from_settings(env)
