package io.brokerconnect.sink.apply;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.brokerconnect.common.model.DataType;
import io.brokerconnect.common.model.FileRecord;
import io.brokerconnect.common.model.Project;
import io.brokerconnect.sink.it.SinkProps;
import io.brokerconnect.sink.replay.BlockTracker;
import io.brokerconnect.testkit.postgres.PostgresDatabase;
import io.brokerconnect.testkit.postgres.PostgresExtension;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.IntStream;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.connect.sink.SinkRecord;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The applied-blocks ledger (replay.skip.applied.blocks): a replay skips blocks PostgreSQL already holds, and
 * anything that takes rows away makes the next replay write everything again.
 */
class AppliedBlocksIT {

    @RegisterExtension
    static final PostgresExtension POSTGRES = PostgresExtension.shared();

    private static final int FILES = 1_000;
    private static final long BASE = 1_700_000_000L;
    private static final int CLOSED_BLOCKS = FILES / BlockTracker.BLOCK_SIZE; // the last, open block is always written

    @Test
    void aReplaySkipsTheBlocksItAppliedBefore(PostgresDatabase db) throws Exception {
        applyInNewTask(db, files(BASE));
        try (Connection c = db.connect(); Statement s = c.createStatement()) {
            assertEquals(FILES, count(s, "SELECT count(*) FROM files"));
            assertEquals(CLOSED_BLOCKS, count(s, "SELECT count(*) FROM broker_connect_applied_blocks"));
            // Taken away behind the ledger's back (triggers off, as a replica would): a skipped block is not
            // written, so the row in block 0 stays missing; the row in the open last block is written again.
            deleteBehindTheTriggers(s, "ts IN (to_timestamp(" + ts(BASE, 10) + "), to_timestamp("
                + ts(BASE, FILES - 3) + "))");
            applyInNewTask(db, files(BASE));
            assertEquals(FILES - 1, count(s, "SELECT count(*) FROM files"), "block 0 was skipped, the last block written");
            assertEquals(0, count(s, "SELECT count(*) FROM files WHERE ts = to_timestamp(" + ts(BASE, 10) + ")"));
        }
    }

    @Test
    void aReplayAfterADeleteRestoresEveryRow(PostgresDatabase db) throws Exception {
        applyInNewTask(db, files(BASE));
        try (Connection c = db.connect(); Statement s = c.createStatement()) {
            long before = generation(s);
            s.execute("DELETE FROM files WHERE ts IN (to_timestamp(" + ts(BASE, 10) + "), to_timestamp("
                + ts(BASE, 500) + "))");
            s.execute("DELETE FROM latest WHERE collector_name = 'rrc01'");
            assertTrue(generation(s) > before, "a delete invalidates the ledger");
            applyInNewTask(db, files(BASE));
            assertEquals(FILES, count(s, "SELECT count(*) FROM files"));
            assertEquals(2, count(s, "SELECT count(*) FROM latest WHERE collector_name = 'rrc01'"),
                "latest restored too");
        }
    }

    @Test
    void otherFilesAtTheSameOffsetsAreWritten(PostgresDatabase db) throws Exception {
        applyInNewTask(db, files(BASE));
        applyInNewTask(db, files(BASE + 10_000_000L)); // a recreated topic: same offsets, other files
        try (Connection c = db.connect(); Statement s = c.createStatement()) {
            assertEquals(2 * FILES, count(s, "SELECT count(*) FROM files"));
        }
    }

    @Test
    void onlyChangesThatTakeSomethingAwayInvalidateTheLedger(PostgresDatabase db) throws Exception {
        applyInNewTask(db, files(BASE));
        try (Connection c = db.connect(); Statement s = c.createStatement()) {
            long generation = generation(s);
            applyInNewTask(db, files(BASE + 10_000_000L));
            s.execute("SELECT upsert_latest('rrc01', 'updates', to_timestamp(" + (BASE + 20_000_000L) + "), 1, 2)");
            s.execute("SELECT upsert_latest('rrc01', 'updates', to_timestamp(" + BASE + "), 1, 2)"); // older: no-op
            s.execute("UPDATE files SET rough_size = 5 WHERE ts = to_timestamp(" + ts(BASE, 3) + ")");
            s.execute("UPDATE collectors SET url = 'https://example.org/rrc01' WHERE name = 'rrc01'");
            s.execute("INSERT INTO meta (update_ts, update_duration, insert_count) VALUES (now(), 1, 1)");
            s.execute("DELETE FROM meta");
            assertEquals(generation, generation(s), "the sink's writes, the broker's writes and meta keep the ledger");

            s.execute("UPDATE latest SET ts = ts - interval '1 day' WHERE collector_name = 'rrc02'");
            assertEquals(++generation, generation(s), "latest moved back");
            s.execute("UPDATE collectors SET name = 'rrc99' WHERE name = 'rrc03'");
            assertEquals(++generation, generation(s), "collector renamed");
            s.execute("DELETE FROM files WHERE false");
            assertEquals(++generation, generation(s), "any delete statement on files");
            s.execute("TRUNCATE latest");
            assertEquals(++generation, generation(s), "truncate");
        }
    }

