package io.brokerconnect.source.config;

import io.brokerconnect.common.model.TopicNames;
import org.apache.kafka.common.config.ConfigDef;
import org.apache.kafka.common.config.ConfigException;

/** ConfigDef validators for the source connector's own value formats. */
final class Validators {

    private Validators() {
    }

    static ConfigDef.Validator topicPrefix() {
        return new ConfigDef.Validator() {
            @Override
            public void ensureValid(String name, Object value) {
                if (!TopicNames.isLegalPrefix((String) value)) {
                    throw new ConfigException(name, value,
                        "must be 1-200 characters of a-z, A-Z, 0-9, '.', '_' or '-' (it prefixes Kafka topic names)");
                }
            }

            @Override
            public String toString() {
                return "legal Kafka topic name prefix";
            }
        };
    }

    static ConfigDef.Validator filesSince() {
        return new ConfigDef.Validator() {
            @Override
            public void ensureValid(String name, Object value) {
                try {
                    FilesSince.parse((String) value);
                } catch (IllegalArgumentException e) {
                    throw new ConfigException(name, value, e.getMessage());
                }
            }

            @Override
            public String toString() {
                return "'all', a number of days, YYYY-MM-DD or an ISO-8601 instant";
            }
        };
    }
}
