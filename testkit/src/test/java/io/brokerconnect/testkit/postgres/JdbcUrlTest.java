package io.brokerconnect.testkit.postgres;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.junit.jupiter.api.Test;

class JdbcUrlTest {

    @Test
    void replacesOnlyTheDatabaseKeepingHostsAndParameters() {
        JdbcUrl url = JdbcUrl.parse("jdbc:postgresql://db1:6543,db2/broker?sslmode=require&ApplicationName=x");

        assertEquals("broker", url.database());
        assertEquals("db1", url.host());
        assertEquals(6543, url.port());
        assertEquals("jdbc:postgresql://db1:6543,db2/other?sslmode=require&ApplicationName=x",
            url.withDatabase("other").toString());
    }

    @Test
    void urlWithoutDatabaseGetsOne() {
        JdbcUrl url = JdbcUrl.parse("jdbc:postgresql://localhost");

        assertEquals("", url.database());
        assertEquals(5432, url.port());
        assertEquals("jdbc:postgresql://localhost/x", url.withDatabase("x").toString());
    }

    @Test
    void shortFormMeansLocalhost() {
        JdbcUrl url = JdbcUrl.parse("jdbc:postgresql:broker?user=me");

        assertEquals("localhost", url.host());
        assertEquals("jdbc:postgresql:x?user=me", url.withDatabase("x").toString());
    }

    @Test
    void ipv6Host() {
        JdbcUrl url = JdbcUrl.parse("jdbc:postgresql://[::1]:5433/db");

        assertEquals("[::1]", url.host());
        assertEquals(5433, url.port());
    }

    @Test
    void builtUrlRoundTrips() {
        JdbcUrl url = JdbcUrl.of("127.0.0.1", 40000, "postgres");

        assertEquals("jdbc:postgresql://127.0.0.1:40000/postgres", url.toString());
        assertEquals(url.toString(), JdbcUrl.parse(url.toString()).toString());
    }

    @Test
    void rejectsOtherDrivers() {
        assertThrows(IllegalArgumentException.class, () -> JdbcUrl.parse("jdbc:sqlite:/tmp/x.db"));
    }
}
