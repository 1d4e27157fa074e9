package io.brokerconnect.tools.generator;

/** The two rows of the broker's {@code types} table. */
public enum FileType {
    RIB("rib"),
    UPDATES("updates");

    private final String dbName;

    FileType(String dbName) {
        this.dbName = dbName;
    }

    /** The value stored in {@code types.name} and {@code latest.type}. */
    public String dbName() {
        return dbName;
    }

    public static FileType fromDbName(String name) {
        for (FileType type : values()) {
            if (type.dbName.equals(name)) {
                return type;
            }
        }
        throw new IllegalArgumentException("unknown file type name: " + name);
    }
}
