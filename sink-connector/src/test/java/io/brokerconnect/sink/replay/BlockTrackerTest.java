package io.brokerconnect.sink.replay;

import io.brokerconnect.sink.config.Identifier;
import io.brokerconnect.sink.layout.TargetLayouts;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.brokerconnect.common.model.DataType;
import io.brokerconnect.common.model.FileRecord;
import io.brokerconnect.common.model.Project;
import io.brokerconnect.common.model.RecordSchemas;
import io.brokerconnect.sink.write.RecordRouter;
import io.brokerconnect.sink.write.RoutedBatch;
import java.time.Instant;
import java.util.ArrayList;
import java.util.BitSet;
import java.util.List;
import java.util.stream.LongStream;
import org.apache.kafka.connect.data.Schema;
import org.apache.kafka.connect.sink.SinkRecord;
import org.junit.jupiter.api.Test;

class BlockTrackerTest {

    private static final int B = BlockTracker.BLOCK_SIZE;
    private final RecordRouter router = new RecordRouter(TargetLayouts.spec(new Identifier("public")));

    @Test
    void aBatchClosesEveryBlockButItsLastAndTheNextBatchClosesThatOne() {
        BlockTracker tracker = new BlockTracker();
        List<SinkRecord> first = files("t", 0, 0, 2 * B + 44);
        BlockPlan plan = plan(tracker, first);
        assertEquals(List.of(0L, 1L), blocks(plan));
        assertEquals(List.of(0, B), plan.candidates().stream().map(ClosedBlock::fileFrom).toList());
        assertEquals(List.of(B, 2 * B), plan.candidates().stream().map(ClosedBlock::fileTo).toList());
        tracker.commit(plan);

        BlockPlan second = plan(tracker, files("t", 0, 2 * B + 44, 3 * B + 1));
        assertEquals(List.of(2L), blocks(second));
        ClosedBlock carried = second.candidates().get(0);
        assertEquals(0, carried.fileFrom());
        assertEquals(B - 44, carried.fileTo(), "only this batch's records of the block");

        BlockPlan whole = plan(new BlockTracker(), files("t", 0, 0, 3 * B + 1));
        ClosedBlock inOne = whole.candidates().get(2);
        assertEquals(inOne.hashA(), carried.hashA(), "the fingerprint does not depend on where batches split");
        assertEquals(inOne.hashB(), carried.hashB());
    }

    @Test
    void planningTheSameBatchAgainGivesTheSamePlanUntilItIsCommitted() {
        BlockTracker tracker = new BlockTracker();
        tracker.commit(plan(tracker, files("t", 0, 0, 100)));
        List<SinkRecord> retried = files("t", 0, 100, 3 * B);
        BlockPlan once = plan(tracker, retried);
        BlockPlan again = plan(tracker, retried);
        assertEquals(once.candidates(), again.candidates());
        assertEquals(B - 100, once.candidates().get(0).fileTo(), "offsets 100..127 of block 0");
        tracker.commit(once);
        BlockPlan afterCommit = plan(tracker, retried);
        assertNotEquals(once.candidates(), afterCommit.candidates(), "committed: the same offsets now mean going back");
    }

    @Test
    void aBlockClosesWithItsLastOffsetWithoutWaitingForTheNextBlock() {
        BlockTracker tracker = new BlockTracker();
        BlockPlan plan = plan(tracker, files("t", 0, 0, 2 * B));
        assertEquals(List.of(0L, 1L), blocks(plan), "offset 2B-1 ends block 1");
        tracker.commit(plan);
        assertEquals(List.of(2L), blocks(plan(tracker, files("t", 0, 2 * B, 3 * B))), "block 1 is not closed twice");
    }

    @Test
    void differentFilesAtTheSameOffsetsFingerprintDifferently() {
        ClosedBlock a = plan(new BlockTracker(), files("t", 0, 0, B + 1)).candidates().get(0);
        List<SinkRecord> changed = new ArrayList<>(files("t", 0, 0, B + 1));
        changed.set(7, record("t", 0, 7, new FileRecord(Project.RIPE_RIS, "rrc00", DataType.UPDATES,
            Instant.ofEpochSecond(1_700_000_007L), 1, 8)));
        ClosedBlock b = plan(new BlockTracker(), changed).candidates().get(0);
        assertNotEquals(a.hashA(), b.hashA());
        assertNotEquals(a.hashB(), b.hashB());
        ClosedBlock otherOffsets = plan(new BlockTracker(), files("t", 0, B, 2 * B + 1)).candidates().get(0);
        assertNotEquals(a.hashA(), otherOffsets.hashA(), "the offsets are part of the fingerprint");
    }

