package io.brokerconnect.deploy;

import io.brokerconnect.testkit.connect.Await;
import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Connect worker JVMs in one distributed group, as an operator runs several for fail-over: the same worker
 * properties (so the same group.id and storage topics), each worker with its own REST port and working directory.
 * Every worker is a {@link ConnectWorkerProcess}, so one can be SIGKILLed; {@link #close()} stops whatever is still
 * running, and the logs are kept in target/(test)-(worker id).log.
 */
final class DistributedWorkers implements AutoCloseable {

    /** A worker of the group; {@code id} is how Connect's status names it ({@code rest.advertised} host:port). */
    record Worker(String id, ConnectWorkerProcess process, ConnectRest rest) {

        @Override
        public String toString() {
            return id + " (pid " + process.pid() + ")";
        }
    }

    private final List<Worker> workers = new ArrayList<>();
    private final String testName;

    private DistributedWorkers(String testName) {
        this.testName = testName;
    }

    /**
     * Starts {@code count} workers with {@code shared} properties plus their own listener, each in a directory
     * under {@code dir}, and waits until every one answers on its REST API.
     */
    static DistributedWorkers start(String testName, Path dir, Map<String, String> shared, int count)
        throws Exception {
        DistributedWorkers group = new DistributedWorkers(testName);
        try {
            for (int i = 1; i <= count; i++) {
                group.workers.add(startWorker(Files.createDirectories(dir.resolve("worker-" + i)), shared));
            }
            for (Worker worker : group.workers) {
                awaitRest(worker);
            }
            return group;
        } catch (Throwable failure) {
            try {
                group.close();
            } catch (IOException keepingLogs) {
                failure.addSuppressed(keepingLogs);
            }
            throw failure;
        }
    }

    List<Worker> workers() {
        return List.copyOf(workers);
    }

    Worker byId(String id) {
        return workers.stream().filter(w -> w.id().equals(id)).findFirst()
            .orElseThrow(() -> new AssertionError("no worker " + id + " in " + workers));
    }

    /** The workers other than {@code worker}. */
    List<Worker> others(Worker worker) {
        return workers.stream().filter(w -> w != worker).toList();
    }

    /** The end of each worker's log, for a failure message. */
    String logTails(int lines) {
        StringBuilder tails = new StringBuilder();
        for (Worker worker : workers) {
            tails.append("\n--- Connect worker ").append(worker).append(worker.process().isAlive() ? "" : ", exited")
                .append(": last ").append(lines).append(" lines of its log (all of it in ").append(keptLog(worker))
                .append(") ---\n").append(worker.process().logTail(lines));
        }
        return tails.toString();
    }

    /** Stops every worker still running (SIGTERM, then SIGKILL) and keeps all logs. */
    @Override
    public void close() throws IOException {
        for (Worker worker : workers) {
            worker.process().close();
        }
        for (Worker worker : workers) {
            worker.process().keepLog(keptLog(worker));
        }
    }

    private Path keptLog(Worker worker) {
        return Path.of("target", testName + "-" + worker.id().replace(':', '-') + ".log");
    }

    private static Worker startWorker(Path workDir, Map<String, String> shared) throws IOException {
        int port = WorkerSession.freeLoopbackPort();
        Map<String, String> config = new LinkedHashMap<>(shared);
        config.put("listeners", "http://127.0.0.1:" + port);
        config.put("rest.advertised.host.name", "127.0.0.1");
        config.put("rest.advertised.port", Integer.toString(port));
        Path file = ConnectWorkerProcess.writeProperties(workDir.resolve("connect-distributed.properties"), config);
        ConnectWorkerProcess process = ConnectWorkerProcess.start(WorkerSession.workerLibs(),
            ConnectWorkerProcess.DISTRIBUTED, workDir, List.of(file));
        return new Worker("127.0.0.1:" + port, process, new ConnectRest(URI.create("http://127.0.0.1:" + port)));
    }

    private static void awaitRest(Worker worker) throws InterruptedException {
        // Connect's REST server answers 404 until its resources are registered
        Await.until(WorkerSession.STARTUP, () -> {
            if (!worker.process().isAlive()) {
                throw new AssertionError("Connect worker " + worker + " exited during start-up");
            }
            return worker.rest().answers("/connectors");
        }, () -> "the REST API of worker " + worker + " answers");
    }
}
