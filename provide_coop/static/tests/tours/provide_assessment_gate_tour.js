/** @odoo-module **/

import { registry } from "@web/core/registry";

// An adviser moves a card into "Formal assessment", is stopped by the gate
// of "Pre-feasibility study", fills in the assessment and moves the card on.
const CARD = ".o_kanban_record:contains('School meals co-op')";
const column = (name) => `.o_kanban_group:has(.o_column_title:contains('${name}'))`;

registry.category("web_tour.tours").add("provide_assessment_gate_tour", {
    url: "/odoo/action-provide_coop.provide_enquiry_action",
    steps: () => [
        {
            content: "The card waits in First contact",
            trigger: `${column("First contact")} ${CARD}`,
        },
        {
            content: "Drag the card into Formal assessment",
            trigger: CARD,
            run: `drag_and_drop (${column("Formal assessment")})`,
        },
        {
            content: "It lands there, with the assessment call planned",
            trigger: `${column("Formal assessment")} ${CARD}`,
        },
        {
            content: "Drag it on to Pre-feasibility study before assessing it",
            trigger: `${column("Formal assessment")} ${CARD}`,
            run: `drag_and_drop (${column("Pre-feasibility study")})`,
        },
        {
            content: "The gate says what is missing",
            trigger: ".modal:contains('until its formal assessment is done')",
        },
        {
            content: "The message offers the way on",
            trigger: ".modal .modal-footer .btn-primary:contains('Open the assessment')",
        },
        {
            content: "Close the message",
            trigger: ".modal .modal-footer .btn-secondary:contains('Close')",
            run: "click",
        },
        {
            content: "The card stayed in Formal assessment",
            trigger: `${column("Formal assessment")} ${CARD}`,
            run: "click",
        },
        {
            content: "Start the assessment from the enquiry",
            trigger: ".o_form_view button[name=action_open_assessment]:contains('Assess')",
            run: "click",
        },
        {
            content: "Score the first criterion",
            trigger: ".o_field_widget[name=line_ids] .o_data_row:eq(0) td[name=score]",
            run: "click",
        },
        {
            trigger: ".o_field_widget[name=line_ids] .o_data_row:eq(0) td[name=score] input",
            run: "edit 5",
        },
        {
            content: "Score the second criterion",
            trigger: ".o_field_widget[name=line_ids] .o_data_row:eq(1) td[name=score]",
            run: "click",
        },
        {
            trigger: ".o_field_widget[name=line_ids] .o_data_row:eq(1) td[name=score] input",
            run: "edit 4",
        },
        {
            content: "Recommend a pre-feasibility study",
            trigger: ".o_field_widget[name=recommendation_id] input",
            run: "edit Proceed to pre",
        },
        {
            trigger: ".o-autocomplete--dropdown-item:contains('Proceed to pre-feasibility')",
            run: "click",
        },
        {
            content: "Mark the assessment done",
            trigger: ".o_form_view button[name=action_done]",
            run: "click",
        },
        {
            content: "The assessment is done",
            trigger: ".o_statusbar_status:has(button.o_arrow_button_current:contains('Done'))",
        },
        {
            content: "Back to the enquiry",
            trigger: ".o_breadcrumb .breadcrumb-item a:contains('School meals co-op')",
            run: "click",
        },
        {
            content: "The enquiry shows the recommendation",
            trigger: ".o_field_widget[name=assessment_recommendation_id]:contains('Proceed to pre-feasibility')",
        },
        {
            content: "Move it on with the status bar",
            trigger: ".o_statusbar_status button:contains('Pre-feasibility study')",
            run: "click",
        },
        {
            content: "It is in Pre-feasibility study",
            trigger: ".o_statusbar_status:has(button.o_arrow_button_current:contains('Pre-feasibility study'))",
        },
    ],
});
