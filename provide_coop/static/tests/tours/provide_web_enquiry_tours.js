/** @odoo-module **/

import { registry } from "@web/core/registry";

// A visitor without an account tells the agency about a service, from the
// public page, with the keyboard-friendly form and no script of ours.
registry.category("web_tour.tours").add("provide_web_enquiry_visitor_tour", {
    url: "/coop/enquiry",
    steps: () => [
        {
            content: "The consent statement is on the page",
            trigger: "label[for=provide_consent]:contains('I agree (tour)')",
        },
        {
            trigger: "input#provide_name",
            run: "edit Vera Visitor",
        },
        {
            trigger: "input#provide_email",
            run: "edit vera.visitor@example.org",
        },
        {
            trigger: "input#provide_organisation",
            run: "edit Riverside Leisure Staff",
        },
        {
            trigger: "select#provide_enquirer_type",
            run: "select public_sector_workers",
        },
        {
            trigger: "textarea#provide_service",
            run: "edit Riverside pool run by its lifeguards",
        },
        {
            trigger: "input#provide_workforce",
            run: "edit 25",
        },
        {
            content: "Agree to the statement",
            trigger: "input#provide_consent",
            run: "check",
        },
        {
            content: "Send the enquiry",
            trigger: "button[type=submit]:contains('Send my enquiry')",
            run: "click",
        },
        {
            content: "The thank-you page gives the reference and the next steps",
            trigger: "h1:contains('Thank you, we have your enquiry')",
        },
        {
            trigger: ".o_provide_web_enquiry_name:contains('Riverside pool run by its lifeguards')",
        },
    ],
});

// The triage adviser finds it on the kanban, unassigned in the first stage.
registry.category("web_tour.tours").add("provide_web_enquiry_adviser_tour", {
    steps: () => [
        {
            content: "The pipeline opens on the adviser's own enquiries",
            trigger: ".o_searchview_facet:contains('My Enquiries')",
        },
        {
            content: "Show every enquiry",
            trigger: ".o_searchview_facet:contains('My Enquiries') .o_facet_remove",
            run: "click",
        },
        {
            content: "The web enquiry waits in New",
            trigger:
                ".o_kanban_group:has(.o_column_title:contains('New')) .o_kanban_record:contains('Riverside pool run by its lifeguards')",
            run: "click",
        },
        {
            content: "It came from the website",
            trigger: ".o_form_view .o_field_widget[name=source]:contains('Website')",
        },
        {
            content: "The chatter says where it came from, in the visitor's name",
            trigger: ".o-mail-Message:contains('Vera Visitor'):contains('Sent from the public enquiry page')",
        },
    ],
});
