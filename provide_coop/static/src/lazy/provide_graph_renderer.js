/** @odoo-module **/

import { patch } from "@web/core/utils/patch";
import { GraphModel } from "@web/views/graph/graph_model";
import { GraphRenderer } from "@web/views/graph/graph_renderer";

// A co-op's trading status keeps its colour whatever else the chart shows.
const TRADING_COLORS = {
    trading: "#43C5B1", // green: still trading
    ceased: "#EA6175", // red: stopped trading
    not_checked: "#BBBBBB", // grey: no check-in yet
};

// A month without enquiries is a bar of nothing on the pipeline reports, not
// a month left out: Odoo's bar chart drops the empty periods the server fills.
patch(GraphModel.prototype, {
    _getProcessedDataPoints() {
        const points = super._getProcessedDataPoints(...arguments);
        const { mode, groupBy, fields, resModel } = this.metaData;
        const first = groupBy[0];
        if (
            mode !== "bar" ||
            !resModel?.startsWith("provide.") ||
            !first ||
            !["date", "datetime"].includes(fields[first.fieldName]?.type)
        ) {
            return points;
        }
        const shown = new Set(points.map((point) => point.labels[0]));
        const kept = new Set(points);
        return this.dataPoints.filter(
            (point) =>
                kept.has(point) || (point.count === 0 && !shown.has(point.labels[0]))
        );
    },
});

patch(GraphRenderer.prototype, {
    getBarChartData() {
        let data = super.getBarChartData(...arguments);
        if (this.model.metaData.resModel?.startsWith("provide.")) {
            // The empty periods kept above add nothing of their own to the
            // legend (a copy: Odoo's model keeps its own datasets).
            data = {
                ...data,
                datasets: data.datasets.filter((dataset) =>
                    dataset.data.some((value) => value)
                ),
            };
        }
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
            // Whole steps, read as whole numbers ("2", not "2.00").
            scales.y.ticks = {
                ...scales.y.ticks,
                precision: 0,
                callback: (value) => this.formatValue(value, true),
            };
        }
        return scales;
    },
});
