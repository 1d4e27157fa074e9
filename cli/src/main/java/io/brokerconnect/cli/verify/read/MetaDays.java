package io.brokerconnect.cli.verify.read;

import io.brokerconnect.cli.verify.model.Bucket;
import io.brokerconnect.cli.verify.model.BucketAggregate;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;

/** Reads per-day meta aggregates (day, rows, checksum, min, max) that either database returns in day order. */
final class MetaDays {

    private MetaDays() {
    }

    static List<Bucket<Long>> read(Connection connection, String sql, List<Object> params) throws SQLException {
        List<Bucket<Long>> days = new ArrayList<>();
        try (PreparedStatement statement = connection.prepareStatement(sql)) {
            SqlRange.bind(statement, params);
            try (ResultSet rs = statement.executeQuery()) {
                while (rs.next()) {
                    days.add(new Bucket<>(rs.getLong(1),
                        new BucketAggregate(rs.getLong(2), rs.getLong(3), rs.getLong(4), rs.getLong(5))));
                }
            }
        }
        return days;
    }
}
