package io.brokerconnect.deploy;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.fasterxml.jackson.databind.JsonNode;
import io.brokerconnect.deploy.DeployFiles.ConnectorFile;
import io.brokerconnect.testkit.connect.Await;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * One run of a Connect worker process for a test, driven through its REST API as an operator would: started on
 * Kafka's jars only, checked to have loaded the broker-connect plugins, and always stopped. A failure carries the
 * end of the worker's log; the whole log is kept in target/ConnectWorkerProcessIT-(mode).log.
 */
final class WorkerSession {

    static final Duration STARTUP = Duration.ofSeconds(90);
    static final String SOURCE = "io.brokerconnect.source.SqliteSourceConnector";
    static final String SINK = "io.brokerconnect.sink.PostgresSinkConnector";
    static final String CONVERTER = "io.brokerconnect.common.convert.BrokerBinaryConverter";

    interface Steps {
        void run(WorkerSession session) throws Exception;
    }

    private final ConnectWorkerProcess worker;
    private final ConnectRest rest;

    private WorkerSession(ConnectWorkerProcess worker, ConnectRest rest) {
        this.worker = worker;
        this.rest = rest;
    }

    /**
     * Runs {@code steps} against a worker started as {@code mainClass arguments...}, listening on {@code port};
     * afterwards the worker must not have logged an ERROR or a service-loader error.
     */
    static void run(Path workDir, String mainClass, String mode, List<Path> arguments, int port, Steps steps)
        throws Exception {
        try (ConnectWorkerProcess worker = ConnectWorkerProcess.start(workerLibs(), mainClass, workDir, arguments)) {
            Path keptLog = Path.of("target", "ConnectWorkerProcessIT-" + mode + ".log");
            try {
                WorkerSession session = new WorkerSession(worker,
                    new ConnectRest(URI.create("http://127.0.0.1:" + port)));
                session.awaitRest();
                session.assertPluginsLoaded();
                steps.run(session);
                assertEquals(List.of(), worker.errorLines(), "the worker logged errors");
            } catch (Throwable failure) {
                throw new AssertionError(failure.getMessage() + "\n--- " + mode + " Connect worker log (last 150 "
                    + "lines; all of it in " + keptLog + ") ---\n" + worker.logTail(150), failure);
            } finally {
                worker.keepLog(keptLog);
            }
        }
    }

    /** The worker class path built by the pom: Kafka's jars only. */
    static Path workerLibs() {
        Path libs = Path.of(System.getProperty("connect.worker.libs", "target/connect-worker/libs"));
        if (!Files.isDirectory(libs)) {
            throw new IllegalStateException("No worker class path at " + libs + ": run through 'mvn -pl deploy verify'");
        }
        return libs;
    }

    static int freeLoopbackPort() throws IOException {
        try (ServerSocket socket = new ServerSocket()) {
            socket.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0));
            return socket.getLocalPort();
        }
    }

    /** Validates through the worker (framework and connector checks), then creates the connector. */
    void deploy(ConnectorFile connector) throws Exception {
        assertEquals(List.of(), rest.validationErrors(connector), connector.name() + " is valid for the worker");
        Await.until(STARTUP, () -> {
            assertAlive();
            return call(() -> rest.tryCreate(connector));
        }, () -> "the worker accepts connector " + connector.name());
    }

    /** Fails at once when the worker has exited or one of the connectors or their tasks has failed. */
    void assertHealthy(String... connectors) {
        assertAlive();
        for (String connector : connectors) {
            call(() -> rest.failure(connector)).ifPresent(failure -> {
                throw new AssertionError(failure);
            });
        }
    }

    private void awaitRest() throws InterruptedException {
        // Connect's REST server answers 404 until its resources are registered
        Await.until(STARTUP, () -> {
            assertAlive();
            return rest.answers("/connectors");
        }, () -> "the worker's REST API answers at " + rest.base());
    }

    /** Connect found both connectors and the converter through the archives' service-loader manifests. */
    private void assertPluginsLoaded() throws Exception {
        JsonNode plugins = rest.getOk("/connector-plugins?connectorsOnly=false");
        Map<String, String> typeByClass = new HashMap<>();
        Map<String, String> versionByClass = new HashMap<>();
        plugins.forEach(p -> {
            typeByClass.put(p.get("class").asText(), p.get("type").asText());
            versionByClass.put(p.get("class").asText(), p.path("version").asText());
        });
        assertEquals("source", typeByClass.get(SOURCE), plugins.toString());
        assertEquals("sink", typeByClass.get(SINK), plugins.toString());
        assertEquals("converter", typeByClass.get(CONVERTER), plugins.toString());
        String version = System.getProperty("project.version");
        assertEquals(version, versionByClass.get(SOURCE), "the version comes from the jar inside the archive");
        assertEquals(version, versionByClass.get(SINK));
    }

    private void assertAlive() {
        if (!worker.isAlive()) {
            throw new AssertionError("the Connect worker exited");
        }
    }

    private interface RestCall<T> {
        T call() throws IOException, InterruptedException;
    }

    /** A REST call inside an Await condition, where checked exceptions cannot pass. */
    private static <T> T call(RestCall<T> restCall) {
        try {
            return restCall.call();
        } catch (IOException e) {
            throw new AssertionError("Connect REST call failed", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError("interrupted", e);
        }
    }
}
