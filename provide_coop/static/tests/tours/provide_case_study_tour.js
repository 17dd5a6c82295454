/** @odoo-module **/

import { registry } from "@web/core/registry";

// An adviser opens an enquiry, attaches two of the suggested case studies
// and sends them to the enquirer with the booklet.
const suggested = (name) =>
    `.o_field_widget[name=suggested_case_study_ids] .o_data_row:contains('${name}')`;
const linked = (name) => `.o_field_widget[name=case_study_ids] .o_kanban_record:contains('${name}')`;

registry.category("web_tour.tours").add("provide_case_study_tour", {
    steps: () => [
        {
            content: "Open the enquiry's case studies",
            trigger: ".o_form_view .o_notebook .nav-link:contains('Case Studies')",
            run: "click",
        },
        {
            content: "The same sector comes first",
            trigger: `.o_field_widget[name=suggested_case_study_ids] .o_data_row:first:contains('Riverside Carers (tour)')`,
        },
        {
            content: "Attach it",
            trigger: `${suggested("Riverside Carers (tour)")} button[name=action_provide_attach]`,
            run: "click",
        },
        {
            content: "It is linked to the enquiry",
            trigger: linked("Riverside Carers (tour)"),
        },
        {
            content: "...and no longer suggested",
            trigger: `.o_field_widget[name=suggested_case_study_ids]:not(:contains('Riverside Carers (tour)'))`,
        },
        {
            content: "Attach a second suggestion",
            trigger: `${suggested("Hilltop Homecare (tour)")} button[name=action_provide_attach]`,
            run: "click",
        },
        {
            content: "Both are linked",
            trigger: linked("Hilltop Homecare (tour)"),
        },
        {
            content: "Send them",
            trigger: ".o_form_view .o_form_statusbar button[name=action_provide_send_case_studies]",
            run: "click",
        },
        {
            content: "The composer has the template's subject",
            trigger: ".modal .o_field_widget[name=subject] input:value(Co-ops already doing it: case studies for Homecare co-op for the north (tour))",
        },
        {
            content: "...and the booklet attached",
            trigger: ".modal .o_field_widget[name=attachment_ids] :contains('Case studies - Homecare co-op')",
        },
        {
            content: "Send",
            trigger: ".modal .modal-footer button.o_mail_send:visible",
            run: "click",
        },
        {
            content: "The e-mail is in the enquiry's chatter",
            trigger: ".o-mail-Chatter .o-mail-Message:contains('As promised, the booklet attached')",
        },
    ],
});
