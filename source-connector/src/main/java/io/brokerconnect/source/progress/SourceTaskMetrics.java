package io.brokerconnect.source.progress;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.function.ToDoubleFunction;
import org.apache.kafka.common.MetricName;
import org.apache.kafka.common.metrics.Gauge;
import org.apache.kafka.common.metrics.PluginMetrics;

/**
 * Publishes the progress counters as Connect plugin metrics (KIP-877), so tools read them over JMX under
 * {@code kafka.connect:type=plugins,connector=...,task=...} with a {@code table} tag.
 */
public final class SourceTaskMetrics implements AutoCloseable {

    private final PluginMetrics pluginMetrics;
    private final List<MetricName> registered = new ArrayList<>();

    private SourceTaskMetrics(PluginMetrics pluginMetrics) {
        this.pluginMetrics = pluginMetrics;
    }

    /** Registers gauges for each table; a null {@code pluginMetrics} (older worker) registers nothing. */
    public static SourceTaskMetrics register(PluginMetrics pluginMetrics, List<TableProgress> tables,
                                             java.util.function.LongSupplier nanoClock) {
        SourceTaskMetrics metrics = new SourceTaskMetrics(pluginMetrics);
        if (pluginMetrics == null) {
            return metrics;
        }
        for (TableProgress table : tables) {
            metrics.add(table, "rows-emitted", "Rows emitted as records since the task started", t -> t.emittedCount());
            metrics.add(table, "rows-rejected", "Damaged rows sent to the errors topic since the task started",
                t -> t.rejectedCount());
            metrics.add(table, "rows-filtered", "Rows skipped by files.since since the task started",
                t -> t.filteredCount());
            metrics.add(table, "rows-total", "Rows processed plus rows remaining", t -> t.total());
            metrics.add(table, "rows-remaining", "Rows not yet read", t -> t.remaining());
            metrics.add(table, "position-rowid", "Rowid of the last row read", t -> t.positionRowid());
            metrics.add(table, "rows-per-second", "Rows processed per second since the task started",
                t -> t.ratePerSecond(nanoClock.getAsLong()));
            metrics.add(table, "eta-seconds", "Estimated seconds until caught up (-1 when unknown)",
                t -> t.etaSeconds(nanoClock.getAsLong()).orElse(-1));
            metrics.add(table, "rowid-renumberings", "Times a VACUUM renumbering of rowids was detected",
                t -> t.renumberingCount());
        }
        return metrics;
    }

    private void add(TableProgress table, String name, String description, ToDoubleFunction<TableProgress> value) {
        LinkedHashMap<String, String> tags = new LinkedHashMap<>();
        tags.put("table", table.table());
        MetricName metricName = pluginMetrics.metricName(name, description, tags);
        pluginMetrics.addMetric(metricName, (Gauge<Double>) (config, now) -> value.applyAsDouble(table));
        registered.add(metricName);
    }

    @Override
    public void close() {
        if (pluginMetrics != null) {
            registered.forEach(pluginMetrics::removeMetric);
        }
        registered.clear();
    }
}
