package io.brokerconnect.sink.replay;

import io.brokerconnect.sink.write.TargetTables;
import java.sql.Array;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.BitSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

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

    public AppliedBlocks(TargetTables tables) {
        this.ledger = tables.appliedBlocks();
        this.readGeneration = "SELECT generation FROM " + tables.appliedGeneration();
        this.findApplied = "SELECT b.ord FROM unnest(?::text[], ?::int[], ?::bigint[], ?::bigint[], ?::bigint[]) "
            + "WITH ORDINALITY AS b(topic, kafka_partition, block, hash_a, hash_b, ord) JOIN " + ledger + " l "
            + "ON l.topic = b.topic AND l.kafka_partition = b.kafka_partition AND l.block = b.block "
            + "AND l.hash_a = b.hash_a AND l.hash_b = b.hash_b AND l.generation = ?";
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
        long generation;
        try (Statement statement = connection.createStatement();
             ResultSet rs = statement.executeQuery(readGeneration)) {
            if (!rs.next()) {
                throw new SQLException("The applied-blocks generation row is missing: re-create it with INSERT INTO "
                    + "broker_connect_applied_generation (generation) VALUES (0)", "55000");
            }
            generation = rs.getLong(1);
        }
        BitSet applied = new BitSet();
        List<ClosedBlock> candidates = plan.candidates();
        if (!candidates.isEmpty()) {
            try (PreparedStatement statement = connection.prepareStatement(findApplied)) {
                bindBlocks(connection, statement, candidates);
                statement.setLong(6, generation);
                try (ResultSet rs = statement.executeQuery()) {
                    while (rs.next()) {
                        applied.set((int) rs.getLong(1) - 1);
                    }
                }
            }
        }
        plan.lookedUp(generation, applied);
    }

    /** Records the plan's newly applied blocks; call in the batch's transaction, after its files are written. */
    public void record(Connection connection, BlockPlan plan) throws SQLException {
        Map<String, ClosedBlock> unique = new LinkedHashMap<>(); // one row per key, or ON CONFLICT refuses the statement
        for (ClosedBlock block : plan.toRecord()) {
            unique.put(block.topic() + '\0' + block.partition() + '\0' + block.block(), block);
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
