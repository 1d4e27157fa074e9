package io.brokerconnect.sink.apply;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.HashMap;
import java.util.Map;
import java.util.function.IntFunction;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.postgresql.util.PSQLException;
import org.postgresql.util.ServerErrorMessage;

/** Readable descriptions of failures, in particular of PostgreSQL's deadlock reports (who waited for what). */
final class Deadlocks {

    private static final Pattern EDGE =
        Pattern.compile("Process (\\d+) waits for (\\w+) on ([^;]+); blocked by process (\\d+)");
    private static final Pattern RELATION = Pattern.compile("relation (\\d+) of database \\d+");

    private Deadlocks() {
    }

    /** The exception chain with SQLStates (40P01 deadlock, 55P03 lock timeout, ...) and the server's "where". */
    static String describe(Throwable e) {
        StringBuilder out = new StringBuilder();
        for (Throwable t = e; t != null; t = t.getCause() == t ? null : t.getCause()) {
            out.append(out.length() == 0 ? "" : " <- ").append(t.getClass().getSimpleName());
            if (t instanceof SQLException sql && sql.getSQLState() != null) {
                out.append('[').append(sql.getSQLState()).append(']');
            }
            out.append(": ").append(t.getMessage() == null ? "" : t.getMessage().lines().findFirst().orElse(""));
            if (t instanceof PSQLException p && p.getServerErrorMessage() != null
                && p.getServerErrorMessage().getWhere() != null) {
                out.append(" (").append(p.getServerErrorMessage().getWhere().lines().findFirst().orElse(""))
                    .append(')');
            }
        }
        return out.toString();
    }

    /**
     * For a deadlock (40P01) somewhere in the chain: its wait-for cycle, each process named by {@code party} (e.g.
     * "broker(123)") and each relation by name; empty for any other failure.
     */
    static String cycle(Throwable e, IntFunction<String> party, Map<Long, String> relations) {
        for (Throwable t = e; t != null; t = t.getCause() == t ? null : t.getCause()) {
            if (t instanceof PSQLException p && "40P01".equals(p.getSQLState()) && p.getServerErrorMessage() != null) {
                ServerErrorMessage message = p.getServerErrorMessage();
                if (message.getDetail() == null) {
                    return "";
                }
                Matcher m = EDGE.matcher(message.getDetail());
                StringBuilder out = new StringBuilder(" {");
                while (m.find()) {
                    out.append(out.length() > 2 ? "; " : "").append(party.apply(Integer.parseInt(m.group(1))))
                        .append(" waits for ").append(m.group(2)).append(" on ").append(relationNames(m.group(3),
                            relations))
                        .append(", held by ").append(party.apply(Integer.parseInt(m.group(4))));
                }
                return out.append('}').toString();
            }
        }
        return "";
    }

    /** OID to name of the tables, indexes and sequences of the public schema. */
    static Map<Long, String> relations(Connection connection) throws SQLException {
        Map<Long, String> names = new HashMap<>();
        try (Statement s = connection.createStatement(); ResultSet rs = s.executeQuery(
            "SELECT c.oid, c.relname FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace "
                + "WHERE n.nspname = 'public'")) {
            while (rs.next()) {
                names.put(rs.getLong(1), rs.getString(2));
            }
        }
        return names;
    }

    private static String relationNames(String text, Map<Long, String> relations) {
        Matcher m = RELATION.matcher(text);
        StringBuilder out = new StringBuilder();
        while (m.find()) {
            String name = relations.get(Long.parseLong(m.group(1)));
            m.appendReplacement(out, Matcher.quoteReplacement(name == null ? m.group() : "table " + name));
        }
        m.appendTail(out);
        return out.toString();
    }
}
