package io.brokerconnect.tools.generator;

import java.sql.SQLException;
import java.util.List;

/**
 * Keeps what the broker's {@code latest} table holds: per collector and type, the newest file
 * and its sizes. The broker gets there by upserting every inserted batch with an
 * "only if newer" rule; applying the same rule to every generated row gives the same end state
 * without 55 million upserts.
 */
final class LatestTracker {

    @FunctionalInterface
    interface Visitor {
        void visit(FileSeries series, long timestamp, long roughSize, long exactSize) throws SQLException;
    }

    private final List<FileSeries> series;
    private final long[] timestamp;
    private final long[] rough;
    private final long[] exact;
    private final boolean[] present;

    LatestTracker(List<FileSeries> series) {
        this.series = series;
        int n = series.size();
        this.timestamp = new long[n];
        this.rough = new long[n];
        this.exact = new long[n];
        this.present = new boolean[n];
    }

    /** The broker's upsert rule: replace only if strictly newer. */
    void observe(FileSeries s, long ts, long roughSize, long exactSize) {
        int i = s.index();
        if (!present[i] || ts > timestamp[i]) {
            present[i] = true;
            timestamp[i] = ts;
            rough[i] = roughSize;
            exact[i] = exactSize;
        }
    }

    void forEach(Visitor visitor) throws SQLException {
        for (FileSeries s : series) {
            int i = s.index();
            if (present[i]) {
                visitor.visit(s, timestamp[i], rough[i], exact[i]);
            }
        }
    }

    long size() {
        long count = 0;
        for (boolean p : present) {
            if (p) {
                count++;
            }
        }
        return count;
    }
}
