package io.brokerconnect.source.it;

import io.brokerconnect.testkit.connect.Await;
import io.brokerconnect.testkit.connect.ConnectCluster;
import java.time.Duration;
import org.apache.kafka.connect.runtime.AbstractStatus;
import org.apache.kafka.connect.runtime.rest.entities.ConnectorStateInfo;

/**
 * One outage of the Kafka broker under a running source connector, in three steps ({@link #stop}, {@link #holdDown},
 * {@link #restart}) so that a test can look at its own state between them, and timed from the restart on.
 */
final class KafkaOutage {

    /** How the source came back: times are counted from the moment the broker was started again. */
    record Recovery(long committedFilesRowidAtStop, long restartNanos, Duration untilBrokerServes,
                    Duration untilOffsetsAdvance) {

        Duration since() {
            return Duration.ofNanos(System.nanoTime() - restartNanos);
        }
    }

    private final ConnectCluster cluster;
    private final SourceConnectorHarness harness;
    private final String connector;
    private String brokerAddress;
    private long committedFilesRowidAtStop;

    KafkaOutage(ConnectCluster cluster, SourceConnectorHarness harness, String connector) {
        this.cluster = cluster;
        this.harness = harness;
        this.connector = connector;
    }

    /** Stops the broker; returns the files rowid committed just before (read through REST, so at most that far). */
    long stop() {
        committedFilesRowidAtStop = committedFilesRowid();
        brokerAddress = cluster.stopKafka();
        return committedFilesRowidAtStop;
    }

    /**
     * Keeps the broker down for {@code down}, checking all along that REST never reports the connector or its task
     * FAILED: the outage is something to ride out, not an error that needs the operator.
     */
    void holdDown(Duration down) throws InterruptedException {
        Await.holds(down, () -> !failed(harness.connect().connectorStatus(connector)),
            () -> "connector and task are not FAILED while Kafka is down: "
                + harness.connect().connectorStatus(connector));
    }

    /**
     * Starts the broker again and waits until the source commits offsets past those of the stop: the worker is back
     * in its group, the task runs and its transactions commit again.
     */
    Recovery restart() throws InterruptedException {
        long restartNanos = System.nanoTime();
        cluster.startKafka(brokerAddress);
        Duration untilBrokerServes = Duration.ofNanos(System.nanoTime() - restartNanos);
        Await.until(SourceConnectorHarness.TIMEOUT, () -> committedFilesRowid() > committedFilesRowidAtStop,
            () -> "the source commits offsets past files rowid " + committedFilesRowidAtStop + " again");
        Duration untilOffsetsAdvance = Duration.ofNanos(System.nanoTime() - restartNanos);
        return new Recovery(committedFilesRowidAtStop, restartNanos, untilBrokerServes, untilOffsetsAdvance);
    }

    private long committedFilesRowid() {
        return harness.committedRowids(connector).getOrDefault("files", 0L);
    }

    private static boolean failed(ConnectorStateInfo status) {
        String failed = AbstractStatus.State.FAILED.name();
        return failed.equals(status.connector().state())
            || status.tasks().stream().anyMatch(task -> failed.equals(task.state()));
    }
}
