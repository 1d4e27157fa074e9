package io.brokerconnect.tools.generator;

import java.sql.SQLException;

/**
 * Receives rows in insertion order. Values are {@code Object} so that damaged rows can carry
 * TEXT ({@link String}), REAL ({@link Double}) or NULL values into INTEGER columns; good rows
 * use the primitive overload and avoid boxing on the hot path.
 */
public interface FileRowSink {

    /** A well-formed file row. */
    void file(long timestamp, long collectorId, long typeId, long roughSize, long exactSize) throws SQLException;

    /** A file row with arbitrary (possibly damaged) values. */
    void rawFile(Object timestamp, Object collectorId, Object typeId, Object roughSize, Object exactSize)
            throws SQLException;

    /** A meta row, values as given (possibly damaged). */
    void meta(Object updateTs, Object updateDuration, Object insertCount) throws SQLException;
}
