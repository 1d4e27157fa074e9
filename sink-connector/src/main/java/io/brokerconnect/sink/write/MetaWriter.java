package io.brokerconnect.sink.write;

import io.brokerconnect.common.model.MetaRecord;
import io.brokerconnect.sink.layout.TargetLayout;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;

/**
 * Inserts meta rows that are not there yet. The table has no natural key and the broker inserts into it with a
 * plain INSERT and the identity default, so the sink adds no unique constraint (that would make the broker's own
 * insert fail) and never supplies an id; instead it skips a row whose three values already exist. Concurrent sink
 * tasks serialise on a transaction-scoped advisory lock so that two replays cannot both insert the same row.
 * The trigger of migration V3 makes the same rule hold against the broker's own inserts during a dual write
 * (whichever of the two comes second is a no-op).
 */
public final class MetaWriter {

    /** Arbitrary constant naming "broker-connect meta writer" for pg_advisory_xact_lock. */
    private static final long ADVISORY_LOCK_KEY = 0x62726f6b65724d45L;

    private final String sql;

    public MetaWriter(TargetLayout layout) {
        this.sql = layout.insertMissingMeta();
    }

    public int insertMissing(Connection connection, List<MetaRecord> records) throws SQLException {
        if (records.isEmpty()) {
            return 0;
        }
        Long[] ts = new Long[records.size()];
        Integer[] duration = new Integer[records.size()];
        Integer[] count = new Integer[records.size()];
        for (int i = 0; i < records.size(); i++) {
            MetaRecord record = records.get(i);
            ts[i] = record.updateTs().getEpochSecond();
            duration[i] = Math.toIntExact(record.updateDurationSeconds());
            count[i] = Math.toIntExact(record.insertCount());
        }
        try (Statement lock = connection.createStatement()) {
            lock.execute("SELECT pg_advisory_xact_lock(" + ADVISORY_LOCK_KEY + ")");
        }
        try (PreparedStatement statement = connection.prepareStatement(sql)) {
            statement.setArray(1, connection.createArrayOf("bigint", ts));
            statement.setArray(2, connection.createArrayOf("integer", duration));
            statement.setArray(3, connection.createArrayOf("integer", count));
            return statement.executeUpdate();
        }
    }
}
