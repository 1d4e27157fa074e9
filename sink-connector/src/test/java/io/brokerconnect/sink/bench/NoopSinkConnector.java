package io.brokerconnect.sink.bench;

import java.util.Collection;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import org.apache.kafka.common.config.ConfigDef;
import org.apache.kafka.connect.connector.Task;
import org.apache.kafka.connect.sink.SinkConnector;
import org.apache.kafka.connect.sink.SinkRecord;
import org.apache.kafka.connect.sink.SinkTask;

/**
 * Benchmark only: a sink that consumes and converts like ours (same converters and consumer settings) but writes
 * nothing, to measure Connect's own ceiling for reading the files topic on this machine.
 */
public final class NoopSinkConnector extends SinkConnector {

    private Map<String, String> props;

    @Override
    public void start(Map<String, String> props) {
        this.props = props;
    }

    @Override
    public Class<? extends Task> taskClass() {
        return NoopTask.class;
    }

    @Override
    public List<Map<String, String>> taskConfigs(int maxTasks) {
        return Collections.nCopies(maxTasks, props);
    }

    @Override
    public void stop() {
    }

    @Override
    public ConfigDef config() {
        return new ConfigDef();
    }

    @Override
    public String version() {
        return "bench";
    }

    /** Reads every record's value, so that nothing is skipped by laziness, and drops it. */
    public static final class NoopTask extends SinkTask {
        private long seen;

        @Override
        public String version() {
            return "bench";
        }

        @Override
        public void start(Map<String, String> props) {
        }

        @Override
        public void put(Collection<SinkRecord> records) {
            for (SinkRecord record : records) {
                if (record.value() != null) {
                    seen++;
                }
            }
        }

        @Override
        public void stop() {
        }
    }
}
