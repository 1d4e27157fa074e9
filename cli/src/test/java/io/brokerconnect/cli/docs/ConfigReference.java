package io.brokerconnect.cli.docs;

import io.brokerconnect.sink.config.PostgresSinkConfig;
import io.brokerconnect.source.config.SqliteSourceConfig;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.apache.kafka.common.config.ConfigDef;
import org.apache.kafka.common.config.ConfigDef.ConfigKey;
import org.apache.kafka.common.config.types.Password;

/**
 * Renders {@code docs/configuration.md}, the connectors' configuration reference, from their {@code ConfigDef}s:
 * per connector an index of every key, then each group (in {@link ConfigDef#groups()} order, keys by their order in
 * the group) with every key's doc, type, default, valid values (the validator's {@code toString()}) and importance.
 *
 * <p>Markdown rather than Kafka's own {@link ConfigDef#toEnrichedRst()}: GitHub renders Markdown tables and heading
 * anchors (which the README links to), the output does not change with Kafka's RST formatting, and the index and
 * the human-readable durations are ours to add. {@link ConfigReferenceTest} keeps the committed file equal to this.
 */
public final class ConfigReference {

    /** The command that rewrites the committed file; named by the test when the file is stale. */
    public static final String UPDATE_COMMAND = "mvn -B test -pl cli -am -Dtest=ConfigReferenceTest "
        + "-Dsurefire.failIfNoSpecifiedTests=false -Dconfig.reference.update=true";

    /** Where the reference lives, relative to the repository root. */
    public static final String PATH = "docs/configuration.md";

    private record Connector(String title, String connectorClass, String configClass, ConfigDef def) {
    }

    private static final List<Connector> CONNECTORS = List.of(
        new Connector("SQLite source connector", "io.brokerconnect.source.SqliteSourceConnector",
            SqliteSourceConfig.class.getName(), SqliteSourceConfig.CONFIG_DEF),
        new Connector("PostgreSQL sink connector", "io.brokerconnect.sink.PostgresSinkConnector",
            PostgresSinkConfig.class.getName(), PostgresSinkConfig.CONFIG_DEF));

    private final StringBuilder out = new StringBuilder();
    private final Map<String, Integer> slugs = new HashMap<>();

    private ConfigReference() {
    }

    /** The whole reference, as committed in {@link #PATH}. */
    public static String render() {
        return new ConfigReference().document();
    }

    private String document() {
        heading(1, "Connector configuration reference");
        line("<!-- Generated from the connectors' ConfigDefs by " + ConfigReference.class.getName() + ". Do not edit:");
        line("     change the doc strings in the config classes and run");
        line("     " + UPDATE_COMMAND + " -->");
        line("");
        line("Every setting of the two connectors, generated from their `ConfigDef`s (what Connect's");
        line("`PUT /connector-plugins/<class>/config/validate` checks). Keys ending in `.ms` are durations in");
        line("milliseconds. An empty default means the value comes from elsewhere (an environment variable, another");
        line("setting), as the description says.");
        line("");
        line("Connect's own settings (`tasks.max`, `topics`, `key.converter`, `errors.*`, `topic.creation.*`,");
        line("`producer.override.*`, `consumer.override.*`) are described in Kafka's documentation. The values this");
        line("project recommends for them are in [`deploy/connect/`](../deploy/connect/) (see");
        line("[`deploy/README.md`](../deploy/README.md)); why the sink's consumer settings are what they are is in");
        line("[\"Sink consumer settings\"](sink.md#sink-consumer-settings).");
        line("");
        for (Connector connector : CONNECTORS) {
            connector(connector);
        }
        return out.toString();
    }

