package io.brokerconnect.sink.replay;

import io.brokerconnect.common.model.FileRecord;
import io.brokerconnect.sink.write.RoutedBatch;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.connect.sink.SinkRecord;

/**
 * Follows each topic partition's records through blocks of {@link #BLOCK_SIZE} offsets and fingerprints what this
 * task received of each block. A block closes with its last offset, or when a record of a later block arrives (an
 * offset may be missing: a transaction marker, a record Connect dropped); the block still open at the end of a
 * batch carries over to the next. The state changes only through {@link #commit} of a plan whose batch
 * was written, so a batch that Connect hands over again after a failure is planned exactly as before.
 */
public final class BlockTracker {

    /**
     * Offsets per block. Smaller blocks waste less at batch edges (the block still open at the end of a batch is
     * always written); larger ones keep the ledger smaller: 128 gives about 430,000 ledger rows for 55 million files.
     */
    public static final int BLOCK_SIZE = 128;

    private final Map<TopicPartition, Position> positions = new HashMap<>();

    /** Which blocks the batch closes and the positions after it; changes nothing until {@link #commit}. */
    public BlockPlan plan(List<SinkRecord> chunk, RoutedBatch batch) {
        Map<TopicPartition, Position> after = new HashMap<>();
        List<ClosedBlock> closed = new ArrayList<>();
        TopicPartition partition = null;
        Position position = null;
        for (int i = 0; i < chunk.size(); i++) {
            SinkRecord record = chunk.get(i);
            if (partition == null || record.originalKafkaPartition() != partition.partition()
                    || !record.originalTopic().equals(partition.topic())) {
                partition = new TopicPartition(record.originalTopic(), record.originalKafkaPartition());
                position = after.get(partition);
                if (position == null) {
                    Position committed = positions.get(partition);
                    position = committed == null ? null : committed.copyForNextBatch();
                    if (position != null) {
                        after.put(partition, position);
                    }
                }
            }
            long offset = record.originalKafkaOffset();
            long block = Math.floorDiv(offset, BLOCK_SIZE);
            if (position == null || offset < position.nextOffset) {
                position = new Position(block); // first record seen, or Connect went back: start over
                after.put(partition, position);
            } else if (block != position.block) {
                if (!position.closed) {
                    closed.add(position.close(partition));
                }
                position = new Position(block);
                after.put(partition, position);
            }
            int fileIndex = batch.fileIndexOf(i);
            position.add(offset, fileIndex < 0 ? null : batch.files().get(fileIndex), fileIndex);
            if (Math.floorMod(offset, BLOCK_SIZE) == BLOCK_SIZE - 1) {
                closed.add(position.close(partition)); // its last offset: nothing more can come for this block
            }
        }
        return new BlockPlan(closed, after);
    }

    /** The plan's batch was written: its positions become this task's. */
    public void commit(BlockPlan plan) {
        positions.putAll(plan.positionsAfter());
    }

    /** Forgets the partitions (revoked, or written in a way that is not fingerprinted). */
    public void forget(Collection<TopicPartition> partitions) {
        partitions.forEach(positions::remove);
    }

    /** Where one partition's stream stands: the open block, what was received of it, and the next offset. */
    static final class Position {
        final long block;
        long nextOffset;
        BlockFingerprint fingerprint = new BlockFingerprint();
        boolean filesOnly = true;
        long generation = -1;
        int fileFrom = -1;
        int fileTo = -1;
        boolean closed;

        Position(long block) {
            this.block = block;
        }

        void add(long offset, FileRecord file, int fileIndex) {
            nextOffset = offset + 1;
            if (file == null) {
                filesOnly = false;
                return;
            }
            fingerprint.add(offset, file);
            if (fileFrom < 0) {
                fileFrom = fileIndex;
                fileTo = fileIndex + 1;
            } else if (fileIndex == fileTo) {
                fileTo++;
            } else {
                filesOnly = false; // not one run of this batch's files: cannot be skipped as a range
            }
        }

        ClosedBlock close(TopicPartition partition) {
            closed = true;
            int from = Math.max(fileFrom, 0);
            return new ClosedBlock(partition.topic(), partition.partition(), block, fingerprint.a(), fingerprint.b(),
                filesOnly, generation, from, Math.max(fileTo, from));
        }

        Position copyForNextBatch() {
            Position copy = new Position(block);
            copy.nextOffset = nextOffset;
            copy.fingerprint = fingerprint.copy();
            copy.filesOnly = filesOnly;
            copy.generation = generation;
            copy.closed = closed;
            return copy;
        }
    }
}
