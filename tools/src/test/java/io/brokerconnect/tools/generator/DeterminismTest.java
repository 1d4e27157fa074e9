package io.brokerconnect.tools.generator;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Instant;
import java.util.HexFormat;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Same options, same database (row by row, in rowid order); another seed or end, another database. */
class DeterminismTest {

    private static final List<String> DUMPS = List.of(
            "SELECT rowid, timestamp, typeof(timestamp), collector_id, type_id, rough_size, exact_size FROM files ORDER BY rowid",
            "SELECT rowid, * FROM meta ORDER BY rowid",
            "SELECT * FROM collectors ORDER BY id",
            "SELECT * FROM types ORDER BY id",
            "SELECT * FROM latest ORDER BY collector_name, type");

    @Test
    void sameSeedGivesTheSameDatabase() throws Exception {
        String first = digest(generate("det-a", 42, GeneratorOptions.DEFAULT_END));
        String second = digest(generate("det-b", 42, GeneratorOptions.DEFAULT_END));
        assertEquals(first, second);
    }

    @Test
    void seedAndEndChangeTheDatabase() throws Exception {
        String base = digest(generate("det-c", 42, GeneratorOptions.DEFAULT_END));
        assertNotEquals(base, digest(generate("det-d", 43, GeneratorOptions.DEFAULT_END)));
        Path shifted = generate("det-e", 42, Instant.parse("2024-01-01T00:00:00Z"));
        assertNotEquals(base, digest(shifted));
        try (Connection c = TestDb.open(shifted)) {
            assertEquals(Instant.parse("2024-01-01T00:00:00Z").getEpochSecond(),
                    TestDb.longValue(c, "SELECT max(timestamp) FROM files WHERE typeof(timestamp) = 'integer'"));
        }
    }

    private static Path generate(String name, long seed, Instant end) throws Exception {
        Path path = TestDb.path(name);
        BrokerDatabaseGenerator.generate(GeneratorOptions.builder(path)
                .fileRows(20_000).damagedRows(40).seed(seed).end(end).build());
        return path;
    }

    private static String digest(Path db) throws Exception {
        MessageDigest md = MessageDigest.getInstance("SHA-256");
        try (Connection c = TestDb.open(db); Statement st = c.createStatement()) {
            for (String sql : DUMPS) {
                try (ResultSet rs = st.executeQuery(sql)) {
                    int n = rs.getMetaData().getColumnCount();
                    while (rs.next()) {
                        for (int i = 1; i <= n; i++) {
                            md.update(String.valueOf(rs.getString(i)).getBytes(StandardCharsets.UTF_8));
                            md.update((byte) 0);
                        }
                    }
                }
                md.update((byte) 1);
            }
        }
        return HexFormat.of().formatHex(md.digest());
    }
}
