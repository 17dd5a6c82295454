/** @odoo-module **/

import { patch } from "@web/core/utils/patch";
import { GraphRenderer } from "@web/views/graph/graph_renderer";

// A co-op's trading status keeps its colour whatever else the chart shows.
const TRADING_COLORS = {
    trading: "#43C5B1", // green: still trading
    ceased: "#EA6175", // red: stopped trading
    not_checked: "#BBBBBB", // grey: no check-in yet
};

patch(GraphRenderer.prototype, {
    getBarChartData() {
        const data = super.getBarChartData(...arguments);
        const { fields, groupBy } = this.model.metaData;
        if (groupBy.some((group) => group.fieldName === "trading_status")) {
            const keys = Object.fromEntries(
                (fields.trading_status?.selection || []).map(([key, label]) => [label, key])
            );
            for (const dataset of data.datasets) {
                const color = TRADING_COLORS[keys[dataset.label]];
                if (color) {
                    dataset.backgroundColor = color;
                }
            }
        }
        return data;
    },

    /**
     * Counts of things (enquiries, co-ops) are whole: no 0.5 on the axis.
     */
    getScaleOptions() {
        const scales = super.getScaleOptions(...arguments);
        const { fields, measure } = this.model.metaData;
        if (scales.y && (measure === "__count" || fields[measure]?.type === "integer")) {
            scales.y.ticks = { ...scales.y.ticks, precision: 0 };
        }
        return scales;
    },
});
