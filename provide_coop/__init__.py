from . import controllers
from . import models
from . import wizard
from . import report


def uninstall_hook(env):
    """Enquiries made by hand or by event rules have no XML id; remove them
    before Odoo removes the stages, sectors and reasons they point to."""
    enquiries = env["provide.enquiry"].sudo().with_context(active_test=False)
    with_xml_id = (
        env["ir.model.data"].sudo().search([("model", "=", "provide.enquiry")])
    )
    enquiries.search([("id", "not in", with_xml_id.mapped("res_id"))]).unlink()
