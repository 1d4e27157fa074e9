package io.brokerconnect.tools.generator;

/**
 * Live-writer state of one collector and type: where the next file will be.
 *
 * <p>Mutable on purpose: only the writer thread touches it, once per round.
 */
final class LiveSeries {

    /** Delay between a RIB's timestamp and its appearance in the archive listing. */
    static final int RIB_PUBLISH_LAG = 1_200;

    final long collectorId;
    final String collectorName;
    final BrokerProject project;
    final FileType type;
    final long typeId;
    final int period;
    /** Newest stored file timestamp, or {@code Long.MIN_VALUE} if the series has none yet. */
    long newestStored;
    /** Timestamp of the next file to publish. */
    long next;

    LiveSeries(long collectorId, String collectorName, BrokerProject project, FileType type, long typeId,
               long newestStored, long clock) {
        this.collectorId = collectorId;
        this.collectorName = collectorName;
        this.project = project;
        this.type = type;
        this.typeId = typeId;
        this.period = project.interval(type);
        this.newestStored = newestStored;
        this.next = newestStored == Long.MIN_VALUE
                ? Math.floorDiv(clock - 3_600, period) * period // empty series: start with the last hour
                : Math.floorDiv(newestStored, period) * period + period;
    }

    /** Whether the file at {@link #next} is listed by the archive at broker time {@code clock}. */
    boolean nextIsPublished(long clock) {
        long lag = type == FileType.RIB ? RIB_PUBLISH_LAG : period + 30L;
        return next + lag <= clock;
    }
}
