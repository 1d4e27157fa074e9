package io.brokerconnect.sink.bench;

import java.lang.management.ManagementFactory;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import javax.management.MBeanServer;
import javax.management.ObjectName;

/**
 * The rate of a sink connector between 10% and 90% of its records, from Connect's own
 * {@code sink-record-send-total} metric (records handed to put(); put() returns once they are written), sampled
 * while the benchmark waits. Wall-clock totals include the connector's start-up (consumer group join, first fetch)
 * and up to one offset-commit interval at the end, which weigh more the faster the middle part runs; this is the
 * middle part alone, reported next to the totals, never instead of them. {@link #timeline()} says where the rest
 * went: when each task handed its first records to put(), and when all records were handed over.
 */
final class SteadyRate {

    private final String connector;
    private final long expected;
    private final long startNanos = System.nanoTime();
    private final List<long[]> samples = new ArrayList<>();
    private final Map<String, Long> firstRecordNanos = new TreeMap<>();
    private long committedNanos;

    SteadyRate(String connector, long expected) {
        this.connector = connector;
        this.expected = expected;
    }

    void sample() {
        samples.add(new long[] {System.nanoTime(), sentTotal()});
    }

    /** Every record's offset is committed. */
    void committed() {
        committedNanos = System.nanoTime();
    }

    /** Records per second between the samples that first reached 10% and 90%, or NaN if there are too few. */
    double rowsPerSecond() {
        long[] low = firstReaching(expected / 10);
        long[] high = firstReaching(expected * 9 / 10);
        if (low == null || high == null || high[0] == low[0]) {
            return Double.NaN;
        }
        return (high[1] - low[1]) / ((high[0] - low[0]) / 1e9);
    }

    /** Seconds from the start of waiting to each task's first records in put(), and to the last record in put(). */
    String timeline() {
        StringBuilder line = new StringBuilder();
        firstRecordNanos.forEach((task, nanos) -> line.append(String.format("task %s first records at %.1f s, ", task,
            (nanos - startNanos) / 1e9)));
        long[] all = firstReaching(expected);
        line.append(all == null ? "not all records reached put()" : String.format("all records in put() by %.1f s, "
            + "all offsets committed at %.1f s", (all[0] - startNanos) / 1e9, (committedNanos - startNanos) / 1e9));
        return line.toString();
    }

    private long[] firstReaching(long records) {
        return samples.stream().filter(s -> s[1] >= records).findFirst().orElse(null);
    }

    private long sentTotal() {
        try {
            MBeanServer server = ManagementFactory.getPlatformMBeanServer();
            long sum = 0;
            for (ObjectName name : server.queryNames(new ObjectName(
                "kafka.connect:type=sink-task-metrics,connector=" + connector + ",task=*"), null)) {
                long sent = ((Number) server.getAttribute(name, "sink-record-send-total")).longValue();
                if (sent > 0) {
                    firstRecordNanos.putIfAbsent(name.getKeyProperty("task"), System.nanoTime());
                }
                sum += sent;
            }
            return sum;
        } catch (Exception e) {
            return 0; // the tasks are not there yet
        }
    }
}
