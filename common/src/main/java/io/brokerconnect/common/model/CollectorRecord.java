package io.brokerconnect.common.model;

import static io.brokerconnect.common.model.RecordSchemas.COLLECTOR_KEY;
import static io.brokerconnect.common.model.RecordSchemas.COLLECTOR_VALUE;
import static io.brokerconnect.common.model.RecordSchemas.NAME;
import static io.brokerconnect.common.model.RecordSchemas.PROJECT;
import static io.brokerconnect.common.model.RecordSchemas.UPDATES_INTERVAL;
import static io.brokerconnect.common.model.RecordSchemas.URL;

import java.util.Objects;
import org.apache.kafka.connect.data.Struct;

/** A collector identified by its natural key (project, name); SQLite ids never leave the source. */
public record CollectorRecord(Project project, String name, String url, Integer updatesInterval) {

    public CollectorRecord {
        Objects.requireNonNull(project, "project");
        if (name == null || name.isBlank()) {
            throw new IllegalArgumentException("collector name must not be empty");
        }
    }

    public Struct toKeyStruct() {
        return new Struct(COLLECTOR_KEY).put(PROJECT, project.canonicalName()).put(NAME, name);
    }

    public Struct toValueStruct() {
        return new Struct(COLLECTOR_VALUE)
            .put(PROJECT, project.canonicalName())
            .put(NAME, name)
            .put(URL, url)
            .put(UPDATES_INTERVAL, updatesInterval);
    }

    public static CollectorRecord fromValueStruct(Struct value) {
        return new CollectorRecord(
            Project.fromCanonicalName(value.getString(PROJECT)),
            value.getString(NAME),
            value.getString(URL),
            value.getInt32(UPDATES_INTERVAL));
    }
}
