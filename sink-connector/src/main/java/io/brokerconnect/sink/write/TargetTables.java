package io.brokerconnect.sink.write;

import io.brokerconnect.sink.config.Identifier;

/**
 * Schema-qualified names of the target objects. Only the schema comes from configuration, and it is a validated,
 * quoted {@link Identifier}; object names are constants.
 */
public record TargetTables(Identifier schema) {

    public String collectors() {
        return schema.qualify("collectors");
    }

    public String files() {
        return schema.qualify("files");
    }

    public String latest() {
        return schema.qualify("latest");
    }

    public String meta() {
        return schema.qualify("meta");
    }

    public String dataType() {
        return schema.qualify("data_type");
    }

    public String projectType() {
        return schema.qualify("project_type");
    }

    /** The ledger of applied files blocks (migration V4). */
    public String appliedBlocks() {
        return schema.qualify("broker_connect_applied_blocks");
    }

    /** The single-row generation that deletes bump, invalidating the ledger. */
    public String appliedGeneration() {
        return schema.qualify("broker_connect_applied_generation");
    }
}
