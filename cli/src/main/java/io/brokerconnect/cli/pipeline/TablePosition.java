package io.brokerconnect.cli.pipeline;

/**
 * Where one table's rows are in the pipeline at one moment: records on its Kafka topic, SQLite rows the source has
 * not read yet (after its committed offset) and records the sink has committed to PostgreSQL. Counting from the
 * topic (not from SQLite) leaves damaged rows out, because they go to the errors topic instead.
 */
public record TablePosition(String table, long inKafka, long unread, long inPostgres) {

    public long total() {
        return inKafka + unread;
    }

    public boolean synced() {
        return unread == 0 && inPostgres >= inKafka;
    }
}
