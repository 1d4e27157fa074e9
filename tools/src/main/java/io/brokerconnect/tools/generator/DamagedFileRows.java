package io.brokerconnect.tools.generator;

import java.sql.SQLException;
import java.util.List;

/**
 * Builds the values of damaged {@code files} rows; row {@code j} gets kind
 * {@code filesKinds[j % 16]}, so any count covers the kinds as evenly as possible.
 *
 * <p>Each row has one defect and otherwise plausible values, so a reader cannot spot it by
 * another column. Where the timestamp is usable it is off the 300 s grid (no good row can have
 * it, so the UNIQUE constraint never fires) and strictly increasing from row to row (no two
 * damaged rows collide either), and it is older than the newest good file of the row's
 * collector/type, so {@code latest} stays "max(timestamp) of the good rows". If the time range
 * is too short for that, timestamps continue below the oldest good file.
 */
final class DamagedFileRows {

    private static final DamageKind[] KINDS = DamageKind.filesKinds();
    private static final int GRID = Timeline.GRID;

    private final Timeline timeline;
    private final FileSizeModel sizes;
    private final List<FileSeries> series;
    private final long count;
    private final long nullNameCollectorId;
    private final long unknownCollectorBase;
    private final long unknownTypeBase;
    private final long spanEnd;
    private long lastTimestamp = Long.MIN_VALUE;
    private long belowT0 = 0;

    DamagedFileRows(Timeline timeline, FileSizeModel sizes, long count, long nullNameCollectorId,
                    long maxCollectorId, TypeIds typeIds) {
        this.timeline = timeline;
        this.sizes = sizes;
        this.series = timeline.series();
        this.count = count;
        this.nullNameCollectorId = nullNameCollectorId;
        this.unknownCollectorBase = Math.max(1_000, maxCollectorId + 1_000);
        this.unknownTypeBase = Math.max(typeIds.ribId(), typeIds.updatesId()) + 1;
        this.spanEnd = Math.floorDiv(timeline.end(), GRID) * GRID;
    }

    static DamageKind kindOf(long j) {
        return KINDS[(int) (j % KINDS.length)];
    }

    /** Writes damaged row {@code j} (call with j = 0, 1, 2, ... in order) and returns its kind. */
    DamageKind write(long j, FileRowSink sink) throws SQLException {
        DamageKind kind = kindOf(j);
        long ts = nextTimestamp(j);
        FileSeries s = seriesNewerThan(ts, (int) (j % series.size()));
        if (s == null) { // no series has a newer good file: go below the oldest good file instead
            ts = timestampBelowT0();
            s = series.get((int) (j % series.size()));
        }
        long h = sizes.fileHash(s.collectorId(), s.type(), ts);
        long rough = Math.max(1, sizes.roughSize(h, s.collectorId(), s.collector().project(), s.type(), ts));
        long exact = Math.max(1, sizes.exactSize(h, s.collectorId(), s.collector().project(), s.type(), ts));
        Object timestamp = ts;
        Object collectorId = s.collectorId();
        Object typeId = (long) s.typeId();
        Object roughSize = rough;
        Object exactSize = exact;
        String text = "garbage-" + j;
        switch (kind) {
            case FILES_TIMESTAMP_TEXT -> timestamp = text;
            case FILES_TIMESTAMP_NULL -> timestamp = null;
            case FILES_TIMESTAMP_REAL -> timestamp = ts + 0.5;
            case FILES_COLLECTOR_ID_TEXT -> collectorId = text;
            case FILES_COLLECTOR_ID_NULL -> collectorId = null;
            case FILES_COLLECTOR_ID_UNKNOWN -> collectorId = unknownCollectorBase + j;
            case FILES_COLLECTOR_NULL_NAME -> collectorId = nullNameCollectorId;
            case FILES_TYPE_ID_TEXT -> typeId = text;
            case FILES_TYPE_ID_NULL -> typeId = null;
            case FILES_TYPE_ID_UNKNOWN -> typeId = unknownTypeBase + (j % 5);
            case FILES_ROUGH_SIZE_TEXT -> roughSize = "garbage";
            case FILES_ROUGH_SIZE_NULL -> roughSize = null;
            case FILES_ROUGH_SIZE_NEGATIVE -> roughSize = -rough;
            case FILES_EXACT_SIZE_TEXT -> exactSize = "garbage";
            case FILES_EXACT_SIZE_NULL -> exactSize = null;
            case FILES_EXACT_SIZE_NEGATIVE -> exactSize = -exact;
            default -> throw new IllegalStateException("not a files kind: " + kind);
        }
        sink.rawFile(timestamp, collectorId, typeId, roughSize, exactSize);
        return kind;
    }

    /** Spread over [t0, newest grid time), strictly increasing, never a multiple of 300. */
    private long nextTimestamp(long j) {
        long t0 = timeline.t0();
        long span = spanEnd - t0;
        if (span <= 0) {
            return timestampBelowT0();
        }
        long candidate = t0 + (long) ((j + 0.5) * span / count);
        long ts = Math.max(candidate, lastTimestamp + 1);
        if (Math.floorMod(ts, GRID) == 0) {
            ts++;
        }
        if (ts >= spanEnd) {
            return timestampBelowT0();
        }
        lastTimestamp = ts;
        return ts;
    }

    private long timestampBelowT0() {
        long ts = Math.min(timeline.t0(), spanEnd) - 1 - belowT0++;
        if (Math.floorMod(ts, GRID) == 0) {
            ts = Math.min(timeline.t0(), spanEnd) - 1 - belowT0++;
        }
        return ts;
    }

    private FileSeries seriesNewerThan(long ts, int start) {
        for (int i = 0; i < series.size(); i++) {
            FileSeries s = series.get((start + i) % series.size());
            if (timeline.newestIncluded(s) > ts) {
                return s;
            }
        }
        return null;
    }
}
