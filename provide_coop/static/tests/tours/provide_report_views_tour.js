/** @odoo-module **/

import { registry } from "@web/core/registry";

// A manager opens the survival graph and the time-in-stage pivot: the app's
// touches to Odoo's lazily loaded graph and pivot views load with them.
registry.category("web_tour.tours").add("provide_report_views_tour", {
    url: "/odoo/action-provide_coop.provide_coop_survival_report_action",
    steps: () => [
        {
            content: "Co-op Survival opens",
            trigger: ".o_action_manager .o_view_controller",
        },
        {
            content: "Open the graph",
            trigger: ".o_switch_view.o_graph",
            run: "click",
        },
        {
            content: "The survival graph is drawn",
            trigger: ".o_graph_renderer canvas",
        },
        {
            content: "Open the pivot",
            trigger: ".o_switch_view.o_pivot",
            run: "click",
        },
        {
            content: "The pivot shows its figures",
            trigger: ".o_pivot table",
        },
    ],
});
