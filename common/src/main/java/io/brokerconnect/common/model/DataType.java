package io.brokerconnect.common.model;

import java.util.Locale;
import java.util.Optional;

/** The kinds of BGP archive file, named as in the broker's {@code types} table and PostgreSQL's {@code data_type} enum. */
public enum DataType {
    RIB("rib"),
    UPDATES("updates");

    private final String canonicalName;

    DataType(String canonicalName) {
        this.canonicalName = canonicalName;
    }

    public String canonicalName() {
        return canonicalName;
    }

    /** values() copies its array on every call; fromCanonicalName runs once per record. */
    private static final DataType[] ALL = values();

    /** Parses a type name as stored in SQLite's {@code types.name}; empty when it is not a known type. */
    public static Optional<DataType> parse(String text) {
        if (text == null) {
            return Optional.empty();
        }
        String normalised = text.trim().toLowerCase(Locale.ROOT);
        for (DataType type : ALL) {
            if (type.canonicalName.equals(normalised)) {
                return Optional.of(type);
            }
        }
        return Optional.empty();
    }

    /** Parses a canonical name found in a record; throws when the record is not one of ours. */
    public static DataType fromCanonicalName(String name) {
        for (DataType type : ALL) {
            if (type.canonicalName.equals(name)) {
                return type;
            }
        }
        throw new IllegalArgumentException("Unknown data type '" + name + "'; expected rib or updates");
    }

    @Override
    public String toString() {
        return canonicalName;
    }
}
