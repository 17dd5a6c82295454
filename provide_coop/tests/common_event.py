from odoo.tests import new_test_user

from .common import TestProvideCommon


class TestProvideEventCommon(TestProvideCommon):
    """A conference, an events-team user without the Co-op app, and an
    enquiry rule for interested attendees."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.user_events = new_test_user(
            cls.env,
            login="provide_events",
            name="Evan Events",
            email="evan.events@provide.example.com",
            groups="event.group_event_manager",
            context={"no_reset_password": True},
        )
        cls.venue = cls.env["res.partner"].create(
            {
                "name": "The Bordesley Centre (test)",
                "is_company": True,
                "street": "Stratford Road",
                "street2": "Camp Hill",
                "city": "Birmingham",
                "zip": "B11 1AR",
            }
        )
        cls.event = cls.env["event.event"].create(
            {
                "name": "The Co-operative Council (test)",
                "date_begin": "2011-03-19 10:30:00",
                "date_end": "2011-03-19 15:30:00",
                "date_tz": "Europe/London",
                "address_id": cls.venue.id,
            }
        )
        cls.other_event = cls.env["event.event"].create(
            {
                "name": "Annual general meeting (test)",
                "date_begin": "2011-06-01 09:00:00",
                "date_end": "2011-06-01 12:00:00",
            }
        )
        cls.rule = cls.env["provide.event.enquiry.rule"].create(
            {
                "name": "Interested attendees (test)",
                "event_id": cls.event.id,
                "trigger": "confirm",
                "user_id": cls.user_adviser.id,
                "sector_id": cls.sector_social_care.id,
            }
        )

    @classmethod
    def _register(cls, event=None, **values):
        vals = {
            "event_id": (event or cls.event).id,
            "name": "Attendee",
            "provide_attendee_role": "frontline_worker",
        }
        vals.update(values)
        return cls.env["event.registration"].create(vals)

    def _event_enquiries(self, event=None):
        return (
            self.env["provide.enquiry"]
            .with_context(active_test=False)
            .search([("event_id", "=", (event or self.event).id)])
        )
