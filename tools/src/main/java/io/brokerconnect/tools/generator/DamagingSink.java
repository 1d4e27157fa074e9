package io.brokerconnect.tools.generator;

import java.sql.SQLException;
import java.util.EnumMap;
import java.util.Map;

/**
 * Slips damaged rows in between the good ones so they are spread evenly over the rowid range
 * (damaged row j follows good row floor((j + 0.5) * good / damaged)), instead of sitting in one
 * block a reader could skip by accident. Damaged meta rows are spread the same way over the
 * meta rows. Counts every damaged row it writes, per kind, for the report.
 */
final class DamagingSink implements FileRowSink {

    private final FileRowSink target;
    private final DamagedFileRows damagedFiles;
    private final long goodFileRows;
    private final long damagedFileRows;
    private final long expectedMetaRows;
    private final boolean damageMeta;
    private final Map<DamageKind, Long> counts = new EnumMap<>(DamageKind.class);
    private long goodSeen;
    private long nextDamaged;
    private long metaSeen;

    DamagingSink(FileRowSink target, DamagedFileRows damagedFiles, long goodFileRows, long damagedFileRows,
                 long expectedMetaRows, boolean damageMeta) {
        this.target = target;
        this.damagedFiles = damagedFiles;
        this.goodFileRows = goodFileRows;
        this.damagedFileRows = damagedFileRows;
        this.expectedMetaRows = expectedMetaRows;
        this.damageMeta = damageMeta;
    }

    @Override
    public void file(long timestamp, long collectorId, long typeId, long roughSize, long exactSize)
            throws SQLException {
        target.file(timestamp, collectorId, typeId, roughSize, exactSize);
        goodSeen++;
        while (nextDamaged < damagedFileRows && positionOf(nextDamaged) < goodSeen) {
            writeDamaged();
        }
    }

    @Override
    public void rawFile(Object timestamp, Object collectorId, Object typeId, Object roughSize, Object exactSize)
            throws SQLException {
        target.rawFile(timestamp, collectorId, typeId, roughSize, exactSize);
    }

    @Override
    public void meta(Object updateTs, Object updateDuration, Object insertCount) throws SQLException {
        target.meta(updateTs, updateDuration, insertCount);
        metaSeen++;
        if (damageMeta && metaSeen == Math.max(1, expectedMetaRows / 3)) {
            target.meta("garbage", 0L, 0L);
            count(DamageKind.META_UPDATE_TS_TEXT);
        }
        if (damageMeta && metaSeen == Math.max(1, 2 * expectedMetaRows / 3)) {
            target.meta(updateTs instanceof Long ts ? ts + 1 : updateTs, 1L, null);
            count(DamageKind.META_INSERT_COUNT_NULL);
        }
    }

    /** Writes whatever damage is still due (all of it when there were no good rows or meta rows). */
    void finish() throws SQLException {
        while (nextDamaged < damagedFileRows) {
            writeDamaged();
        }
        if (damageMeta && expectedMetaRows == 0) {
            target.meta("garbage", 0L, 0L);
            count(DamageKind.META_UPDATE_TS_TEXT);
            target.meta(0L, 1L, null);
            count(DamageKind.META_INSERT_COUNT_NULL);
        }
    }

    void count(DamageKind kind) {
        counts.merge(kind, 1L, Long::sum);
    }

    Map<DamageKind, Long> counts() {
        return counts;
    }

    private long positionOf(long j) {
        return (long) ((j + 0.5) * goodFileRows / damagedFileRows);
    }

    private void writeDamaged() throws SQLException {
        count(damagedFiles.write(nextDamaged++, target));
    }
}
