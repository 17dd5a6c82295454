from . import controllers
from . import models
from . import wizard
from . import report


def uninstall_hook(env):
    """Enquiries made by hand or by event rules have no XML id; remove them
    before Odoo removes the stages, sectors and reasons they point to.

    With one SQL statement, not the ORM: the module's models are going away,
    and Odoo's uninstall deletes their messages, followers, activities and
    attachments with them (mail's ir.model unlink); the rows that hang off an
    enquiry go with it through their foreign keys (cascade or set null). An
    ORM unlink here, before Odoo swaps the module's fields for copies that do
    not prefetch, would leave the registry's recomputation caches naming the
    swapped fields, and the rest of the uninstall would fail on them."""
    env.flush_all()
    env.cr.execute(
        """DELETE FROM provide_enquiry
            WHERE id NOT IN (SELECT res_id FROM ir_model_data
                              WHERE model = 'provide.enquiry')"""
    )
    env.invalidate_all()
