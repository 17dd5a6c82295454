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
    # Odoo then swaps the module's fields for copies that do not prefetch,
    # resetting the registry's field triggers but not the trigger trees the
    # unlink above cached: trees keyed by the fields it keeps (one2many
    # fields such as the enquiry's support lines) would still name the
    # swapped stored fields, whose recomputation then fails. Forget them.
    env.registry._field_trigger_trees.clear()
