package io.brokerconnect.deploy;

import io.brokerconnect.sink.PostgresSinkConnector;
import io.brokerconnect.source.SqliteSourceConnector;
import java.lang.reflect.Field;
import java.lang.reflect.Modifier;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.common.config.ConfigDef;
import org.apache.kafka.common.config.ConfigValue;
import org.apache.kafka.common.config.TopicConfig;
import org.apache.kafka.connect.connector.Connector;
import org.apache.kafka.connect.runtime.SinkConnectorConfig;
import org.apache.kafka.connect.runtime.SourceConnectorConfig;

/**
 * Checks a connector configuration the way a Connect worker would before it starts the connector: the
 * connector's own {@code validate()} and every other key against Connect's framework definitions (connector,
 * topic creation, client overrides), so that a misspelt or stale key in a shipped file fails a test instead of
 * being silently ignored by the worker.
 */
final class ConnectorConfigCheck {

    private static final Set<String> TOPIC_CREATION_GROUP_KEYS = Set.of("replication.factor", "partitions", "include",
        "exclude");
    private static final Pattern CONFIG_PROVIDER_REFERENCE = Pattern.compile("\\$\\{([A-Za-z0-9_.-]+):");

    private ConnectorConfigCheck() {
    }

    /** The connector instance for a {@code connector.class}. */
    static Connector connectorFor(Map<String, String> config) {
        String connectorClass = config.get("connector.class");
        if (SqliteSourceConnector.class.getName().equals(connectorClass)) {
            return new SqliteSourceConnector();
        }
        if (PostgresSinkConnector.class.getName().equals(connectorClass)) {
            return new PostgresSinkConnector();
        }
        throw new IllegalArgumentException("Not a broker-connect connector: connector.class=" + connectorClass);
    }

    /** Error messages per key from the connector's own validate(); empty when the configuration is valid. */
    static Map<String, List<String>> connectorErrors(Map<String, String> config) {
        Map<String, List<String>> errors = new TreeMap<>();
        for (ConfigValue value : connectorFor(config).validate(config).configValues()) {
            if (!value.errorMessages().isEmpty()) {
                errors.put(value.name(), value.errorMessages());
            }
        }
        return errors;
    }

    /**
     * Problems with the keys the connector does not define: unknown to Connect, or with an invalid value by
     * Connect's own definition. Empty when every such key is one the worker understands.
     */
    static List<String> frameworkProblems(Map<String, String> config) {
        Connector connector = connectorFor(config);
        Set<String> connectorKeys = connector.config().names();
        boolean source = connector instanceof SqliteSourceConnector;
        ConfigDef framework = source ? SourceConnectorConfig.configDef() : SinkConnectorConfig.configDef();
        Set<String> topicCreationGroups = topicCreationGroups(config);

        List<String> problems = new ArrayList<>();
        Map<String, String> frameworkValues = new LinkedHashMap<>();
        for (String key : config.keySet()) {
            if (connectorKeys.contains(key)) {
                continue;
            }
            if (framework.names().contains(key)) {
                frameworkValues.put(key, config.get(key));
            } else if (!isKnownDynamicKey(key, source, topicCreationGroups)) {
                problems.add("unknown key " + key);
            }
        }
        for (ConfigValue value : framework.validate(frameworkValues)) {
            if (frameworkValues.containsKey(value.name()) && !value.errorMessages().isEmpty()) {
                problems.add(value.name() + ": " + value.errorMessages());
            }
        }
        return problems;
    }

    /** Connector-defined keys whose value differs from the connector's default, other than {@code allowed}. */
    static List<String> nonDefaultValues(Map<String, String> config, Set<String> allowed) {
        Map<String, ConfigDef.ConfigKey> keys = connectorFor(config).config().configKeys();
        List<String> differing = new ArrayList<>();
        for (Map.Entry<String, String> entry : config.entrySet()) {
            ConfigDef.ConfigKey key = keys.get(entry.getKey());
            if (key == null || allowed.contains(entry.getKey())) {
                continue;
            }
            Object value = ConfigDef.parseType(key.name, entry.getValue(), key.type);
            if (!Objects.equals(value, key.defaultValue)) {
                differing.add(key.name + "=" + entry.getValue() + " (default " + key.defaultValue + ")");
            }
        }
        return differing;
    }

    /** The config provider aliases a configuration refers to, e.g. {@code file} for ${file:/path:key}. */
    static Set<String> configProviderAliases(Map<String, String> config) {
        return config.values().stream().flatMap(value -> {
            Matcher matcher = CONFIG_PROVIDER_REFERENCE.matcher(value);
            List<String> aliases = new ArrayList<>();
            while (matcher.find()) {
                aliases.add(matcher.group(1));
            }
            return aliases.stream();
        }).collect(Collectors.toSet());
    }

    private static Set<String> topicCreationGroups(Map<String, String> config) {
        String groups = config.getOrDefault(SourceConnectorConfig.TOPIC_CREATION_GROUPS_CONFIG, "");
        Set<String> names = Arrays.stream(groups.split(",")).map(String::trim).filter(s -> !s.isEmpty())
            .collect(Collectors.toCollection(HashSet::new));
        names.add("default");
        return names;
    }

    private static boolean isKnownDynamicKey(String key, boolean source, Set<String> topicCreationGroups) {
        if (key.startsWith("consumer.override.")) {
            return !source && ConsumerConfig.configNames().contains(key.substring("consumer.override.".length()));
        }
        if (key.startsWith("producer.override.")) {
            return ProducerConfig.configNames().contains(key.substring("producer.override.".length()));
        }
        if (source && key.startsWith(SourceConnectorConfig.TOPIC_CREATION_PREFIX)) {
            String rest = key.substring(SourceConnectorConfig.TOPIC_CREATION_PREFIX.length());
            int dot = rest.indexOf('.');
            if (dot < 0 || !topicCreationGroups.contains(rest.substring(0, dot))) {
                return false;
            }
            String setting = rest.substring(dot + 1);
            return TOPIC_CREATION_GROUP_KEYS.contains(setting) || topicConfigNames().contains(setting);
        }
        return false;
    }

    /** Topic-level configuration names, from the constants of Kafka's TopicConfig. */
    private static Set<String> topicConfigNames() {
        return Arrays.stream(TopicConfig.class.getFields())
            .filter(f -> Modifier.isStatic(f.getModifiers()) && f.getName().endsWith("_CONFIG"))
            .map(ConnectorConfigCheck::constant)
            .collect(Collectors.toSet());
    }

    private static String constant(Field field) {
        try {
            return (String) field.get(null);
        } catch (IllegalAccessException e) {
            throw new IllegalStateException(e);
        }
    }
}
