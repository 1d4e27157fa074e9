package io.brokerconnect.sink.replay;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.brokerconnect.common.model.DataType;
import io.brokerconnect.common.model.FileRecord;
import io.brokerconnect.common.model.Project;
import io.brokerconnect.common.model.RecordSchemas;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.LongStream;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.connect.data.Schema;
import org.apache.kafka.connect.sink.SinkRecord;
import org.junit.jupiter.api.Test;

class OpenBlockHoldbackTest {

    private static final int B = BlockTracker.BLOCK_SIZE;

    @Test
    void aLargePutHoldsEachPartitionsOpenBlockAndTheNextPutStartsWithIt() {
        OpenBlockHoldback holdback = new OpenBlockHoldback();
        List<SinkRecord> put = new ArrayList<>(records("t", 0, 0, 5 * B + 10));
        put.addAll(records("t", 1, 100, 4 * B + 5));
        List<SinkRecord> written = holdback.recordsToWrite(put);
        assertEquals(offsets(records("t", 0, 0, 5 * B)), offsets(written.subList(0, 5 * B)));
        assertEquals(offsets(records("t", 1, 100, 4 * B)), offsets(written.subList(5 * B, written.size())));
        holdback.commit();
        assertEquals(15, holdback.heldCount());

        List<SinkRecord> next = new ArrayList<>(records("t", 1, 4 * B + 5, 8 * B));
        next.addAll(records("t", 0, 5 * B + 10, 9 * B + 1));
        written = holdback.recordsToWrite(next);
        assertEquals(offsets(records("t", 1, 4 * B, 8 * B)), offsets(written.subList(0, 4 * B)),
            "held records first, then the new ones; the block ending at 8B-1 is complete: nothing held");
        assertEquals(offsets(records("t", 0, 5 * B, 9 * B)), offsets(written.subList(4 * B, written.size())));
        holdback.commit();
        assertEquals(1, holdback.heldCount());
    }

    @Test
    void aSmallPutWritesEverythingIncludingWhatWasHeld() {
        OpenBlockHoldback holdback = new OpenBlockHoldback();
        holdback.recordsToWrite(records("t", 0, 0, 5 * B + 10));
        holdback.commit();
        List<SinkRecord> small = records("t", 0, 5 * B + 10, 5 * B + 20);
        assertEquals(offsets(records("t", 0, 5 * B, 5 * B + 20)), offsets(holdback.recordsToWrite(small)));
        holdback.commit();
        assertEquals(0, holdback.heldCount());
    }

    @Test
    void heldRecordsOfAPartitionWithoutNewRecordsAreWrittenAndRevokedOnesDropped() {
        OpenBlockHoldback holdback = new OpenBlockHoldback();
        List<SinkRecord> put = new ArrayList<>(records("t", 0, 0, 5 * B + 10));
        put.addAll(records("t", 1, 0, 5 * B + 3));
        holdback.recordsToWrite(put);
        holdback.commit();
        holdback.forget(List.of(new TopicPartition("t", 1)));
        List<SinkRecord> written = holdback.recordsToWrite(records("t", 2, 0, 5 * B));
        assertEquals(5 * B + 10, written.size(), "partition 2's blocks are complete; partition 0's 10 held are written");
        assertEquals(offsets(records("t", 0, 5 * B, 5 * B + 10)), offsets(written.subList(5 * B, written.size())));
    }

    @Test
    void nothingChangesUntilCommit() {
        OpenBlockHoldback holdback = new OpenBlockHoldback();
        holdback.recordsToWrite(records("t", 0, 0, 5 * B + 10));
        holdback.commit();
        List<SinkRecord> next = records("t", 0, 5 * B + 10, 9 * B + 1);
        List<SinkRecord> first = holdback.recordsToWrite(next);
        List<SinkRecord> retried = holdback.recordsToWrite(next); // Connect retries the same put
        assertEquals(offsets(first), offsets(retried));
    }

    @Test
    void onlyFilesPartitionsHoldRecordsBack() {
        OpenBlockHoldback holdback = new OpenBlockHoldback();
        List<SinkRecord> meta = LongStream.range(0, 5 * B + 10)
            .mapToObj(o -> new SinkRecord("m", 0, null, null, Schema.INT64_SCHEMA, o, o)).toList();
        assertEquals(5 * B + 10, holdback.recordsToWrite(meta).size());
    }

    private static List<Long> offsets(List<SinkRecord> records) {
        return records.stream().map(SinkRecord::kafkaOffset).toList();
    }

    private static List<SinkRecord> records(String topic, int partition, long from, long to) {
        return LongStream.range(from, to).mapToObj(o -> new SinkRecord(topic, partition, null, null,
            RecordSchemas.FILE_VALUE, new FileRecord(Project.RIPE_RIS, "rrc00", DataType.RIB,
                Instant.ofEpochSecond(1_700_000_000L + o), 1, 1).toValueStruct(), o)).toList();
    }
}
