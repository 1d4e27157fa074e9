package io.brokerconnect.cli.schema;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.brokerconnect.sink.schema.SchemaManager;
import java.time.Instant;
import java.util.List;
import org.flywaydb.core.api.MigrationState;
import org.junit.jupiter.api.Test;

class MigrationPlanTest {

    private static final MigrationRow V1_PENDING = row("1", "broker schema", "pending");
    private static final MigrationRow V2_PENDING = row("2", "first load state", "pending");

    @Test
    void emptyDatabase() {
        assertEquals("migrate would: create schema \"bgpkit\"; apply V1 (broker schema); apply V2 (first load state).",
            MigrationPlan.describe(List.of(V1_PENDING, V2_PENDING), null, false, "bgpkit"));
    }

    @Test
    void schemaCreatedByTheSpecScriptsIsAdoptedNotRecreated() {
        assertEquals("migrate would: record version 1 as the baseline without running it (adopted schema created by "
                + "the specification scripts); apply V2 (first load state).",
            MigrationPlan.describe(List.of(V1_PENDING, V2_PENDING), SchemaManager.ADOPT_SPEC_SCHEMA, true, "public"));
    }

    @Test
    void schemaWithUnrelatedObjectsGetsBaselineZeroAndEveryMigration() {
        assertEquals("migrate would: record version 0 as the baseline without running it (schema held unrelated "
                + "objects before broker-connect); apply V1 (broker schema); apply V2 (first load state).",
            MigrationPlan.describe(List.of(V1_PENDING, V2_PENDING), SchemaManager.UNRELATED_OBJECTS, true, "public"));
    }

    @Test
    void upToDateOrPartlyApplied() {
        MigrationRow v1 = row("1", "broker schema", "applied");
        MigrationRow v2 = row("2", "first load state", "applied");
        assertEquals("migrate would change nothing: schema \"public\" is at version 2.",
            MigrationPlan.describe(List.of(v1, v2), null, true, "public"));
        assertEquals("migrate would: apply V2 (first load state).",
            MigrationPlan.describe(List.of(v1, V2_PENDING), null, true, "public"));
        MigrationRow adopted = row("1", "adopted schema created by the specification scripts", "baseline");
        assertEquals("migrate would change nothing: schema \"public\" is at version 2.",
            MigrationPlan.describe(List.of(adopted, v2), null, true, "public"));
    }

    @Test
    void statesInPlainWords() {
        assertEquals("applied", MigrationRow.stateName(MigrationState.SUCCESS, false));
        assertEquals("applied, FILE CHANGED", MigrationRow.stateName(MigrationState.SUCCESS, true));
        assertEquals("pending", MigrationRow.stateName(MigrationState.PENDING, false));
        assertEquals("baseline", MigrationRow.stateName(MigrationState.BASELINE, false));
        assertEquals("applied, FILE MISSING", MigrationRow.stateName(MigrationState.MISSING_SUCCESS, false));
        assertEquals("FAILED", MigrationRow.stateName(MigrationState.FAILED, false));
    }

    @Test
    void tableShowsAChangedChecksumNextToTheFilesOne() {
        MigrationRow changed = new MigrationRow("1", "broker schema", "SQL", "applied, FILE CHANGED",
            Instant.parse("2026-11-21T10:00:00Z"), 101, 100);
        assertEquals("""
            VERSION  DESCRIPTION    TYPE  STATE                  INSTALLED ON                 CHECKSUM
            1        broker schema  SQL   applied, FILE CHANGED  2026-11-21 10:00:00Z  101 (file: 100)
            2        first load     SQL   pending                -                                   7
            """, MigrationRow.render(List.of(changed,
            new MigrationRow("2", "first load", "SQL", "pending", null, 7, null))));
    }

    private static MigrationRow row(String version, String description, String state) {
        return new MigrationRow(version, description, "SQL", state, null, 1, null);
    }
}
