import json
import logging
import re
import secrets
import time
import unicodedata

from odoo import http
from odoo.exceptions import UserError, ValidationError
from odoo.http import content_disposition, request
from odoo.tools import email_normalize
from odoo.tools.misc import hash_sign, verify_hash_signed

_logger = logging.getLogger(__name__)

TOKEN_SCOPE = "provide_coop.web_enquiry"
# An address a reply can reach: a domain with an ending ("example.org", not
# "example"), which Odoo's own check lets through.
REPLY_ADDRESS_RE = re.compile(r"[^@\s]+@[^@\s.]+(\.[^@\s.]+)*\.[^@\s.\d]{2,}")
# Longest accepted value of each field: over it, the form says so rather than
# cutting what someone wrote.
MAX_LENGTHS = {
    "name": 200,
    "email": 254,
    "phone": 50,
    "organisation": 200,
    "enquirer_type": 50,
    "service": 5000,
    "sector_id": 20,
    "authority": 200,
    "workforce": 7,
    "utm_campaign": 100,
    "utm_source": 100,
    "utm_medium": 100,
}
MULTILINE_FIELDS = {"service"}
UTM_FIELDS = ("utm_campaign", "utm_source", "utm_medium")
# Hidden from people (off screen, skipped by keyboard and screen readers) and
# left empty by them; robots that fill every field fill it in.
HONEYPOT = "homepage"
SESSION_KEY = "provide_web_enquiry_id"
# The forms this session was shown and has not sent yet: each form carries
# one of these nonces in its signed token, and sending it uses the nonce up,
# so a token works once, from the session it was shown to.
NONCE_KEY = "provide_web_enquiry_nonces"
# Forms open at once in one session (tabs); older ones then need a reload.
MAX_OPEN_FORMS = 10
# Invisible characters that change how a name reads without showing: the
# bidirectional embeddings, overrides and isolates (a name that displays
# backwards) and the zero-width ones (two names that look the same).
INVISIBLE_FORMATTING = frozenset(
    "\u202a\u202b\u202c\u202d\u202e"
    "\u2066\u2067\u2068\u2069"
    "\u200b\u200c\u200d\u2060\ufeff"
)


def _bad_characters(value, multiline):
    """Control characters (NUL and the like) cannot be stored and have no
    place in a name or an address; line breaks are fine in a description."""
    allowed = {"\n", "\r", "\t"} if multiline else set()
    return any(
        unicodedata.category(char) in ("Cc", "Cs") and char not in allowed
        for char in value
    )


def _invisible_formatting(value):
    return any(char in INVISIBLE_FORMATTING for char in value)