    @Test
    void aBlockWithARecordThatIsNotAFileIsNeitherRecordedNorSkipped() {
        List<SinkRecord> records = new ArrayList<>(files("t", 0, 0, 2 * B + 1));
        records.set(B + 3, new SinkRecord("t", 0, null, null, Schema.STRING_SCHEMA, "not a file", B + 3));
        BlockPlan plan = plan(new BlockTracker(), records);
        assertEquals(List.of(0L), blocks(plan), "block 1 holds a rejected record: it must reach the DLQ again");
    }

    @Test
    void goingBackStartsOverWithoutClosingTheBlockItLeft() {
        BlockTracker tracker = new BlockTracker();
        tracker.commit(plan(tracker, files("t", 0, 0, B + 50)));
        BlockPlan rewound = plan(tracker, files("t", 0, 10, B + 1));
        assertEquals(List.of(0L), blocks(rewound));
        assertEquals(0, rewound.candidates().get(0).fileFrom());
        assertEquals(B - 10, rewound.candidates().get(0).fileTo());
        ClosedBlock full = plan(new BlockTracker(), files("t", 0, 0, B + 1)).candidates().get(0);
        assertNotEquals(full.hashA(), rewound.candidates().get(0).hashA(), "it covers offsets 10.. only");
    }

    @Test
    void forgottenPartitionsStartOver() {
        BlockTracker tracker = new BlockTracker();
        tracker.commit(plan(tracker, files("t", 0, 0, 100)));
        tracker.forget(List.of(new org.apache.kafka.common.TopicPartition("t", 0)));
        ClosedBlock block = plan(tracker, files("t", 0, 100, B + 1)).candidates().get(0);
        assertEquals(B - 100, block.fileTo() - block.fileFrom());
        ClosedBlock full = plan(new BlockTracker(), files("t", 0, 0, B + 1)).candidates().get(0);
        assertNotEquals(full.hashA(), block.hashA());
    }

    @Test
    void partitionsAreFollowedSeparately() {
        List<SinkRecord> records = new ArrayList<>(files("t", 0, 0, B + 1));
        records.addAll(files("t", 1, 0, B + 1));
        records.addAll(files("u", 0, 5 * B, 6 * B + 1));
        BlockPlan plan = plan(new BlockTracker(), records);
        assertEquals(List.of("t-0-0", "t-1-0", "u-0-5"), plan.candidates().stream()
            .map(b -> b.topic() + "-" + b.partition() + "-" + b.block()).toList());
        assertEquals(B + 1, plan.candidates().get(1).fileFrom());
    }

    @Test
    void filesOfAppliedBlocksAreLeftOutAndTheRestKeptInOrder() {
        List<SinkRecord> records = files("t", 0, 0, 3 * B + 5);
        RoutedBatch batch = router.route(records);
        BlockPlan plan = new BlockTracker().plan(records, batch);
        BitSet applied = new BitSet();
        applied.set(0);
        applied.set(2);
        plan.lookedUp(7, applied);
        List<FileRecord> kept = plan.filesToWrite(batch.files());
        assertEquals(B + 5, kept.size());
        assertEquals(batch.files().get(B), kept.get(0));
        assertEquals(batch.files().get(3 * B), kept.get(B));
        assertEquals(2 * B, plan.skippedFiles());
        assertEquals(List.of(1L), plan.toRecord().stream().map(ClosedBlock::block).toList());
        assertEquals(7, plan.toRecord().get(0).generation());
        assertTrue(plan.positionsAfter().values().stream().allMatch(p -> p.generation == 7));
        assertFalse(plan.toRecord().isEmpty());
    }

    private BlockPlan plan(BlockTracker tracker, List<SinkRecord> records) {
        return tracker.plan(records, router.route(records));
    }

    private static List<Long> blocks(BlockPlan plan) {
        return plan.candidates().stream().map(ClosedBlock::block).toList();
    }

    private static List<SinkRecord> files(String topic, int partition, long fromOffset, long toOffset) {
        return LongStream.range(fromOffset, toOffset).mapToObj(offset -> record(topic, partition, offset,
            new FileRecord(offset % 3 == 0 ? Project.ROUTE_VIEWS : Project.RIPE_RIS, "rrc0" + offset % 5,
                DataType.UPDATES, Instant.ofEpochSecond(1_700_000_000L + offset), offset, 2 * offset))).toList();
    }

    private static SinkRecord record(String topic, int partition, long offset, FileRecord file) {
        return new SinkRecord(topic, partition, null, null, RecordSchemas.FILE_VALUE, file.toValueStruct(), offset);
    }
}
