from odoo.tests import tagged

from .common_event import TestProvideEventCommon


@tagged("post_install", "-at_install")
class TestEventProgramme(TestProvideEventCommon):
    """The printed programme: the day, local times, venue and speakers in order."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        Partner = cls.env["res.partner"]
        forum = Partner.create({"name": "Sparkbrook Policy Forum", "is_company": True})
        cls.event.write(
            {
                "organizer_id": forum.id,
                "provide_organiser_ids": [
                    (4, Partner.create({"name": "Co-operatives West Midlands"}).id)
                ],
            }
        )
        council = Partner.create({"name": "Lambeth Council", "is_company": True})
        speakers = [
            ("Ed Mayo", "", "Why co-operatives belong in public services"),
            ("Steve Reed", council, "The co-operative council"),
            ("Fran Foster", "", "Running a foster-care co-op"),
            ("Hal Housing", "", "Tenant-led housing services"),
        ]
        for order, (name, parent, talk) in enumerate(speakers):
            person = Partner.create(
                {"name": name, "parent_id": parent.id if parent else False}
            )
            cls.env["provide.event.speaker"].create(
                {
                    "event_id": cls.event.id,
                    "partner_id": person.id,
                    "talk_title": talk,
                    "sequence": order,
                }
            )

    def test_speaker_organisation_defaults_from_the_contact(self):
        reed = self.event.provide_speaker_ids.filtered(
            lambda s: s.partner_id.name == "Steve Reed"
        )
        self.assertEqual(reed.organisation, "Lambeth Council")

    def test_programme_shows_day_local_times_venue_organisers_and_every_speaker(self):
        html = str(
            self.env["ir.actions.report"]._render_qweb_html(
                "provide_coop.provide_event_programme_report", self.event.ids
            )[0]
        )
        self.assertIn("Saturday 19 March 2022", html)
        self.assertIn("10:30", html)
        self.assertIn("15:30", html)
        self.assertIn("Stratford Road", html)
        self.assertIn("B11 1AR", html)
        self.assertIn("Sparkbrook Policy Forum", html)
        self.assertIn("Co-operatives West Midlands", html)
        positions = [
            html.index(name)
            for name in ("Ed Mayo", "Steve Reed", "Fran Foster", "Hal Housing")
        ]
        self.assertEqual(positions, sorted(positions), "speakers in programme order")
        self.assertIn("The co-operative council", html)

    def test_local_time_in_summer_is_not_utc(self):
        self.event.write(
            {"date_begin": "2022-06-18 09:30:00", "date_end": "2022-06-18 14:30:00"}
        )
        times = self.event._provide_programme_times()
        self.assertEqual((times["start"], times["end"]), ("10:30", "15:30"))

    def test_programme_renders_as_pdf(self):
        # Tests render reports as HTML unless told to run wkhtmltopdf.
        Report = self.env["ir.actions.report"].with_context(force_report_rendering=True)
        pdf, content_type = Report._render_qweb_pdf(
            "provide_coop.provide_event_programme_report", self.event.ids
        )
        self.assertEqual(content_type, "pdf")
        self.assertTrue(pdf.startswith(b"%PDF"))
        self.assertGreater(len(pdf), 1000)
        self.assertIn(b"/Type /Page", pdf)