class ProvideEnquiryPage(http.Controller):
    """The public enquiry page: anyone can tell the agency about a public
    service a co-op could run, without an account. Works with the plain
    frontend layout and, when the Website app is installed, in the site's
    layout (the template calls `web.frontend_layout`, which Website extends)."""

    @http.route(
        "/coop/enquiry",
        type="http",
        auth="public",
        methods=["GET", "POST"],
        website=True,
        sitemap=False,
        # Checked in `_check_form` instead, so that an expired session shows
        # the form again with what was typed rather than Odoo's error page.
        csrf=False,
    )
    def enquiry_page(self, **params):
        if request.httprequest.method == "GET":
            return self._render(self._initial_values(params))
        return self._submit(params)

    @http.route(
        "/coop/enquiry/thanks",
        type="http",
        auth="public",
        methods=["GET"],
        website=True,
        sitemap=False,
    )
    def enquiry_thanks(self, **params):
        # Only the session that sent the enquiry sees what it sent.
        enquiry = (
            request.env["provide.enquiry"]
            .sudo()
            .browse(request.session.get(SESSION_KEY))
            .exists()
        )
        if not enquiry:
            return request.redirect("/coop/enquiry", code=303)
        return request.render(
            "provide_coop.provide_web_enquiry_thanks", {"enquiry": enquiry}
        )

    # ------------------------------------------------------------------
    # Showing the form
    # ------------------------------------------------------------------

    def _initial_values(self, params):
        """The form as a link opens it: a sector picked by id or name
        (`?sector=3`, `?sector=Housing`) and the campaign the visitor came from."""
        values = {}
        sector = self._find_sector(params.get("sector"))
        if sector:
            values["sector_id"] = str(sector.id)
        for key in UTM_FIELDS:
            value = params.get(key) or request.httprequest.cookies.get(f"odoo_{key}")
            if isinstance(value, str) and len(value) <= MAX_LENGTHS[key]:
                if not _bad_characters(value, False):
                    values[key] = value
        return values

    def _find_sector(self, value):
        if not isinstance(value, str) or not value.strip() or len(value) > 200:
            return None
        Sector = request.env["provide.sector"].sudo()
        if value.strip().isdigit() and len(value.strip()) < 10:
            sector = Sector.browse(int(value)).exists()
            if sector.active:
                return sector
        return Sector.search([("name", "=ilike", value.strip())], limit=1) or None

    def _render(self, values, errors=None, status=200):
        Enquiry = request.env["provide.enquiry"].sudo()
        statement = Enquiry._web_consent_statement()
        errors = errors or {}
        return request.render(
            "provide_coop.provide_web_enquiry_page",
            {
                "values": values,
                "errors": errors,
                # Fields in the order of the form, so the summary and the
                # focus follow it.
                "error_list": [
                    (field, errors[field])
                    for field in self._field_order()
                    if field in errors
                ],
                "first_error": next(
                    (field for field in self._field_order() if field in errors), None
                ),
                "field_labels": self._field_labels(),
                "max_lengths": MAX_LENGTHS,
                "consent_statement": statement.text,
                "consent_version": statement.version,
                "roles": Enquiry._fields["enquirer_type"]._description_selection(
                    request.env
                ),
                "sectors": request.env["provide.sector"].sudo().search([]),
                "form_token": hash_sign(
                    request.env(su=True),
                    TOKEN_SCOPE,
                    {"t": int(time.time()), "n": self._new_form_nonce()},
                    expiration_hours=24,
                ),
                "honeypot": HONEYPOT,
            },
            status=status,
        )

    def _field_order(self):
        return [
            "form",
            "name",
            "email",
            "phone",
            "organisation",
            "enquirer_type",
            "service",
            "sector_id",
            "authority",
            "workforce",
            "consent",
        ]

    def _field_labels(self):
        _ = request.env._
        return {
            "name": _("Your name"),
            "email": _("Your e-mail"),
            "phone": _("Phone (optional)"),
            "organisation": _("Your organisation"),
            "enquirer_type": _("You are"),
            "service": _("The service a co-op could run"),
            "sector_id": _("Sector"),
            "authority": _("The council or body that runs it today"),
            "workforce": _("Roughly how many people deliver it"),
            "consent": _("Consent"),
            "utm_campaign": _("Campaign"),
            "utm_source": _("Source"),
            "utm_medium": _("Medium"),
        }

    # ------------------------------------------------------------------
    # Receiving it
    # ------------------------------------------------------------------

    def _submit(self, params):
        values, errors = self._read_form(params)
        status = 400
        if not errors:
            errors, status = self._check_form(params, values)
        if errors:
            return self._render(values, errors, status=status)
        Enquiry = request.env["provide.enquiry"].sudo()
        statement = Enquiry._web_consent_statement()
        try:
            with request.env.cr.savepoint():
                enquiry = Enquiry._web_intake_create(
                    values, statement, self._client_address()
                )
        except (UserError, ValidationError) as error:
            return self._render(values, {"form": str(error)}, status=400)
        request.session[SESSION_KEY] = enquiry.id
        return request.redirect("/coop/enquiry/thanks", code=303)

    def _read_form(self, params):
        """The posted values as text, each within its length and free of
        characters that cannot be stored; what is missing or wrong, by field.
        Nothing is cut or cleaned but the spaces around a value."""
        values, errors = self._read_texts(params)
        # The campaign comes from the link, not the visitor: one we cannot
        # keep is dropped rather than held against them.
        for field in UTM_FIELDS:
            if errors.pop(field, None):
                values[field] = ""
        values["consent"] = params.get("consent") == "on"
        self._check_answers(values, errors)
        return values, errors

    def _read_texts(self, params):
        """Each text field of the form, stripped, and an error for one that
        is not text, too long, or holds control characters or (outside the
        multi-line fields) invisible formatting."""
        _ = request.env._
        labels = self._field_labels()
        values, errors = {}, {}
        for field, max_length in MAX_LENGTHS.items():
            value = params.get(field, "")
            if not isinstance(value, str):
                errors[field] = _("%(field)s must be text.", field=labels[field])
                continue
            value = value.strip()
            values[field] = value
            if len(value) > max_length:
                errors[field] = _(
                    "%(field)s is too long: %(length)s characters, at most "
                    "%(max)s please.",
                    field=labels[field],
                    length=len(value),
                    max=max_length,
                )
            elif _bad_characters(value, field in MULTILINE_FIELDS):
                errors[field] = _(
                    "%(field)s contains control characters that cannot be kept; "
                    "please type it again.",
                    field=labels[field],
                )
            elif field not in MULTILINE_FIELDS and _invisible_formatting(value):
                errors[field] = _(
                    "%(field)s contains invisible formatting characters (such as "
                    "right-to-left marks or zero-width spaces) that change how it "
                    "reads; please type it again without them.",
                    field=labels[field],
                )
        return values, errors

    def _check_answers(self, values, errors):
        """Add to `errors` what is missing, or is not one of the choices
        offered, among the fields read without error."""
        _ = request.env._
        for field, message in (
            ("name", _("Please give your name.")),
            ("email", _("Please give an e-mail address we can reply to.")),
            ("service", _("Please tell us about the service a co-op could run.")),
        ):
            if field not in errors and not values[field]:
                errors[field] = message
        if "email" not in errors and values["email"]:
            if not REPLY_ADDRESS_RE.fullmatch(email_normalize(values["email"]) or ""):
                errors["email"] = _(
                    "“%(email)s” is not an e-mail address we can reply to "
                    "(it should look like name@example.org).",
                    email=values["email"],
                )
        if "enquirer_type" not in errors and values["enquirer_type"]:
            roles = dict(
                request.env["provide.enquiry"]._fields["enquirer_type"].selection
            )
            if values["enquirer_type"] not in roles:
                errors["enquirer_type"] = _("Please pick one of the roles listed.")
        if "sector_id" not in errors and values["sector_id"]:
            sector = values["sector_id"].isdigit() and self._find_sector(
                values["sector_id"]
            )
            if not sector or str(sector.id) != values["sector_id"]:
                errors["sector_id"] = _("Please pick one of the sectors listed.")
        if "workforce" not in errors and values["workforce"]:
            if not re.fullmatch(r"[0-9]{1,7}", values["workforce"]):
                errors["workforce"] = _(
                    "Please give the number of people as a whole number, " "such as 12."
                )
        if not values["consent"]:
            errors["consent"] = _(
                "Please tick the consent box: we cannot keep your details "
                "without it."
            )

    def _check_form(self, params, values):
        """The checks against robots and floods, once the form itself is in
        order: the session's CSRF token, the empty honeypot, the time it took
        to fill in and the rate limit."""
        _ = request.env._
        token = params.get("csrf_token")
        if not isinstance(token, str) or not request.validate_csrf(token):
            return {
                "form": _(
                    "This page was open too long or your session changed, so we "
                    "could not accept it safely. Your answers are below: please "
                    "send them again."
                )
            }, 400
        if params.get(HONEYPOT):
            return {
                "form": _(
                    "The field “Leave this field empty” was filled in, as robots "
                    "do. Please empty it and send the form again."
                )
            }, 400
        Enquiry = request.env["provide.enquiry"].sudo()
        settings = Enquiry._web_intake_settings()
        started = self._form_started(params.get("form_token"))
        if started is None:
            return {
                "form": _(
                    "This form was not opened from our page, was opened too long "
                    "ago or was already sent. Your answers are below: please send "
                    "them again."
                )
            }, 400
        if time.time() - started < settings["min_seconds"]:
            return {
                "form": _(
                    "That was quicker than anyone can fill in the form. Please check "
                    "your answers below and send them again."
                )
            }, 400
        over = (
            request.env["provide.web.submission"]
            .sudo()
            ._over_limit(
                self._client_address(),
                email_normalize(values["email"]),
                settings["rate_limit"],
            )
        )
        if over:
            return {
                "form": _(
                    "We have received several enquiries from you in the last hour. "
                    "Please wait a while before sending another, or e-mail us."
                )
            }, 429
        return {}, 200

    def _new_form_nonce(self):
        """A nonce for a form shown to this session, remembered in it."""
        nonce = secrets.token_urlsafe(16)
        nonces = list(request.session.get(NONCE_KEY) or [])
        request.session[NONCE_KEY] = [*nonces, nonce][-MAX_OPEN_FORMS:]
        return nonce

    def _form_started(self, form_token):
        """When the form was shown, from the signed timestamp it carries;
        None for a token that is not ours, not shown to this session, or
        already used. A token is used up here, whatever happens next."""
        if not isinstance(form_token, str) or len(form_token) > 200:
            return None
        try:
            payload = verify_hash_signed(request.env(su=True), TOKEN_SCOPE, form_token)
        except ValueError:  # not base64, not JSON, not one of ours
            return None
        if not isinstance(payload, dict) or not isinstance(payload.get("t"), int):
            return None
        nonces = list(request.session.get(NONCE_KEY) or [])
        if not isinstance(payload.get("n"), str) or payload["n"] not in nonces:
            return None
        nonces.remove(payload["n"])
        request.session[NONCE_KEY] = nonces
        return payload["t"]

    def _client_address(self):
        return request.httprequest.remote_addr or ""


