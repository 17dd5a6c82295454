import threading
import time

from odoo import SUPERUSER_ID, api
from odoo.modules.registry import Registry
from odoo.tests import BaseCase, tagged
from odoo.tests.common import get_db_name

ADDRESS = "198.51.100.77"
LIMIT = 5
POSTS = 12


@tagged("post_install", "-at_install")
class TestWebIntakeRace(BaseCase):
    """Parallel posts from one address, each in its own transaction as the
    server runs them (the test server serialises HTTP requests, so the race is
    driven here with real cursors): the rate limit holds, no more than the
    limit is stored."""

    def tearDown(self):
        with self.registry.cursor() as cr:
            cr.execute(
                "DELETE FROM provide_web_submission WHERE ip_address = %s", [ADDRESS]
            )
        super().tearDown()

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.registry = Registry(get_db_name())

    def post(self, barrier, accepted, errors):
        try:
            with self.registry.cursor() as cr:
                env = api.Environment(cr, SUPERUSER_ID, {})
                Submission = env["provide.web.submission"]
                # A request reads (session, settings) before it checks the
                # limit: its snapshot is taken before the others commit.
                cr.execute("SELECT COUNT(*) FROM provide_web_submission")
                barrier.wait(timeout=30)
                if Submission._over_limit(ADDRESS, False, LIMIT):
                    return
                Submission.create({"ip_address": ADDRESS})
                env.flush_all()
                time.sleep(0.05)  # the rest of the request: the enquiry, the e-mail
                accepted.append(1)
        except Exception as error:  # reported by the test
            errors.append(error)

    def test_parallel_posts_from_one_address_store_at_most_the_limit(self):
        barrier = threading.Barrier(POSTS)
        accepted, errors = [], []
        threads = [
            threading.Thread(target=self.post, args=(barrier, accepted, errors))
            for _i in range(POSTS)
        ]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join(timeout=120)
        self.assertFalse(errors)
        with self.registry.cursor() as cr:
            cr.execute(
                "SELECT COUNT(*) FROM provide_web_submission WHERE ip_address = %s",
                [ADDRESS],
            )
            stored = cr.fetchone()[0]
        self.assertEqual(len(accepted), LIMIT)
        self.assertEqual(stored, LIMIT)
