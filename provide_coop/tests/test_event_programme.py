from odoo.exceptions import ValidationError
from odoo.tests import Form, tagged

from .common_event import TestProvideEventCommon


@tagged("post_install", "-at_install")
class TestEventProgramme(TestProvideEventCommon):
    """The printed programme: the day, local times, venue and speakers in order."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        Partner = cls.env["res.partner"]
        cls.forum = Partner.create({"name": "Chamberlain Forum", "is_company": True})
        cls.west_midlands = Partner.create({"name": "Co-operatives West Midlands"})
        cls.event.write(
            {
                "organizer_id": cls.forum.id,
                "provide_organiser_ids": [(4, cls.west_midlands.id)],
            }
        )
        # The report's speakers, in its order; it gives no talk titles.
        speakers = [
            ("Ed Mayo", "Co-operatives UK"),
            ("Rachel Heywood", "Lambeth Council"),
            ("Laurie Gregory", "Foster Care Co-op"),
            ("Carl Taylor", "Birmingham Co-op Housing Services"),
        ]
        for order, (name, organisation) in enumerate(speakers):
            body = Partner.create({"name": organisation, "is_company": True})
            person = Partner.create({"name": name, "parent_id": body.id})
            cls.env["provide.event.speaker"].create(
                {"event_id": cls.event.id, "partner_id": person.id, "sequence": order}
            )

    def _programme_html(self):
        return self.render_html(
            "provide_coop.provide_event_programme_report", self.event
        )

    def test_speaker_organisation_defaults_from_the_contact(self):
        heywood = self.event.provide_speaker_ids.filtered(
            lambda s: s.partner_id.name == "Rachel Heywood"
        )
        self.assertEqual(heywood.organisation, "Lambeth Council")

    def test_programme_shows_day_local_times_venue_organisers_and_every_speaker(self):
        html = self._programme_html()
        self.assertIn("Saturday 19 March 2011", html)
        self.assertIn("10:30", html)
        self.assertIn("15:30", html)
        self.assertIn("Stratford Road", html)
        self.assertIn("B11 1AR", html)
        self.assertRegex(
            html,
            r"Organised by\s*<span>Chamberlain Forum and "
            r"Co-operatives West Midlands</span>",
        )
        positions = [
            html.index(name)
            for name in ("Ed Mayo", "Rachel Heywood", "Laurie Gregory", "Carl Taylor")
        ]
        self.assertEqual(positions, sorted(positions), "speakers in programme order")
        self.assertIn("Birmingham Co-op Housing Services", html)

    def test_programme_lists_the_lead_organiser_first_then_the_co_organisers(self):
        resident_university = self.env["res.partner"].create(
            {"name": "Resident University (test)"}
        )
        self.event.provide_organiser_ids += resident_university
        self.assertEqual(
            self.event._provide_organised_by(),
            "Chamberlain Forum, Co-operatives West Midlands, "
            "and Resident University (test)",
        )
        self.event.organizer_id = False
        self.assertEqual(
            self.event._provide_organised_by(),
            "Co-operatives West Midlands and Resident University (test)",
        )

    def test_lead_organiser_is_never_a_co_organiser_too(self):
        self.event.provide_organiser_ids += self.forum
        self.assertEqual(self.event.provide_organiser_ids, self.west_midlands)
        self.event.organizer_id = self.west_midlands
        self.assertFalse(self.event.provide_organiser_ids)
        event = self.env["event.event"].create(
            {
                "name": "Co-op housing day (test)",
                "date_begin": "2011-05-14 10:00:00",
                "date_end": "2011-05-14 16:00:00",
                "organizer_id": self.forum.id,
                "provide_organiser_ids": [
                    (6, 0, (self.forum | self.west_midlands).ids)
                ],
            }
        )
        self.assertEqual(event.provide_organiser_ids, self.west_midlands)

    def test_choosing_a_co_organiser_as_lead_moves_it_in_the_form(self):
        with Form(self.event) as form:
            form.organizer_id = self.west_midlands
            self.assertEqual(len(form.provide_organiser_ids), 0)
        self.assertEqual(self.event.organizer_id, self.west_midlands)
        self.assertFalse(self.event.provide_organiser_ids)

    def test_company_name_and_logo_in_the_page_body(self):
        self.event.company_id.name = "Provide Agency (test)"
        html = self.render_html(
            "provide_coop.provide_event_programme_report", self.event
        )
        body = html.split('class="page', 1)[1]
        self.assertIn("Provide Agency (test)", body)
        self.assertIn('src="data:image/', body)

    def test_programme_shows_a_talk_title_once_one_is_known(self):
        mayo = self.event.provide_speaker_ids.filtered(
            lambda s: s.partner_id.name == "Ed Mayo"
        )
        mayo.talk_title = "Talk title (test)"
        html = self._programme_html()
        self.assertIn("Talk title (test)", html)
        self.assertIn("<th>Talk</th>", html)

    def test_local_time_in_summer_is_not_utc(self):
        self.event.write(
            {"date_begin": "2011-06-18 09:30:00", "date_end": "2011-06-18 14:30:00"}
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

    def test_programme_shows_sessions_with_times_and_rooms_once_entered(self):
        mayo, heywood = self.event.provide_speaker_ids[:2]
        # 19 March 2011 is GMT: UTC and London times agree.
        mayo.write(
            {
                "date_begin": "2011-03-19 10:45:00",
                "date_end": "2011-03-19 11:15:00",
                "room": "Main hall (test)",
                "talk_title": "Co-ops and councils (test)",
            }
        )
        heywood.write({"date_begin": "2011-03-19 11:15:00", "room": "Room 2 (test)"})
        html = self._programme_html()
        self.assertIn("o_provide_time", html)
        self.assertIn("10:45\N{EN DASH}11:15", html)
        self.assertIn("from 11:15", html)
        self.assertIn("Main hall (test)", html)
        self.assertIn("Room 2 (test)", html)
        self.assertLess(html.index("10:45"), html.index("from 11:15"))
        self.assertRendersPdf("provide_coop.provide_event_programme_report", self.event)

    def test_programme_of_speakers_only_has_no_time_or_room_column(self):
        html = self._programme_html()
        self.assertNotIn("o_provide_time", html)
        self.assertNotIn("o_provide_room", html)
        # No talk title known yet: no empty "Talk" column either.
        self.assertNotIn("<th>Talk</th>", html)
        self.assertIn("<h4>Speakers</h4>", html)

    def test_session_times_in_summer_are_local(self):
        self.event.write(
            {"date_begin": "2011-06-18 08:30:00", "date_end": "2011-06-18 14:30:00"}
        )
        talk = self.event.provide_speaker_ids[0]
        talk.write(
            {"date_begin": "2011-06-18 09:00:00", "date_end": "2011-06-18 09:30:00"}
        )
        self.assertEqual(talk._provide_programme_time(), "10:00\N{EN DASH}10:30")

    def test_session_on_a_conference_of_several_days_names_its_day(self):
        self.event.date_end = "2011-03-20 15:30:00"
        talk = self.event.provide_speaker_ids[0]
        talk.date_begin = "2011-03-20 10:00:00"
        self.assertEqual(talk._provide_programme_time(), "from Sun 20 Mar, 10:00")

    def test_session_ending_before_it_starts_is_refused(self):
        with self.assertRefused(ValidationError, "must end after it starts"):
            self.event.provide_speaker_ids[0].write(
                {
                    "date_begin": "2011-03-19 11:00:00",
                    "date_end": "2011-03-19 10:00:00",
                }
            )

    def test_organisers_websites_show_on_the_event_and_the_programme(self):
        self.forum.website = "https://forum.example.org"
        self.west_midlands.website = "www.cwm.example.org"
        websites = self.event.provide_organiser_websites
        self.assertIn('href="https://forum.example.org"', websites)
        self.assertLess(
            websites.index("Chamberlain Forum"), websites.index("Co-operatives West")
        )
        html = self._programme_html()
        self.assertIn("https://forum.example.org", html)
        self.assertIn("http://www.cwm.example.org", html)

    def test_no_website_nothing_printed(self):
        self.west_midlands.website = "javascript:alert(1)"
        self.assertFalse(self.event.provide_organiser_websites)
        self.assertNotIn("o_provide_organiser_websites", self._programme_html())

    def test_bookings_record_who_took_them_and_the_programme_names_them(self):
        claire = self.env["res.partner"].create(
            {
                "name": "Claire Spencer (test)",
                "parent_id": self.forum.id,
                "email": "bookings@forum.example.org",
            }
        )
        self.event.provide_booking_contact_id = claire
        booking = self._register(name="Booked (test)")
        self.assertEqual(booking.provide_taken_by_id, claire)
        other = self.env["res.partner"].create({"name": "Someone Else (test)"})
        by_hand = self._register(
            name="Booked by hand (test)", provide_taken_by_id=other.id
        )
        self.assertEqual(by_hand.provide_taken_by_id, other)
        html = self._programme_html()
        self.assertIn("Chamberlain Forum, Claire Spencer (test)", html)
        self.assertIn("bookings@forum.example.org", html)
