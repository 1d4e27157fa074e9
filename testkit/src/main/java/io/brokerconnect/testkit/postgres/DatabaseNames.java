package io.brokerconnect.testkit.postgres;

import java.util.Locale;
import java.util.UUID;
import java.util.regex.Pattern;

/**
 * Rules for the names of databases that tests create.
 *
 * <p>Names are restricted to lower-case letters, digits and underscores so that the same name works unquoted in SQL,
 * quoted in DDL and verbatim in a JDBC URL (which would otherwise need URL encoding), and cannot be used to inject SQL
 * into the CREATE DATABASE statement, which cannot take bind parameters.
 */
final class DatabaseNames {

    /** PostgreSQL truncates identifiers beyond 63 bytes; refusing them avoids two names silently meaning one db. */
    private static final Pattern VALID = Pattern.compile("[a-z_][a-z0-9_]{0,62}");
    private static final int SUFFIX_LENGTH = 8;

    private DatabaseNames() {
    }

    static String requireValid(String name) {
        if (name == null || !VALID.matcher(name).matches()) {
            throw new IllegalArgumentException("Database name must match " + VALID.pattern()
                + " (lower case letters, digits, underscores; at most 63 characters): '" + name + "'");
        }
        return name;
    }

    /** The name quoted as an SQL identifier, for DDL. */
    static String quoted(String name) {
        return '"' + requireValid(name) + '"';
    }

    /**
     * A fresh name starting with a cleaned-up {@code prefix}; the random suffix keeps names unique across test
     * methods, test classes and concurrent builds that share one external server.
     */
    static String unique(String prefix) {
        String cleaned = prefix == null ? "" : prefix.toLowerCase(Locale.ROOT).replaceAll("[^a-z0-9_]+", "_");
        if (cleaned.isEmpty() || !Character.isLetter(cleaned.charAt(0)) && cleaned.charAt(0) != '_') {
            cleaned = "db_" + cleaned;
        }
        int room = 63 - 1 - SUFFIX_LENGTH;
        if (cleaned.length() > room) {
            cleaned = cleaned.substring(0, room);
        }
        String suffix = UUID.randomUUID().toString().replace("-", "").substring(0, SUFFIX_LENGTH);
        return requireValid(cleaned + "_" + suffix);
    }
}
