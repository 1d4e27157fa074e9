package io.brokerconnect.sink.replay;

import java.util.ArrayList;
import java.util.BitSet;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import io.brokerconnect.common.model.RecordSchemas;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.connect.sink.SinkRecord;

/**
 * Keeps the records of each partition's still-open block at the end of a large put() for the next put(), so that
 * blocks reach the {@link BlockTracker} whole and a replayed block is skipped in one piece instead of its tail
 * being written (a transaction that commits to disk) on every put. Held records are not written, so their offsets
 * are not committed: after a restart or a rebalance Connect delivers them again.
 *
 * <p>Only a large put ({@link #MINIMUM_PUT} records or more: a bulk load or a replay) holds anything back; a smaller
 * put (tailing the broker) writes everything, and so does a put that brings no new record of a held partition. The
 * task bounds how long the next put can be in coming (see {@code PostgresSinkTask}), so held records wait
 * milliseconds even when the topic goes quiet right after.
 */
public final class OpenBlockHoldback {

    /** Puts smaller than this write everything: four blocks. */
    public static final int MINIMUM_PUT = 4 * BlockTracker.BLOCK_SIZE;

    private static final String FILE = RecordSchemas.FILE_VALUE.name();

    private Map<TopicPartition, List<SinkRecord>> held = new HashMap<>();
    private Map<TopicPartition, List<SinkRecord>> pending = new HashMap<>();

    /**
     * The records to write for this put: the held records of each partition placed right before that partition's
     * new records (or at the end if it has none), without the trailing open blocks now held back. Nothing changes
     * until {@link #commit} (Connect hands over the same records again after a retriable failure).
     */
    public List<SinkRecord> recordsToWrite(List<SinkRecord> records) {
        List<SinkRecord> all = new ArrayList<>(records.size() + heldCount());
        Set<TopicPartition> seen = new HashSet<>();
        TopicPartition current = null;
        for (SinkRecord record : records) {
            if (current == null || !sameRun(current, record)) {
                current = new TopicPartition(record.originalTopic(), record.originalKafkaPartition());
                if (seen.add(current)) {
                    all.addAll(held.getOrDefault(current, List.of()));
                }
            }
            all.add(record);
        }
        held.forEach((partition, heldRecords) -> {
            if (!seen.contains(partition)) {
                all.addAll(heldRecords); // no new records: write them now
            }
        });
        pending = new HashMap<>();
        if (records.size() < MINIMUM_PUT) {
            return all;
        }
        return withoutTrailingOpenBlocks(all, seen);
    }

    private List<SinkRecord> withoutTrailingOpenBlocks(List<SinkRecord> all, Set<TopicPartition> withNewRecords) {
        if (all.isEmpty()) {
            return all;
        }
        BitSet holding = new BitSet(all.size());
        Set<TopicPartition> done = new HashSet<>();
        int runEnd = all.size();
        for (int i = all.size() - 1; i >= -1; i--) { // runs from the end; each partition has one run here
            if (i >= 0 && sameRun(all.get(i), all.get(runEnd - 1))) {
                continue;
            }
            holdTrailingOpenBlock(all, i + 1, runEnd, withNewRecords, done, holding);
            runEnd = i + 1;
        }
        if (holding.isEmpty()) {
            return all;
        }
        List<SinkRecord> toWrite = new ArrayList<>(all.size() - holding.cardinality());
        for (int i = holding.nextClearBit(0); i < all.size(); i = holding.nextClearBit(i + 1)) {
            toWrite.add(all.get(i));
        }
        return toWrite;
    }

    private void holdTrailingOpenBlock(List<SinkRecord> all, int runStart, int runEnd,
                                       Set<TopicPartition> withNewRecords, Set<TopicPartition> done, BitSet holding) {
        if (runStart >= runEnd) {
            return;
        }
        SinkRecord last = all.get(runEnd - 1);
        TopicPartition partition = new TopicPartition(last.originalTopic(), last.originalKafkaPartition());
        long lastOffset = last.originalKafkaOffset();
        if (!done.add(partition) || !withNewRecords.contains(partition) || !isFile(last)
                || Math.floorMod(lastOffset, BlockTracker.BLOCK_SIZE) == BlockTracker.BLOCK_SIZE - 1) {
            return; // nothing new came for it, it is not a files partition, or its last block is complete
        }
        long block = Math.floorDiv(lastOffset, BlockTracker.BLOCK_SIZE);
        int from = runEnd - 1;
        while (from > runStart && Math.floorDiv(all.get(from - 1).originalKafkaOffset(), BlockTracker.BLOCK_SIZE) == block
                && all.get(from - 1).originalKafkaOffset() < all.get(from).originalKafkaOffset()) {
            from--;
        }
        holding.set(from, runEnd);
        pending.put(partition, new ArrayList<>(all.subList(from, runEnd)));
    }

    /** The put's records were written: what it held back becomes the held records. */
    public void commit() {
        held = pending;
        pending = new HashMap<>();
    }

    /** Drops held records of partitions that are revoked (Connect delivers them again from the committed offset). */
    public void forget(Collection<TopicPartition> partitions) {
        partitions.forEach(held::remove);
    }

    public int heldCount() {
        return held.values().stream().mapToInt(List::size).sum();
    }

    /** Only files blocks are ever skipped; holding collectors or meta back would only delay them. */
    private static boolean isFile(SinkRecord record) {
        return record.valueSchema() != null && FILE.equals(record.valueSchema().name());
    }

    private static boolean sameRun(SinkRecord a, SinkRecord b) {
        return a.originalKafkaPartition().equals(b.originalKafkaPartition()) && a.originalTopic().equals(b.originalTopic());
    }

    private static boolean sameRun(TopicPartition partition, SinkRecord record) {
        return record.originalKafkaPartition() == partition.partition()
            && record.originalTopic().equals(partition.topic());
    }
}
