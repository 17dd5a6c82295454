from odoo import SUPERUSER_ID, api
from odoo.tools import SQL

# Extensions of the addon's own views, now part of the views they extended.
FOLDED_VIEWS = (
    "provide_enquiry_view_form_assessment",
    "provide_enquiry_view_form_support",
    "provide_enquiry_view_form_event",
    "provide_enquiry_view_kanban_assessment",
    "provide_enquiry_view_search_assessment",
    "provide_enquiry_view_search_stalled",
    "provide_enquiry_view_search_support",
    "provide_enquiry_view_search_event",
    "provide_assessment_stage_view_form_gate",
    "provide_assessment_stage_view_list_gate",
    "res_partner_view_form_provide_event",
)


def year_founded_to_text(cr):
    """A case study's founding year is now text, blank when unknown: the
    numbers become their four digits and 0 (unknown) becomes empty. Done here,
    as the ORM would otherwise set the old column aside and lose the years."""
    cr.execute(
        SQL(
            """SELECT data_type FROM information_schema.columns
                WHERE table_name = 'provide_case_study'
                  AND column_name = 'year_founded'"""
        )
    )
    row = cr.fetchone()
    if not row or row[0] != "integer":
        return
    cr.execute(
        SQL(
            """ALTER TABLE provide_case_study
              ALTER COLUMN year_founded TYPE varchar(4)
              USING CASE WHEN year_founded > 0 THEN year_founded::varchar END"""
        )
    )


def migrate(cr, version):
    """From 18.0.1.1.0: the enquiry, stage and contact views hold what their
    extensions added. The extensions go before the views are loaded, or they
    would apply twice, or to filters that are gone."""
    if not version:
        return
    year_founded_to_text(cr)
    env = api.Environment(cr, SUPERUSER_ID, {})
    for name in FOLDED_VIEWS:
        view = env.ref(f"provide_coop.{name}", raise_if_not_found=False)
        if view:
            view.unlink()