    private void connector(Connector connector) {
        heading(2, connector.title());
        line("`connector.class=" + connector.connectorClass() + "`; the definition is `" + connector.configClass()
            + ".CONFIG_DEF`.");
        line("");
        Map<String, List<ConfigKey>> groups = grouped(connector.def());
        // The anchors the headings below will get, so that the index can link to them.
        Map<String, Integer> before = new HashMap<>(slugs);
        List<String> groupAnchors = new ArrayList<>();
        Map<ConfigKey, String> keyAnchors = new HashMap<>();
        for (Map.Entry<String, List<ConfigKey>> group : groups.entrySet()) {
            groupAnchors.add(slug(group.getKey()));
            for (ConfigKey key : group.getValue()) {
                keyAnchors.put(key, slug("`" + key.name + "`"));
            }
        }
        slugs.clear();
        slugs.putAll(before);

        line("| key | type | default | importance |");
        line("|---|---|---|---|");
        for (List<ConfigKey> keys : groups.values()) {
            for (ConfigKey key : keys) {
                line("| [`" + key.name + "`](#" + keyAnchors.get(key) + ") | " + type(key) + " | " + defaultValue(key)
                    + " | " + importance(key) + " |");
            }
        }
        line("");
        for (Map.Entry<String, List<ConfigKey>> group : groups.entrySet()) {
            heading(3, group.getKey());
            for (ConfigKey key : group.getValue()) {
                heading(4, "`" + key.name + "`");
                line(escape(key.documentation));
                line("");
                line("| type | default | valid values | importance |");
                line("|---|---|---|---|");
                line("| " + type(key) + " | " + defaultValue(key) + " | " + validValues(key) + " | " + importance(key)
                    + " |");
                line("");
            }
        }
    }

    /** Keys by group, groups in the ConfigDef's order, keys by their order in the group (then by name). */
    private static Map<String, List<ConfigKey>> grouped(ConfigDef def) {
        Map<String, List<ConfigKey>> groups = new LinkedHashMap<>();
        for (String group : def.groups()) {
            groups.put(group, new ArrayList<>());
        }
        for (ConfigKey key : def.configKeys().values()) {
            if (key.internalConfig) {
                continue;
            }
            if (key.group == null) {
                throw new IllegalStateException("Config key " + key.name + " has no group; give it one so that the "
                    + "reference can place it");
            }
            groups.get(key.group).add(key);
        }
        for (List<ConfigKey> keys : groups.values()) {
            keys.sort(Comparator.comparingInt((ConfigKey k) -> k.orderInGroup).thenComparing(k -> k.name));
        }
        groups.values().removeIf(List::isEmpty);
        return groups;
    }

    private static String type(ConfigKey key) {
        return key.type.name().toLowerCase(Locale.ROOT);
    }

    private static String importance(ConfigKey key) {
        return key.importance.name().toLowerCase(Locale.ROOT);
    }

    private static String defaultValue(ConfigKey key) {
        if (!key.hasDefault()) {
            return "(required)";
        }
        Object value = key.defaultValue;
        if (value == null) {
            return "null";
        }
        if (value instanceof Password password) {
            return password.value().isEmpty() ? "`\"\"`" : "(hidden)";
        }
        String text = value instanceof List<?> list
            ? String.join(",", list.stream().map(String::valueOf).toList())
            : String.valueOf(value);
        if (text.isEmpty()) {
            return "`\"\"`";
        }
        return "`" + text + "`" + duration(key, value);
    }

    /** " (10 min)" for a whole number of minutes or seconds in a key ending in .ms; empty otherwise. */
    private static String duration(ConfigKey key, Object value) {
        if (!key.name.endsWith(".ms") || !(value instanceof Number number)) {
            return "";
        }
        long ms = number.longValue();
        if (ms >= 60_000 && ms % 60_000 == 0) {
            return " (" + ms / 60_000 + " min)";
        }
        if (ms >= 1_000 && ms % 1_000 == 0) {
            return " (" + ms / 1_000 + " s)";
        }
        return "";
    }

    private static String validValues(ConfigKey key) {
        if (key.validator != null) {
            return escape(key.validator.toString());
        }
        return key.type == ConfigDef.Type.BOOLEAN ? "true, false" : "any";
    }

    /** Table cells and paragraphs: no pipes or line breaks, and nothing taken for HTML or emphasis. */
    private static String escape(String text) {
        return text.replace("\\", "\\\\").replace("|", "\\|").replace("<", "&lt;").replace(">", "&gt;")
            .replace("*", "\\*").replaceAll("\\s*\\R\\s*", " ");
    }

    private void heading(int level, String text) {
        slug(text);
        line("#".repeat(level) + " " + text);
        line("");
    }

    /**
     * The anchor GitHub gives a heading: lower case, anything but letters, digits, spaces, hyphens and underscores
     * dropped, spaces to hyphens, and -1, -2, ... for repeats in one document.
     */
    private String slug(String heading) {
        String base = heading.toLowerCase(Locale.ROOT).replaceAll("[^\\p{L}\\p{N} _-]", "").replace(' ', '-');
        int seen = slugs.merge(base, 1, Integer::sum) - 1;
        return seen == 0 ? base : base + "-" + seen;
    }

    private void line(String text) {
        out.append(text).append('\n');
    }
}
