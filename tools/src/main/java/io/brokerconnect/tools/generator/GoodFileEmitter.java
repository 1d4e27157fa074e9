package io.brokerconnect.tools.generator;

import java.sql.SQLException;
import java.util.function.LongConsumer;

/**
 * Turns "series s has a file at ts" into a complete files row: sizes from the model, the
 * {@code latest} bookkeeping, the row to the sink, and the counters the report needs.
 */
final class GoodFileEmitter {

    private final FileSizeModel sizes;
    private final LatestTracker latest;
    private final FileRowSink sink;
    private long emitted;
    private long oldest = Long.MAX_VALUE;
    private long newest = Long.MIN_VALUE;
    private final long progressInterval;
    private final LongConsumer progress;

    /** {@code progress} is called with the row count every {@code progressInterval} rows. */
    GoodFileEmitter(FileSizeModel sizes, LatestTracker latest, FileRowSink sink,
                    long progressInterval, LongConsumer progress) {
        this.sizes = sizes;
        this.latest = latest;
        this.sink = sink;
        this.progressInterval = progressInterval;
        this.progress = progress;
    }

    void emit(FileSeries s, long ts) throws SQLException {
        long cid = s.collectorId();
        BrokerProject project = s.collector().project();
        long h = sizes.fileHash(cid, s.type(), ts);
        long rough = sizes.roughSize(h, cid, project, s.type(), ts);
        long exact = sizes.exactSize(h, cid, project, s.type(), ts);
        latest.observe(s, ts, rough, exact);
        sink.file(ts, cid, s.typeId(), rough, exact);
        if (++emitted % progressInterval == 0) {
            progress.accept(emitted);
        }
        if (ts < oldest) {
            oldest = ts;
        }
        if (ts > newest) {
            newest = ts;
        }
    }

    long emitted() {
        return emitted;
    }

    long oldest() {
        return emitted == 0 ? 0 : oldest;
    }

    long newest() {
        return emitted == 0 ? 0 : newest;
    }
}
