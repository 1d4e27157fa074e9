package io.brokerconnect.sink.task;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.sql.SQLException;
import java.time.Duration;
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
    void backoffDoublesUpToAMinuteAndRetriesRunOut() {
        RetryPolicy policy = new RetryPolicy(3, Duration.ofSeconds(1));
        assertTrue(policy.recordFailure());
        assertEquals(Duration.ofSeconds(1), policy.nextBackoff());
        assertTrue(policy.recordFailure());
        assertEquals(Duration.ofSeconds(2), policy.nextBackoff());
        assertTrue(policy.recordFailure());
        assertFalse(policy.recordFailure(), "the fourth failure exceeds max.retries=3");
        RetryPolicy longRun = new RetryPolicy(100, Duration.ofSeconds(1));
        for (int i = 0; i < 30; i++) {
            longRun.recordFailure();
        }
        assertEquals(Duration.ofMinutes(1), longRun.nextBackoff());
        longRun.reset();
        assertEquals(0, longRun.failures());
    }
}
