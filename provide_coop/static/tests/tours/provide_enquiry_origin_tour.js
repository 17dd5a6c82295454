/** @odoo-module **/

import { registry } from "@web/core/registry";

// An adviser without the Events app opens an enquiry made at a conference:
// the Origin panel shows the conference and the booking, with no link to a
// form the adviser could not open; the figures the attendee did not give
// read as not known until the adviser types them in.
const field = (name) => `.o_form_view .o_field_widget[name=${name}]`;

registry.category("web_tour.tours").add("provide_enquiry_origin_tour", {
    steps: () => [
        {
            content: "The conference the enquiry came from",
            trigger: `${field("event_id")}:contains('Co-operative Council (tour)')`,
        },
        {
            content: "...shown as plain text, not a link",
            trigger: `${field("event_id")}:not(:has(a))`,
        },
        {
            content: "The venue",
            trigger: `${field("event_venue")}:contains('Birmingham')`,
        },
        {
            content: "The booking, also without a link",
            trigger: `${field("registration_id")}:contains('Tom Tour'):not(:has(a))`,
        },
        {
            content: "What the attendee said at booking",
            trigger: `${field("registration_attendee_role")}:contains('Front-line worker')`,
        },
        {
            trigger: `${field("registration_idea")}:contains('Community transport')`,
        },
        {
            content: "A workforce nobody has given reads as not known, not 0",
            trigger: `${field("workforce_size")} input[placeholder='Not known']:value(/^$/)`,
        },
        {
            content: "...and so does the contract value",
            trigger: `${field("annual_contract_value")} input[placeholder='Not known']:value(/^$/)`,
        },
        {
            content: "The adviser learns the workforce and types it in",
            trigger: `${field("workforce_size")} input`,
            run: "edit 14",
        },
        {
            trigger: ".o_form_view .o_form_button_save",
            run: "click",
        },
        {
            content: "Saved, it reads as given",
            trigger: ".o_form_view .o_form_saved .o_field_widget[name=workforce_size] input:value(14)",
        },
    ],
});
