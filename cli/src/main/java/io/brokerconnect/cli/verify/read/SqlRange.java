package io.brokerconnect.cli.verify.read;

import io.brokerconnect.cli.verify.model.EpochRange;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.List;

/** Renders an {@link EpochRange} as a bound-parameter predicate for SQLite (epoch integers) or PostgreSQL (timestamptz). */
final class SqlRange {

    private SqlRange() {
    }

    /** {@code column} holds epoch seconds (SQLite); appends the parameters to {@code params}. */
    static String sqlite(String column, EpochRange range, List<Object> params) {
        return predicate(column, range, params, value -> value);
    }

    /** {@code column} is a timestamptz (PostgreSQL); appends the parameters to {@code params}. */
    static String postgres(String column, EpochRange range, List<Object> params) {
        return predicate(column, range, params,
            value -> OffsetDateTime.ofInstant(Instant.ofEpochSecond(value), ZoneOffset.UTC));
    }

    static void bind(PreparedStatement statement, List<Object> params) throws SQLException {
        for (int i = 0; i < params.size(); i++) {
            statement.setObject(i + 1, params.get(i));
        }
    }

    private static String predicate(String column, EpochRange range, List<Object> params,
                                    java.util.function.LongFunction<Object> parameter) {
        StringBuilder sql = new StringBuilder("(1 = 1");
        if (range.from() != null) {
            sql.append(" AND ").append(column).append(" >= ?");
            params.add(parameter.apply(range.from()));
        }
        if (range.until() != null) {
            sql.append(" AND ").append(column).append(" < ?");
            params.add(parameter.apply(range.until()));
        }
        return sql.append(')').toString();
    }
}
