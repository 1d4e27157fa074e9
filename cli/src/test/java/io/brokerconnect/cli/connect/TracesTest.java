package io.brokerconnect.cli.connect;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import org.junit.jupiter.api.Test;

class TracesTest {

    @Test
    void firstLineAndRootCause() {
        String trace = "org.apache.kafka.connect.errors.ConnectException: outer\n\tat A.a(A.java:1)\n"
            + "Caused by: java.io.IOException: middle\n\tat B.b(B.java:2)\n"
            + "Caused by: java.net.ConnectException: Connection refused\n\tat C.c(C.java:3)\n";
        assertEquals("org.apache.kafka.connect.errors.ConnectException: outer", Traces.firstLine(trace));
        assertEquals("java.net.ConnectException: Connection refused", Traces.rootCause(trace));
    }

    @Test
    void noCauseOrSameCauseGivesNone() {
        assertNull(Traces.rootCause("java.lang.IllegalStateException: x\n\tat A.a(A.java:1)\n"));
        assertNull(Traces.rootCause("org.x.Wrapper: java.lang.IllegalStateException: x\n"
            + "Caused by: java.lang.IllegalStateException: x\n"), "the first line already says it");
        assertNull(Traces.rootCause("org.apache.kafka.connect.errors.ConnectException: Cannot inspect schema 'public': "
            + "FATAL: password authentication failed for user \"postgres\"\n\tat A.a(A.java:1)\n"
            + "Caused by: org.postgresql.util.PSQLException: FATAL: password authentication failed for user "
            + "\"postgres\"\n"),
            "the first line already carries the cause's message");
        assertNull(Traces.firstLine(null));
        assertNull(Traces.firstLine("  \n"));
        assertEquals("single line", Traces.firstLine("  single line  "));
    }
}
