package io.brokerconnect.sink.replay;

import io.brokerconnect.common.model.FileRecord;
import java.util.ArrayList;
import java.util.BitSet;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import org.apache.kafka.common.TopicPartition;

/**
 * The blocks one batch closes, which of them PostgreSQL already holds (filled in by
 * {@link AppliedBlocks#lookUp}), and the tracker's positions once the batch is written.
 */
public final class BlockPlan {

    private final List<ClosedBlock> candidates;
    private final Map<TopicPartition, BlockTracker.Position> positionsAfter;
    private final BitSet applied = new BitSet();
    private long generation = -1;

    BlockPlan(List<ClosedBlock> closed, Map<TopicPartition, BlockTracker.Position> positionsAfter) {
        this.candidates = closed.stream().filter(ClosedBlock::filesOnly).toList();
        this.positionsAfter = positionsAfter;
    }

    /** Blocks that may be recorded or skipped: closed, and made of files only. */
    List<ClosedBlock> candidates() {
        return candidates;
    }

    /** The ledger's generation at the start of the batch's transaction and which candidates it already holds. */
    void lookedUp(long generation, BitSet appliedCandidates) {
        this.generation = generation;
        applied.clear();
        applied.or(appliedCandidates);
        for (BlockTracker.Position position : positionsAfter.values()) {
            if (position.generation < 0) {
                position.generation = generation; // its first records are written in this transaction
            }
        }
    }

    /** Candidates not yet in the ledger (or changed), to record with the batch, each with its generation. */
    List<ClosedBlock> toRecord() {
        List<ClosedBlock> result = new ArrayList<>();
        for (int i = 0; i < candidates.size(); i++) {
            if (!applied.get(i)) {
                result.add(candidates.get(i).withGeneration(generation));
            }
        }
        return result;
    }

    /** How many of the batch's files are skipped because their block is already applied. */
    public int skippedFiles() {
        int skipped = 0;
        for (int i = applied.nextSetBit(0); i >= 0; i = applied.nextSetBit(i + 1)) {
            skipped += candidates.get(i).fileTo() - candidates.get(i).fileFrom();
        }
        return skipped;
    }

    /** The batch's files without those of blocks already applied. */
    public List<FileRecord> filesToWrite(List<FileRecord> files) {
        if (applied.isEmpty()) {
            return files;
        }
        BitSet skip = new BitSet(files.size());
        for (int i = applied.nextSetBit(0); i >= 0; i = applied.nextSetBit(i + 1)) {
            skip.set(candidates.get(i).fileFrom(), candidates.get(i).fileTo());
        }
        if (skip.cardinality() == files.size()) {
            return Collections.emptyList();
        }
        List<FileRecord> kept = new ArrayList<>(files.size() - skip.cardinality());
        for (int i = skip.nextClearBit(0); i < files.size(); i = skip.nextClearBit(i + 1)) {
            kept.add(files.get(i));
        }
        return kept;
    }

    Map<TopicPartition, BlockTracker.Position> positionsAfter() {
        return positionsAfter;
    }
}
