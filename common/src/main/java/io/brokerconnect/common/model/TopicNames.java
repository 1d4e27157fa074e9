package io.brokerconnect.common.model;

import java.util.List;
import java.util.regex.Pattern;

/**
 * The topics one source connector writes, derived from its {@code topic.prefix}. Both connectors and the
 * tools derive names here so they cannot drift apart.
 */
public record TopicNames(String prefix) {

    /** Kafka's legal topic characters; the suffix added below keeps names within the 249-character limit. */
    private static final Pattern LEGAL_PREFIX = Pattern.compile("[a-zA-Z0-9._-]{1,200}");

    public TopicNames {
        if (prefix == null || !LEGAL_PREFIX.matcher(prefix).matches()) {
            throw new IllegalArgumentException("Topic prefix '" + prefix
                + "' is not a legal Kafka topic name prefix: use 1-200 characters of a-z, A-Z, 0-9, '.', '_' or '-'");
        }
    }

    public static boolean isLegalPrefix(String prefix) {
        return prefix != null && LEGAL_PREFIX.matcher(prefix).matches();
    }

    public String collectors() {
        return prefix + ".collectors";
    }

    public String files() {
        return prefix + ".files";
    }

    public String meta() {
        return prefix + ".meta";
    }

    /** Damaged source rows, with the reason and raw values, so nothing is dropped silently. */
    public String errors() {
        return prefix + ".errors";
    }

    public List<String> all() {
        return List.of(collectors(), files(), meta(), errors());
    }
}
