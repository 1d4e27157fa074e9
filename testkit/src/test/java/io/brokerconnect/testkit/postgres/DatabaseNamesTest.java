package io.brokerconnect.testkit.postgres;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class DatabaseNamesTest {

    @Test
    void acceptsPlainNames() {
        assertEquals("sink_it_1", DatabaseNames.requireValid("sink_it_1"));
        assertEquals("\"sink\"", DatabaseNames.quoted("sink"));
    }

    @Test
    void rejectsNamesThatNeedQuotingOrCouldInjectSql() {
        for (String bad : new String[] {null, "", "Sink", "1db", "a-b", "x\"; DROP DATABASE y; --", "a".repeat(64)}) {
            assertThrows(IllegalArgumentException.class, () -> DatabaseNames.requireValid(bad), String.valueOf(bad));
        }
    }

    @Test
    void uniqueNamesAreValidDistinctAndKeepTheirPrefix() {
        String first = DatabaseNames.unique("CreateDatabaseIT.isolates-data");
        String second = DatabaseNames.unique("CreateDatabaseIT.isolates-data");

        assertTrue(first.startsWith("createdatabaseit_isolates_data_"), first);
        assertNotEquals(first, second);
        assertTrue(DatabaseNames.unique("9lives").startsWith("db_9lives_"));
        assertTrue(DatabaseNames.unique("x".repeat(100)).length() <= 63);
    }
}
