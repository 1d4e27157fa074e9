package io.brokerconnect.sink.config;

import java.util.regex.Pattern;

/**
 * A PostgreSQL identifier taken from configuration (the target schema name). It is checked against a strict
 * pattern and always quoted, so configuration can never splice SQL into a statement.
 */
public record Identifier(String name) {

    private static final Pattern SAFE = Pattern.compile("[A-Za-z_][A-Za-z0-9_]{0,62}");

    public Identifier {
        if (name == null || !SAFE.matcher(name).matches()) {
            throw new IllegalArgumentException("'" + name + "' is not a valid PostgreSQL identifier here: use a letter "
                + "or underscore followed by up to 62 letters, digits or underscores");
        }
    }

    public static boolean isValid(String name) {
        return name != null && SAFE.matcher(name).matches();
    }

    /** The identifier in double quotes, ready for SQL. */
    public String quoted() {
        return '"' + name + '"';
    }

    /** {@code "schema"."object"} for an object name that is a constant of this code base. */
    public String qualify(String objectName) {
        return quoted() + "." + objectName;
    }

    @Override
    public String toString() {
        return name;
    }
}
