package io.brokerconnect.sink.replay;

import io.brokerconnect.sink.layout.TargetLayout;
import java.sql.Array;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.BitSet;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.kafka.common.TopicPartition;

/**
 * The ledger of applied files blocks in PostgreSQL (migration V4): looked up at the start of a batch's
 * transaction, written before it commits, so that a block is recorded exactly when its files are durably in.
 * Two statements per batch, whatever its size; the rows go in primary-key order so that tasks never deadlock.
 */
public final class AppliedBlocks {

    private final String readGeneration;
    private final String findApplied;
    private final String record;
    private final String exists;
    private final String ledger;

    public AppliedBlocks(TargetLayout layout) {
        this.ledger = layout.appliedBlocksTable();
        this.readGeneration = "SELECT generation FROM " + layout.appliedGenerationTable();
        // One index range scan per partition the batch covers; the fingerprints are compared here, not in SQL.
        this.findApplied = "SELECT l.topic, l.kafka_partition, l.block, l.hash_a, l.hash_b "
            + "FROM unnest(?::text[], ?::int[], ?::bigint[], ?::bigint[]) AS r(topic, kafka_partition, low, high) "
            + "CROSS JOIN LATERAL (SELECT * FROM " + ledger + " l WHERE l.topic = r.topic "
            + "AND l.kafka_partition = r.kafka_partition AND l.block BETWEEN r.low AND r.high "
            + "AND l.generation = ?) l";
        this.record = "INSERT INTO " + ledger + " (topic, kafka_partition, block, hash_a, hash_b, generation) "
            + "SELECT * FROM unnest(?::text[], ?::int[], ?::bigint[], ?::bigint[], ?::bigint[], ?::bigint[]) "
            + "ORDER BY 1, 2, 3 ON CONFLICT (topic, kafka_partition, block) DO UPDATE SET hash_a = EXCLUDED.hash_a, "
            + "hash_b = EXCLUDED.hash_b, generation = EXCLUDED.generation";
        this.exists = "SELECT to_regclass(?) IS NOT NULL";
    }

    /** Whether the ledger table is there (it is not when schema.management=none left an older schema). */
    public boolean present(Connection connection) throws SQLException {
        try (PreparedStatement statement = connection.prepareStatement(exists)) {
            statement.setString(1, ledger);
            try (ResultSet rs = statement.executeQuery()) {
                rs.next();
                return rs.getBoolean(1);
            }
        }
    }

    /** Reads the generation and marks the plan's candidates that the ledger holds with the same fingerprint. */
    public void lookUp(Connection connection, BlockPlan plan) throws SQLException {
        long generation = generation(connection);
        List<ClosedBlock> candidates = plan.candidates();
        plan.lookedUp(generation, candidates.isEmpty() ? new BitSet() : applied(connection, candidates, generation));
    }

    private long generation(Connection connection) throws SQLException {
        try (Statement statement = connection.createStatement();
             ResultSet rs = statement.executeQuery(readGeneration)) {
            if (!rs.next()) {
                throw new SQLException("The applied-blocks generation row is missing: re-create it with INSERT INTO "
                    + "broker_connect_applied_generation (generation) VALUES (0)", "55000");
            }
            return rs.getLong(1);
        }
    }

    /** Which candidates the ledger holds, in the given generation, with the same fingerprint. */
    private BitSet applied(Connection connection, List<ClosedBlock> candidates, long generation)
            throws SQLException {
        Map<BlockId, Integer> index = new HashMap<>();
        Map<TopicPartition, long[]> ranges = new LinkedHashMap<>(); // lowest and highest block per partition
        for (int i = 0; i < candidates.size(); i++) {
            ClosedBlock block = candidates.get(i);
            index.put(new BlockId(block.topic(), block.partition(), block.block()), i);
            ranges.merge(new TopicPartition(block.topic(), block.partition()), new long[] {block.block(), block.block()},
                (a, b) -> new long[] {Math.min(a[0], b[0]), Math.max(a[1], b[1])});
        }
        BitSet applied = new BitSet();
        try (PreparedStatement statement = connection.prepareStatement(findApplied)) {
            statement.setArray(1, array(connection, "text",
                ranges.keySet().stream().map(TopicPartition::topic).toArray(String[]::new)));
            statement.setArray(2, array(connection, "int4",
                ranges.keySet().stream().map(TopicPartition::partition).toArray(Integer[]::new)));
            statement.setArray(3, array(connection, "int8", ranges.values().stream().map(r -> r[0]).toArray(Long[]::new)));
            statement.setArray(4, array(connection, "int8", ranges.values().stream().map(r -> r[1]).toArray(Long[]::new)));
            statement.setLong(5, generation);
            try (ResultSet rs = statement.executeQuery()) {
                while (rs.next()) {
                    Integer i = index.get(new BlockId(rs.getString(1), rs.getInt(2), rs.getLong(3)));
                    if (i != null && candidates.get(i).hashA() == rs.getLong(4)
                            && candidates.get(i).hashB() == rs.getLong(5)) {
                        applied.set(i);
                    }
                }
            }
        }
        return applied;
    }

    /** Records the plan's newly applied blocks; call in the batch's transaction, after its files are written. */
    public void record(Connection connection, BlockPlan plan) throws SQLException {
        Map<BlockId, ClosedBlock> unique = new LinkedHashMap<>(); // one row per key, or ON CONFLICT refuses it
        for (ClosedBlock block : plan.toRecord()) {
            unique.put(new BlockId(block.topic(), block.partition(), block.block()), block);
        }
        if (unique.isEmpty()) {
            return;
        }
        List<ClosedBlock> blocks = List.copyOf(unique.values());
        try (PreparedStatement statement = connection.prepareStatement(record)) {
            bindBlocks(connection, statement, blocks);
            Long[] generations = blocks.stream().map(ClosedBlock::generation).toArray(Long[]::new);
            statement.setArray(6, connection.createArrayOf("bigint", generations));
            statement.executeUpdate();
        }
    }

    private record BlockId(String topic, int partition, long block) {
    }

    private static void bindBlocks(Connection connection, PreparedStatement statement, List<ClosedBlock> blocks)
            throws SQLException {
        statement.setArray(1, array(connection, "text", blocks.stream().map(ClosedBlock::topic).toArray(String[]::new)));
        statement.setArray(2, array(connection, "int4",
            blocks.stream().map(ClosedBlock::partition).toArray(Integer[]::new)));
        statement.setArray(3, array(connection, "int8", blocks.stream().map(ClosedBlock::block).toArray(Long[]::new)));
        statement.setArray(4, array(connection, "int8", blocks.stream().map(ClosedBlock::hashA).toArray(Long[]::new)));
        statement.setArray(5, array(connection, "int8", blocks.stream().map(ClosedBlock::hashB).toArray(Long[]::new)));
    }

    private static Array array(Connection connection, String type, Object[] values) throws SQLException {
        return connection.createArrayOf(type, values);
    }
}
