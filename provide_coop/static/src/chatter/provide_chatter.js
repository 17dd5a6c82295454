/** @odoo-module **/

import { Chatter } from "@mail/chatter/web_portal/chatter";
import { patch } from "@web/core/utils/patch";

/**
 * Marking a support activity done on an enquiry proposes a support line on
 * the server: reload the form so its Support tab shows the line at once.
 */
patch(Chatter.prototype, {
    onActivityChanged(thread) {
        super.onActivityChanged(...arguments);
        if (thread?.model === "provide.enquiry") {
            this.reloadParentView();
        }
    },
});
