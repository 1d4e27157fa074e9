package io.brokerconnect.sink.it;

import io.brokerconnect.sink.PostgresSinkConnector;
import io.brokerconnect.testkit.postgres.PostgresDatabase;
import java.util.HashMap;
import java.util.Map;

/** Sink connector configurations for tests. */
public final class SinkProps {

    private SinkProps() {
    }

    public static Map<String, String> forDatabase(PostgresDatabase database) {
        Map<String, String> props = new HashMap<>();
        props.put("connector.class", PostgresSinkConnector.class.getName());
        props.put("connection.url", database.jdbcUrl());
        props.put("connection.user", database.user());
        props.put("connection.password", database.password());
        props.put("connection.sslmode", "disable");
        props.put("retry.backoff.ms", "200");
        return props;
    }
}
