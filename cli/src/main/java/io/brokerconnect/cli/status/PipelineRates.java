package io.brokerconnect.cli.status;

import io.brokerconnect.cli.pipeline.RateEstimator;
import java.time.Duration;

/**
 * The four rates the status needs, per table or topic: how fast SQLite grows and the source reads it, how fast a
 * topic grows and the sink commits it. A catch-up ETA is what is left divided by reader rate minus growth.
 */
final class PipelineRates {

    private final RateEstimator rates;

    PipelineRates(Duration window) {
        this.rates = new RateEstimator(window);
    }

    /** Adds a sample's counters. */
    void record(StatusSample sample) {
        for (StatusSample.TableProgress table : sample.tables()) {
            if (table.position() != null) {
                rates.record(sourceKey(table.table()), sample.at(), table.position());
            }
            if (table.extent() != null) {
                rates.record(sqliteKey(table.table()), sample.at(), table.extent().maxRowid());
            }
        }
        for (StatusSample.TopicLag topic : sample.topics()) {
            rates.record(sinkKey(topic.topic()), sample.at(), topic.committed());
            if (topic.end() != null) {
                rates.record(endKey(topic.topic()), sample.at(), topic.end());
            }
        }
    }

    /** Rows per second the source connector's position advances in {@code table}. */
    Double sourceRate(String table) {
        return rates.rate(sourceKey(table));
    }

    /** Rowids per second SQLite's {@code table} grows (the broker's inserts). */
    Double sqliteGrowth(String table) {
        return rates.rate(sqliteKey(table));
    }

    /** Records per second the sink commits on {@code topic}. */
    Double sinkRate(String topic) {
        return rates.rate(sinkKey(topic));
    }

    /** Records per second {@code topic} grows. */
    Double topicGrowth(String topic) {
        return rates.rate(endKey(topic));
    }

    private static String sourceKey(String table) {
        return "source:" + table;
    }

    private static String sqliteKey(String table) {
        return "sqlite:" + table;
    }

    private static String sinkKey(String topic) {
        return "sink:" + topic;
    }

    private static String endKey(String topic) {
        return "end:" + topic;
    }
}
