package io.brokerconnect.sink.write;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.brokerconnect.testkit.postgres.PostgresDatabase;
import io.brokerconnect.testkit.postgres.PostgresExtension;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** The single-row latest step waits at least 30 s for a row, longer if the session allows, and for ever if 0. */
class LatestWriterLockTimeoutIT {

    @RegisterExtension
    static final PostgresExtension POSTGRES = PostgresExtension.shared();

    @Test
    void singleRowStepKeepsLongerOrNoTimeoutsAndRaisesShortOnes(PostgresDatabase db) throws Exception {
        assertEquals("30s", lockTimeoutInSingleRowStep(db, "250ms"), "the batch's short timeout is raised");
        assertEquals("0", lockTimeoutInSingleRowStep(db, "0"), "lock.timeout.ms=0 means wait as long as it takes");
        assertEquals("2min", lockTimeoutInSingleRowStep(db, "2min"), "a longer session timeout is kept");
    }

    private static String lockTimeoutInSingleRowStep(PostgresDatabase db, String session) throws Exception {
        try (Connection c = db.connect(); Statement s = c.createStatement()) {
            s.execute("SET lock_timeout = '" + session + "'");
            c.setAutoCommit(false);
            s.execute(PatientLocks.AT_LEAST_30_SECONDS);
            try (ResultSet rs = s.executeQuery("SELECT current_setting('lock_timeout')")) {
                rs.next();
                String inStep = rs.getString(1);
                c.rollback();
                return inStep;
            }
        }
    }
}
