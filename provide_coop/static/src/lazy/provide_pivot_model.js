/** @odoo-module **/

import { _t } from "@web/core/l10n/translation";
import { patch } from "@web/core/utils/patch";
import { PivotModel } from "@web/views/pivot/pivot_model";

/**
 * Enquiries without a sector read "No sector" in every pivot, as they do in
 * the printed pipeline summary, rather than the web client's bare "None".
 */
patch(PivotModel.prototype, {
    _getEmptyGroupLabel(fieldName) {
        if (fieldName === "sector_id") {
            return _t("No sector");
        }
        return super._getEmptyGroupLabel(fieldName);
    },
});
