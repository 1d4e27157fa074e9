package io.brokerconnect.tools.generator;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;

/** Test helpers: database files under target/test-dbs and one-line queries. */
final class TestDb {

    private TestDb() {
    }

    static Path path(String name) throws IOException {
        Path dir = Path.of("target", "test-dbs");
        Files.createDirectories(dir);
        return dir.resolve(name + ".sqlite3");
    }

    static Connection open(Path path) throws SQLException {
        return DriverManager.getConnection("jdbc:sqlite:" + path.toAbsolutePath());
    }

    static long longValue(Connection c, String sql) throws SQLException {
        try (Statement st = c.createStatement(); ResultSet rs = st.executeQuery(sql)) {
            rs.next();
            return rs.getLong(1);
        }
    }

    static String string(Connection c, String sql) throws SQLException {
        try (Statement st = c.createStatement(); ResultSet rs = st.executeQuery(sql)) {
            rs.next();
            return rs.getString(1);
        }
    }

    /** All rows as tab-joined strings (values via getString, NULL as "NULL"). */
    static List<String> rows(Connection c, String sql) throws SQLException {
        List<String> rows = new ArrayList<>();
        try (Statement st = c.createStatement(); ResultSet rs = st.executeQuery(sql)) {
            int n = rs.getMetaData().getColumnCount();
            while (rs.next()) {
                StringBuilder row = new StringBuilder();
                for (int i = 1; i <= n; i++) {
                    if (i > 1) {
                        row.append('\t');
                    }
                    String v = rs.getString(i);
                    row.append(v == null ? "NULL" : v);
                }
                rows.add(row.toString());
            }
        }
        return rows;
    }
}
