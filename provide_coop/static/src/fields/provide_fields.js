/** @odoo-module **/

import { registry } from "@web/core/registry";
import { integerField, IntegerField } from "@web/views/fields/integer/integer_field";
import { monetaryField, MonetaryField } from "@web/views/fields/monetary/monetary_field";
import {
    statusBarDurationField,
    StatusBarDurationField,
} from "@mail/views/fields/statusbar_duration/statusbar_duration_field";

/**
 * The stage status bar of an enquiry. Clicking a stage first asks the
 * server whether the stage's gate lets the enquiry in: a refused move is
 * never drawn on the bar (Odoo's status bar can keep drawing a value undone
 * while it is still laying out its buttons). An accepted move is saved at
 * once; should the save still fail, the click is undone, so the form is left
 * as it was instead of holding an unsaved move that every later button would
 * try to save again.
 */
export class ProvideStatusBarDurationField extends StatusBarDurationField {
    async selectItem(item) {
        const { name, record } = this.props;
        if (record.resId && this.field.type === "many2one") {
            const coop = record.data.coop_id;
            await this.env.services.orm.call(record.resModel, "check_stage_move", [
                [record.resId],
                item.value,
                coop ? coop[0] : false,
            ]);
        }
        const previous = record.data[name];
        const hadChanges = await record.isDirty();
        const value = this.field.type === "many2one" ? [item.value, item.label] : item.value;
        await record.update({ [name]: value });
        await record.save({
            onError: async (error, { discard }) => {
                if (hadChanges) {
                    await record.update({ [name]: previous });
                } else {
                    await discard();
                }
                throw error;
            },
        });
    }
}

registry.category("fields").add("provide_statusbar_duration", {
    ...statusBarDurationField,
    component: ProvideStatusBarDurationField,
});

/**
 * A figure nobody has given yet reads as empty, not as a known 0: an integer
 * or monetary field holds 0 when it is not given. A criterion not yet scored
 * (1 to 5), an enquiry's workforce or contract value not yet known, a case
 * study's figure the co-op has not confirmed. The view's placeholder says so
 * ("Not known"); typing a figure stores it, clearing it stores 0 again.
 */
export class ProvideFigureField extends IntegerField {
    get formattedValue() {
        return this.value ? super.formattedValue : "";
    }
}

registry.category("fields").add("provide_score", {
    ...integerField,
    component: ProvideFigureField,
});
registry.category("fields").add("provide_figure", {
    ...integerField,
    component: ProvideFigureField,
});

/** The same for a sum of money: empty, with the currency symbol, until given. */
export class ProvideMonetaryFigureField extends MonetaryField {
    get formattedValue() {
        return this.value ? super.formattedValue : "";
    }
}

registry.category("fields").add("provide_monetary_figure", {
    ...monetaryField,
    component: ProvideMonetaryFigureField,
});
