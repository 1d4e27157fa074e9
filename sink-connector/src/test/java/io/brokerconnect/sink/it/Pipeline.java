package io.brokerconnect.sink.it;

import io.brokerconnect.common.model.TopicNames;
import io.brokerconnect.source.SqliteSourceConnector;
import io.brokerconnect.source.config.TopicCreationDefaults;
import io.brokerconnect.testkit.connect.Await;
import io.brokerconnect.testkit.connect.ConnectCluster;
import io.brokerconnect.testkit.postgres.PostgresDatabase;
import io.brokerconnect.sink.layout.TargetLayout;
import java.nio.file.Path;
import java.sql.Connection;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;

/** Source and sink connectors on one embedded Connect cluster, driven through REST. */
final class Pipeline {

    static final Duration TIMEOUT = Duration.ofMinutes(4);

    private final ConnectCluster cluster;

    Pipeline(ConnectCluster cluster) {
        this.cluster = cluster;
    }

    ConnectCluster cluster() {
        return cluster;
    }

    void startSource(String name, Path database, String prefix) throws InterruptedException {
        Map<String, String> config = new HashMap<>();
        config.put("connector.class", SqliteSourceConnector.class.getName());
        config.put("tasks.max", "1");
        config.put("database.path", database.toString());
        config.put("topic.prefix", prefix);
        config.put("poll.interval.ms", "100");
        config.putAll(TopicCreationDefaults.forPrefix(prefix, 4, 1));
        cluster.connect().configureConnector(name, config);
        cluster.connect().assertions().assertConnectorAndExactlyNumTasksAreRunning(name, 1, "source did not start");
    }

    static Map<String, String> sinkConfig(PostgresDatabase db, String prefix, int tasks) {
        TopicNames topics = new TopicNames(prefix);
        Map<String, String> config = new HashMap<>(SinkProps.forDatabase(db));
        config.put("tasks.max", Integer.toString(tasks));
        config.put("topics", topics.collectors() + "," + topics.files() + "," + topics.meta());
        config.put("consumer.override.max.poll.records", "5000");
        config.put("errors.tolerance", "all");
        config.put("errors.deadletterqueue.topic.name", prefix + ".dlq");
        config.put("errors.deadletterqueue.topic.replication.factor", "1");
        config.put("errors.deadletterqueue.context.headers.enable", "true");
        return config;
    }

    void startSink(String name, Map<String, String> config) throws InterruptedException {
        cluster.connect().configureConnector(name, config);
        cluster.connect().assertions().assertConnectorAndAtLeastNumTasksAreRunning(name, 1, "sink did not start");
    }

    /** Waits until PostgreSQL holds exactly the expected state. */
    /** Rows in the spec layout's files table in public; -1 while PostgreSQL cannot be reached (down, restarting). */
    static long files(PostgresDatabase db) {
        try (Connection c = db.connect(); java.sql.Statement s = c.createStatement();
             java.sql.ResultSet rs = s.executeQuery("SELECT count(*) FROM files")) {
            rs.next();
            return rs.getLong(1);
        } catch (java.sql.SQLException e) {
            return -1;
        }
    }

    static void awaitState(PostgresDatabase db, BrokerState expected) throws InterruptedException {
        awaitState(db, expected, null);
    }

    /** Waits until the layout's tables (the spec layout in public when null) reach the expected row counts. */
    static void awaitState(PostgresDatabase db, BrokerState expected, TargetLayout layout) throws InterruptedException {
        BrokerState[] last = new BrokerState[1];
        Await.until(TIMEOUT, () -> {
            try (Connection c = db.connect()) {
                last[0] = layout == null ? BrokerState.fromPostgres(c, "public") : BrokerState.fromPostgres(c, layout);
                return last[0].files().size() == expected.files().size()
                    && last[0].meta().size() == expected.meta().size()
                    && last[0].collectors().size() == expected.collectors().size()
                    && last[0].latest().equals(expected.latest());
            } catch (Exception e) {
                return false;
            }
        }, () -> "PostgreSQL reaches " + expected.files().size() + " files, " + expected.meta().size() + " meta rows; now "
            + (last[0] == null ? "unreadable" : last[0].files().size() + " files, " + last[0].meta().size() + " meta"));
    }
}