class ProvideConsentPage(http.Controller):
    """Withdrawing consent from the link in our e-mails, without an account.
    The link carries a signed token naming the consent; opening it asks for
    a click (a mail scanner following links withdraws nothing), the click
    withdraws it."""

    @http.route(
        "/coop/consent/withdraw",
        type="http",
        auth="public",
        methods=["GET", "POST"],
        website=True,
        sitemap=False,
    )
    def consent_withdraw(self, token=None, **_post):
        consent = request.env["provide.consent"].sudo()._from_token(token)
        if not consent:
            return request.render(
                "provide_coop.provide_consent_withdraw_invalid", {}, status=404
            )
        withdrawn = bool(consent.withdrawn_date)
        if request.httprequest.method == "POST" and not withdrawn:
            consent._withdraw("link")
            withdrawn = True
        return request.render(
            "provide_coop.provide_consent_withdraw_page",
            {
                "token": token,
                "withdrawn": withdrawn,
                "company": consent.enquiry_id.company_id
                or consent.registration_id.event_id.company_id
                or request.env.company,
            },
        )


class ProvidePersonalDataExport(http.Controller):
    """A subject access request answered: the JSON file of everything the
    app holds on a contact, for managers."""

    @http.route(
        "/coop/personal-data/<int:partner_id>.json",
        type="http",
        auth="user",
        methods=["GET"],
    )
    def personal_data_json(self, partner_id, **_kwargs):
        if not request.env.user.has_group("provide_coop.group_provide_manager"):
            raise request.not_found()
        partner = request.env["res.partner"].browse(partner_id).exists()
        if not partner:
            raise request.not_found()
        # A co-op manager who may read this contact (AccessError otherwise).
        partner._provide_check_personal_data_access()
        data = partner._provide_personal_data()
        partner._provide_log_personal_data_export("JSON")
        body = json.dumps(data, indent=2, ensure_ascii=False, default=str)
        return request.make_response(
            body,
            headers=[
                ("Content-Type", "application/json; charset=utf-8"),
                (
                    "Content-Disposition",
                    content_disposition(f"personal-data-{partner.id}.json"),
                ),
            ],
        )
