from odoo.tools import SQL


def migrate(cr, version):
    """Case studies can now be kept internal; those already in the library
    were kept to show enquirers, so they stay visible: published."""
    cr.execute(SQL("UPDATE provide_case_study SET is_published = TRUE"))
