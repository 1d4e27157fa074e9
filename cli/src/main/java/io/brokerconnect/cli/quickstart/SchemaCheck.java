package io.brokerconnect.cli.quickstart;

import io.brokerconnect.sink.config.ConnectionSettings;
import io.brokerconnect.sink.config.PostgresConnections;
import io.brokerconnect.sink.config.SchemaManagement;
import io.brokerconnect.sink.layout.TargetLayout;
import io.brokerconnect.sink.schema.SchemaManager;
import java.util.Optional;
import org.apache.kafka.connect.errors.ConnectException;

/** {@code --skip-schema} on a configured PostgreSQL: the sink's own validation, run before anything starts. */
final class SchemaCheck {

    private SchemaCheck() {
    }

    static Optional<String> problemWith(ConnectionSettings settings, TargetLayout layout) {
        try {
            new SchemaManager(layout, new PostgresConnections(settings, "broker-connect-quickstart"))
                .apply(SchemaManagement.VALIDATE);
            return Optional.empty();
        } catch (ConnectException e) {
            return Optional.of("--skip-schema: the " + layout + " at " + settings.jdbcUrl() + " is not there as "
                + "expected: " + e.getMessage() + " Leave --skip-schema out to create or migrate it.");
        }
    }
}
