package io.brokerconnect.cli.e2e;

import java.lang.management.ManagementFactory;
import javax.management.JMException;
import javax.management.MBeanServer;
import javax.management.ObjectName;

/**
 * The rowid of the last files row the running source task has read, from its plugin metric {@code position-rowid}
 * over JMX (the workers run in this JVM): read in microseconds, where the committed offsets through REST take about
 * a second each, which matters while a fault is held for a fixed time.
 */
final class SourceReadPosition {

    private SourceReadPosition() {
    }

    static long filesRowid(String connector) {
        try {
            MBeanServer server = ManagementFactory.getPlatformMBeanServer();
            ObjectName files = server.queryNames(new ObjectName("kafka.connect:type=plugins,*"), null).stream()
                .filter(n -> connector.equals(n.getKeyProperty("connector"))
                    && "files".equals(n.getKeyProperty("table")))
                .findFirst()
                .orElseThrow(() -> new AssertionError("no plugin metrics for the files table of " + connector));
            return ((Number) server.getAttribute(files, "position-rowid")).longValue();
        } catch (JMException e) {
            throw new IllegalStateException("Cannot read the source task's position", e);
        }
    }
}
