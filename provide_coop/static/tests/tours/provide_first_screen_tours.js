/** @odoo-module **/

import { registry } from "@web/core/registry";

// The record's stage, however the status bar is laid out: on a narrow or
// still settling screen it may fold its buttons, the current one included,
// into a dropdown (its button then hidden but still marked current).
const current = (stage) =>
    `.o_statusbar_status:has(button.o_arrow_button_current:contains('${stage}'))`;

// A manager opens the pipeline: every open enquiry, whoever's it is.
registry.category("web_tour.tours").add("provide_manager_first_screen_tour", {
    steps: () => [
        {
            content: "The pipeline opens on the open enquiries",
            trigger: ".o_searchview_facet:contains('Open')",
        },
        {
            content: "Not on the manager's own cards only",
            trigger: ".o_searchview:not(:has(.o_searchview_facet:contains('My Enquiries')))",
        },
        {
            content: "An adviser's enquiry is on the board, not a sample",
            trigger: ".o_kanban_view:not(.o_view_sample_data) .o_kanban_record:contains('Leisure centre staff buy-out')",
        },
        {
            content: "Another adviser's enquiry too",
            trigger: ".o_kanban_record:contains('Youth club for the estate')",
        },
        {
            content: "In the app, with its menu bar",
            trigger: ".o_main_navbar .o_menu_brand:contains('Co-op Enquiries')",
        },
    ],
});

// An adviser opens the pipeline on their own enquiries.
registry.category("web_tour.tours").add("provide_adviser_first_screen_tour", {
    steps: () => [
        {
            content: "The pipeline opens on the adviser's own enquiries",
            trigger: ".o_searchview_facet:contains('My Enquiries')",
        },
        {
            content: "Their card is there",
            trigger: ".o_kanban_record:contains('Leisure centre staff buy-out')",
        },
        {
            content: "Its contract value in the agency's currency",
            trigger:
                ".o_kanban_record:contains('Leisure centre staff buy-out') .o_field_monetary:contains('£'):contains('250,000')",
        },
        {
            content: "Pointing at the column's title...",
            trigger: ".o_kanban_group:has(.o_kanban_record:contains('Leisure centre staff buy-out')) .o_column_title",
            run: "hover",
        },
        {
            content: "...says what the stage requires",
            trigger: ".o-tooltip:contains('Requirements'):contains('spoken to the enquirer')",
        },
        {
            content: "A colleague's is not",
            trigger: ".o_kanban_view:not(:has(.o_kanban_record:contains('Youth club for the estate')))",
        },
        {
            content: "In the app, with its menu bar",
            trigger: ".o_main_navbar .o_menu_brand:contains('Co-op Enquiries')",
        },
    ],
});

// On the form, the adviser clicks a gated stage before assessing: the move is
// refused, the form stays as it was, and the message opens the assessment.
registry.category("web_tour.tours").add("provide_status_bar_gate_tour", {
    steps: () => [
        {
            content: "The enquiry is in Formal assessment",
            trigger: current("Formal assessment"),
        },
        {
            content: "Click Pre-feasibility study on the status bar",
            trigger: ".o_statusbar_status button:contains('Pre-feasibility study')",
            run: "click",
        },
        {
            content: "The gate says what is missing",
            trigger: ".modal:contains('until its formal assessment is done')",
        },
        {
            content: "Behind it, the enquiry is still in Formal assessment",
            trigger: current("Formal assessment"),
        },
        {
            content: "and the form has nothing left to save",
            trigger:
                ".o_form_status_indicator:not(:has(.o_form_status_indicator_buttons:not(.invisible)))",
        },
        {
            content: "Open the assessment from the message",
            trigger: ".modal .modal-footer .btn-primary:contains('Open the assessment')",
            run: "click",
        },
        {
            content: "The assessment of this enquiry opens, ready to score",
            trigger: ".o_form_view .oe_title:contains('Assessment of Youth club for the estate')",
        },
        {
            trigger: ".o_form_view .o_field_widget[name=line_ids] .o_data_row",
        },
    ],
});
