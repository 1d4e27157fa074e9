package io.brokerconnect.sink.task;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.sql.SQLException;
import org.junit.jupiter.api.Test;

class SqlErrorsTest {

    @Test
    void connectionAndRestartFailuresAreTransient() {
        assertTrue(SqlErrors.isTransient(new SQLException("Connection to localhost:5432 refused.", "08001")));
        assertTrue(SqlErrors.isTransient(new SQLException("terminating connection due to administrator command", "57P01")));
        assertTrue(SqlErrors.isTransient(new SQLException("deadlock detected", "40P01")));
        assertTrue(SqlErrors.isTransient(new SQLException("could not serialize access", "40001")));
        assertTrue(SqlErrors.isTransient(new SQLException("expected to read 5 bytes, got 0 bytes at EOF")));
        assertTrue(SqlErrors.isTransient(new SQLException("wrapper", "XX000",
            new SQLException("Server login has been failing, try again later"))));
    }

    @Test
    void dataProblemsAreNotTransient() {
        SQLException check = new SQLException("value too long", "22001");
        assertFalse(SqlErrors.isTransient(check));
        assertTrue(SqlErrors.isBadData(check));
        assertTrue(SqlErrors.isBadData(new SQLException("fk violation", "23503")));
        assertFalse(SqlErrors.isBadData(new SQLException("syntax", "42601")));
        assertFalse(SqlErrors.isTransient(new SQLException("syntax", "42601")));
    }

    @Test
    void aTransientCauseIsFoundUnderOtherExceptions() {
        SQLException refused = new SQLException("Connection to 127.0.0.1:5432 refused", "08001");
        RuntimeException flyway = new RuntimeException("Unable to obtain connection from database", refused);
        assertEquals(refused, SqlErrors.transientCause(new RuntimeException("Schema management failed", flyway))
            .orElseThrow());
        assertTrue(SqlErrors.transientCause(new RuntimeException("checksum mismatch",
            new SQLException("syntax", "42601"))).isEmpty(), "a permanent failure stays one");
    }
}
