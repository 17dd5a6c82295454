"""What Odoo 18's web client asks of a view. Imports nothing of the test
framework: make bench loads this file too."""

from lxml import etree


def view_fields(model, view_type, view_ref=None):
    """The fields a view sends to the web client of `model`'s user."""
    view_id = model.env.ref(view_ref).id if view_ref else False
    views = model.get_views([(view_id, view_type)])
    return views["models"][model._name]["fields"]


def view_spec(model, view_type, view_ref=None):
    """The field specification the web client sends for a view (its
    `getFieldsSpec`): the display name of each relational field, but only
    the id of a many2one the view always hides."""
    view_id = model.env.ref(view_ref).id if view_ref else False
    views = model.get_views([(view_id, view_type)])
    hidden = {}
    for node in etree.fromstring(views["views"][view_type]["arch"]).iter("field"):
        if any(parent.tag == "field" for parent in node.iterancestors()):
            continue  # a field of a subview, on another model
        name = node.get("name")
        hidden[name] = hidden.get(name, True) and node.get("invisible") in ("1", "True")
    spec = {}
    for name in views["models"][model._name]["fields"]:
        field_type = model._fields[name].type
        if field_type == "many2one" and hidden.get(name):
            spec[name] = {"fields": {}}
        elif field_type in ("many2one", "one2many", "many2many"):
            spec[name] = {"fields": {"display_name": {}}}
        else:
            spec[name] = {}
    return spec


def view_field_nodes(model, view_type, *names):
    """The `<field>` nodes named one of `names` in the view of `view_type`
    the web client gets for `model`, those of its subviews included."""
    arch = etree.fromstring(model.get_view(view_type=view_type)["arch"])
    return [node for node in arch.iter("field") if node.get("name") in names]