    @Test
    void aBrokerSessionWithoutTheSchemaOnItsSearchPathCanStillDelete(PostgresDatabase db) throws Exception {
        Map<String, String> props = new HashMap<>(SinkProps.forDatabase(db));
        props.put("schema", "broker_target");
        apply(props, files(BASE));
        try (Connection c = db.connect(); Statement s = c.createStatement()) {
            s.execute("SET search_path = public");
            assertEquals(1, s.executeUpdate("DELETE FROM broker_target.files WHERE ts = to_timestamp("
                + ts(BASE, 10) + ")"));
            assertEquals(1, count(s, "SELECT generation FROM broker_target.broker_connect_applied_generation"));
            apply(props, files(BASE));
            assertEquals(FILES, count(s, "SELECT count(*) FROM broker_target.files"));
        }
    }

    @Test
    void withTheSwitchOffEveryReplayedFileIsWritten(PostgresDatabase db) throws Exception {
        Map<String, String> props = new HashMap<>(SinkProps.forDatabase(db));
        props.put("replay.skip.applied.blocks", "false");
        apply(props, files(BASE));
        try (Connection c = db.connect(); Statement s = c.createStatement()) {
            assertEquals(0, count(s, "SELECT count(*) FROM broker_connect_applied_blocks"));
            deleteBehindTheTriggers(s, "ts = to_timestamp(" + ts(BASE, 10) + ")");
            apply(props, files(BASE));
            assertEquals(FILES, count(s, "SELECT count(*) FROM files"));
        }
    }

    @Test
    void aReplaySkipsTheRestOfABlockThatAnEarlierPutBegan(PostgresDatabase db) throws Exception {
        List<SinkRecord> records = new ArrayList<>(files(BASE));
        records.addAll(files(BASE + 10_000_000L, FILES));
        Map<String, String> props = new HashMap<>(SinkProps.forDatabase(db));
        props.put("batch.size", "20000");
        apply(props, records, 700);
        try (Connection c = db.connect(); Statement s = c.createStatement()) {
            assertEquals(2 * FILES, count(s, "SELECT count(*) FROM files"));
            // offset 5; offset 700, in block 640..767, which two puts deliver (..699 is written, as the last block
            // of its put; 700.. is skipped once the block is complete); offset 1999, in the last block, still open
            deleteBehindTheTriggers(s, "ts IN (to_timestamp(" + ts(BASE, 5) + "), to_timestamp(" + ts(BASE, 700)
                + "), to_timestamp(" + ts(BASE + 10_000_000L, FILES - 1) + "))");
            apply(props, records, 700);
            assertEquals(2 * FILES - 2, count(s, "SELECT count(*) FROM files"), "skipped whole; the open block written");
        }
    }

    /** A fresh task (as after a restart or an offset reset), put() in batches as Connect would. */
    private static void applyInNewTask(PostgresDatabase db, List<SinkRecord> records) {
        apply(new HashMap<>(SinkProps.forDatabase(db)), records);
    }

    private static void apply(Map<String, String> props, List<SinkRecord> records) {
        props.put("batch.size", "300");
        apply(props, records, 450);
    }

    /**
     * put() of {@code putSize} records at a time, by one task, which then catches up: the replays here are replays
     * onto a loaded table (a first load ends once its task has caught up, see FirstLoadIndexes).
     */
    private static void apply(Map<String, String> props, List<SinkRecord> records, int putSize) {
        props.put("first.load.caught.up.after.ms", "100");
        try (SinkTaskHarness sink = new SinkTaskHarness(props,
                Set.of(new TopicPartition(BrokerSinkRecords.FILES_TOPIC, 0)))) {
            for (int from = 0; from < records.size(); from += putSize) {
                sink.put(records.subList(from, Math.min(records.size(), from + putSize)));
            }
            sink.catchUp();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /** Deletes files as a session with triggers off would (a replica), so the ledger is not told. */
    private static void deleteBehindTheTriggers(Statement s, String condition) throws SQLException {
        s.execute("SET session_replication_role = replica");
        s.execute("DELETE FROM files WHERE " + condition);
        s.execute("SET session_replication_role = origin");
    }

    private static List<SinkRecord> files(long base) {
        return files(base, 0);
    }

    /** FILES files from {@code base} on, at offsets from {@code firstOffset} on. */
    private static List<SinkRecord> files(long base, long firstOffset) {
        return IntStream.range(0, FILES).mapToObj(i -> BrokerSinkRecords.file(0, firstOffset + i,
            new FileRecord(Project.RIPE_RIS, "rrc0" + i % 4, i / 4 % 2 == 0 ? DataType.UPDATES : DataType.RIB, Instant.ofEpochSecond(ts(base, i)),
            i + 1, i + 2))).toList();
    }

    private static long ts(long base, int i) {
        return base + i * 300L;
    }

    private static long generation(Statement s) throws SQLException {
        return count(s, "SELECT generation FROM broker_connect_applied_generation");
    }

    private static long count(Statement s, String sql) throws SQLException {
        try (ResultSet rs = s.executeQuery(sql)) {
            rs.next();
            return rs.getLong(1);
        }
    }
}
