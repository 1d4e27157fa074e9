package io.brokerconnect.tools.generator;

import java.nio.file.Path;
import java.time.Instant;
import java.util.EnumMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * What {@link BrokerDatabaseGenerator#generate} wrote. Tests compare the database against it.
 *
 * @param output              the generated file
 * @param filesRows           all rows in {@code files} (good + damaged)
 * @param goodFileRows        undamaged rows in {@code files} (== options.fileRows)
 * @param collectorsRows      rows in {@code collectors} (including the NULL-name one)
 * @param typesRows           rows in {@code types} (2)
 * @param latestRows          rows in {@code latest}
 * @param metaRows            rows in {@code meta} (including damaged ones)
 * @param damaged             damaged rows per kind; every kind is present, 0 if none
 * @param aliasCollectorNames collectors whose project is spelled {@code riperis}/{@code routeviews} (not damage)
 * @param nullNameCollectorId id of the collector with NULL name, or 0 if there is none
 * @param typeIds             the type ids used
 * @param oldestTimestamp     oldest good file timestamp (epoch s), or 0 if no files
 * @param newestTimestamp     newest good file timestamp (epoch s), or 0 if no files
 * @param loadSeconds         time spent creating and loading tables
 * @param indexSeconds        time spent building secondary indexes and switching to WAL
 */
public record GenerationReport(
        Path output,
        long filesRows,
        long goodFileRows,
        long collectorsRows,
        long typesRows,
        long latestRows,
        long metaRows,
        Map<DamageKind, Long> damaged,
        List<String> aliasCollectorNames,
        long nullNameCollectorId,
        TypeIds typeIds,
        long oldestTimestamp,
        long newestTimestamp,
        double loadSeconds,
        double indexSeconds) {

    public GenerationReport {
        EnumMap<DamageKind, Long> all = new EnumMap<>(DamageKind.class);
        for (DamageKind kind : DamageKind.values()) {
            all.put(kind, damaged.getOrDefault(kind, 0L));
        }
        damaged = java.util.Collections.unmodifiableMap(all);
        aliasCollectorNames = List.copyOf(aliasCollectorNames);
    }

    public long damaged(DamageKind kind) {
        return damaged.get(kind);
    }

    /** Damaged rows in one table ({@code files}, {@code meta} or {@code collectors}). */
    public long damagedRows(String table) {
        return damaged.entrySet().stream()
                .filter(e -> e.getKey().table().equals(table))
                .mapToLong(Map.Entry::getValue)
                .sum();
    }

    public long damagedFilesRows() {
        return damagedRows("files");
    }

    public double totalSeconds() {
        return loadSeconds + indexSeconds;
    }

    /** Rows written to {@code files} per second of total generation time. */
    public double rowsPerSecond() {
        double seconds = totalSeconds();
        return seconds > 0 ? filesRows / seconds : 0;
    }

    /** Multi-line human-readable summary (used by the CLI). */
    public String summary() {
        StringBuilder out = new StringBuilder();
        out.append(String.format(Locale.ROOT, "Generated %s%n", output));
        out.append(String.format(Locale.ROOT, "  %-12s %,14d  (%,d good + %,d damaged)%n",
                "files", filesRows, goodFileRows, damagedFilesRows()));
        out.append(String.format(Locale.ROOT, "  %-12s %,14d%n", "collectors", collectorsRows));
        out.append(String.format(Locale.ROOT, "  %-12s %,14d  (rib=%d, updates=%d)%n",
                "types", typesRows, typeIds.ribId(), typeIds.updatesId()));
        out.append(String.format(Locale.ROOT, "  %-12s %,14d%n", "latest", latestRows));
        out.append(String.format(Locale.ROOT, "  %-12s %,14d%n", "meta", metaRows));
        if (goodFileRows > 0) {
            out.append(String.format(Locale.ROOT, "  time range   %s .. %s%n",
                    Instant.ofEpochSecond(oldestTimestamp), Instant.ofEpochSecond(newestTimestamp)));
        }
        for (Map.Entry<DamageKind, Long> e : damaged.entrySet()) {
            if (e.getValue() > 0) {
                out.append(String.format(Locale.ROOT, "  damaged %-28s %,10d  (%s.%s %s)%n", e.getKey(), e.getValue(),
                        e.getKey().table(), e.getKey().column(), e.getKey().defect()));
            }
        }
        if (!aliasCollectorNames.isEmpty()) {
            out.append("  project alias spelling (not damage): ").append(aliasCollectorNames).append('\n');
        }
        out.append(String.format(Locale.ROOT, "  load %.1f s + indexes/WAL %.1f s = %.1f s, %,.0f rows/s%n",
                loadSeconds, indexSeconds, totalSeconds(), rowsPerSecond()));
        return out.toString();
    }
}
