package io.brokerconnect.source.it;

import java.lang.management.ManagementFactory;
import javax.management.JMException;
import javax.management.MBeanServer;
import javax.management.ObjectName;

/** The running source task's progress on files, from its plugin metrics over JMX (the workers run in this JVM). */
final class FilesProgressMetrics {

    private FilesProgressMetrics() {
    }

    /**
     * The rowid the running task instance started reading files from: its position minus the rows it has read since
     * it started (rowids of broker tables are dense). 0 for a task that has run since the connector was created; the
     * stored offset for a task that the worker started again. Read it when the task is caught up, so that position
     * and counts do not move between the reads.
     */
    static long startRowidOfRunningTask(String connector) throws JMException {
        MBeanServer server = ManagementFactory.getPlatformMBeanServer();
        ObjectName files = filesMetrics(server, connector);
        long position = attribute(server, files, "position-rowid");
        long read = attribute(server, files, "rows-emitted") + attribute(server, files, "rows-rejected")
            + attribute(server, files, "rows-filtered");
        return position - read;
    }

    /** The rowid of the last files row the running task has read (not necessarily committed yet). */
    static long positionRowid(String connector) throws JMException {
        MBeanServer server = ManagementFactory.getPlatformMBeanServer();
        return attribute(server, filesMetrics(server, connector), "position-rowid");
    }

    private static ObjectName filesMetrics(MBeanServer server, String connector) throws JMException {
        return server.queryNames(new ObjectName("kafka.connect:type=plugins,*"), null).stream()
            .filter(n -> connector.equals(n.getKeyProperty("connector")) && "files".equals(n.getKeyProperty("table")))
            .findFirst()
            .orElseThrow(() -> new AssertionError("no plugin metrics for the files table of " + connector));
    }

    private static long attribute(MBeanServer server, ObjectName name, String attribute) throws JMException {
        return ((Number) server.getAttribute(name, attribute)).longValue();
    }
}
