import logging
import os
import random
from collections import Counter

from odoo.tests import tagged

from .common_web import WebIntakeCase

_logger = logging.getLogger(__name__)

FIELDS = [
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
HOSTILE = [
    "'; DROP TABLE provide_enquiry; --",
    "' OR '1'='1",
    "<script>alert('x')</script>",
    '"><img src=x onerror=alert(1)>',
    "{{ 7*7 }} ${7*7} %s %(name)s",
    "Zoë Ærøskøbing — «co-op» 協同組合 🚌",
    "\u202eevil\u202c",
    "a\u0301\u0302\u0303",
    "NUL\x00byte",
    "bell\x07\x1b[31m",
    "line\nbreak",
    "\r\n\t",
    "   ",
    "-1",
    "0",
    "99999999",
    "1e9",
    "3.5",
    "null",
    "[]",
    "{}",
    "@",
    "a@b",
    "x@example.org, y@example.org",
    "Name <name@example.org>",
]


@tagged("post_install", "-at_install")
class TestWebIntakeFuzz(WebIntakeCase):
    """Random and hostile posts against the public page: it never fails with a
    server error, never leaves a contact or an enquiry half made, and keeps
    exactly what was sent, shown escaped. FUZZ_POSTS sets the number of posts
    (300 in the test suite, more with `make fuzz`)."""

    def random_value(self, rng):
        kind = rng.random()
        if kind < 0.35:
            return rng.choice(HOSTILE)
        if kind < 0.5:
            return rng.choice("ab<&'\"\x00\n é😀") * rng.choice(
                [199, 201, 4999, 5001, 60000]
            )
        if kind < 0.8:
            alphabet = [chr(rng.randrange(0x20, 0x2FFF)) for _i in range(40)] + list(
                " <>&'\"\n"
            )
            return "".join(rng.choice(alphabet) for _i in range(rng.randrange(0, 120)))
        return (
            "".join(chr(rng.randrange(0, 0x110000 - 0x800)) for _i in range(8))
            .encode("utf-8", "ignore")
            .decode("utf-8", "ignore")
        )

    def random_post(self, rng, tokens, index):
        form = self.valid_form(email=f"fuzz{index % 50}@example.org")
        for field in rng.sample(FIELDS, rng.choice([0, 0, 1, 1, 2, 3, 5])):
            if rng.random() < 0.2:
                del form[field]
            else:
                form[field] = self.random_value(rng)
        data = list(dict(tokens, **form).items())
        if rng.random() < 0.1:
            data.append((rng.choice(FIELDS), self.random_value(rng)))  # repeated field
        if rng.random() < 0.05:
            data = [item for item in data if item[0] != "csrf_token"]
        if rng.random() < 0.05:
            data.append(("homepage", "spam"))
        files = None
        if rng.random() < 0.05:
            files = {rng.choice(FIELDS): ("x.bin", os.urandom(64))}
        return form, data, files

    def test_random_and_hostile_posts(self):
        posts = int(os.environ.get("FUZZ_POSTS", "300"))
        rng = random.Random(20101)
        tokens = self.open_form()[1]
        url = self.base_url() + "/coop/enquiry"
        statuses, accepted = Counter(), 0
        Enquiry = self.env["provide.enquiry"]
        last_id = first_id = Enquiry.search([], order="id desc", limit=1).id or 0
        for index in range(posts):
            if rng.random() < 0.08:
                method = rng.choice(["GET", "PUT", "DELETE", "PATCH"])
                response = self.opener.request(method, url, timeout=30)
                statuses[response.status_code] += 1
                self.assertNotEqual(response.status_code, 500, method)
                continue
            form, data, files = self.random_post(rng, tokens, index)
            before = self.counts()
            response = self.opener.post(
                url, data=data, files=files, allow_redirects=False, timeout=60
            )
            statuses[response.status_code] += 1
            # A form token works once: the next post uses the one of the
            # form shown again, or of a form opened anew.
            tokens = self.tokens_of(response) or self.open_form()[1]
            self.assertLess(response.status_code, 500, (index, data))
            if response.status_code != 303:
                self.assertEqual(self.counts(), before, (index, data))
                continue
            accepted += 1
            enquiries = Enquiry.search([("id", ">", last_id)])
            self.assertEqual(len(enquiries), 1, (index, data))
            last_id = enquiries.id
            first_sent = {}
            for key, value in data:
                first_sent.setdefault(key, value)
            self.assertStoredAsSent(enquiries, first_sent)
            if "<" in first_sent["service"]:
                thanks = self.url_open("/coop/enquiry/thanks")
                self.assertEqual(thanks.status_code, 200)
                self.assertNotIn(first_sent["service"].strip(), thanks.text)
                self.assertNotIn("<script>alert", thanks.text)
        created = Enquiry.search([("id", ">", first_id)])
        _logger.info(
            "Fuzzed the enquiry page with %s requests: statuses %s, %s accepted, "
            "%s enquiries made",
            posts,
            dict(statuses),
            accepted,
            len(created),
        )
        self.assertEqual(len(created), accepted)
        # Every enquiry made has its contact and its consent.
        for enquiry in created:
            self.assertTrue(enquiry.partner_id)
            self.assertEqual(len(enquiry.consent_ids), 1)
        self.assertFalse(statuses[500])
        self.assertGreater(accepted, posts // 10, "the mix should accept some posts")
        self.assertGreater(sum(statuses.values()) - accepted, posts // 10)

    def assertStoredAsSent(self, enquiry, form):
        """The stored texts are the first value sent for each field, spaces
        around it aside."""
        sent = {field: (form.get(field) or "").strip() for field in FIELDS}
        self.assertEqual(enquiry.contact_name, sent["name"])
        self.assertEqual(enquiry.email_from, sent["email"])
        self.assertEqual(enquiry.phone or "", sent["phone"])
        self.assertEqual(enquiry.enquirer_type or "", sent["enquirer_type"])
        self.assertEqual(str(enquiry.sector_id.id or ""), sent["sector_id"])
        self.assertEqual(enquiry.workforce_size, int(sent["workforce"] or 0))
        description = enquiry.service_description
        self.assertTrue(description.startswith(sent["service"]))
        if sent["authority"] and not enquiry.local_authority_id:
            self.assertTrue(description.endswith(sent["authority"]))
        else:
            self.assertEqual(description, sent["service"])
        consent = enquiry.consent_ids
        self.assertEqual(consent.text, "I agree (test v7).")
        self.assertEqual(consent.partner_id, enquiry.partner_id)
        self.assertEqual(consent.channel, "web")
