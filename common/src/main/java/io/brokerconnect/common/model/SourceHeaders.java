package io.brokerconnect.common.model;

/**
 * The header that says where a record came from: {@code broker.source} = {@code <table>:<rowid>}, e.g.
 * {@code files:4711}. It is diagnostics only: the sink never relies on SQLite rowids because {@code VACUUM} may
 * renumber them.
 *
 * <p>One header, not one per fact: Connect converts every header of every record a sink consumes (a class-loader
 * swap, a converter call and a key decode each), so each further header slows every sink that reads the topics,
 * most visibly a replay, where the sink itself does little per record.
 */
public final class SourceHeaders {
    /** The header's name. */
    public static final String SOURCE = "broker.source";

    private SourceHeaders() {
    }

    /** The header's value for a row of a SQLite table. */
    public static String value(String table, long rowid) {
        return table + ':' + rowid;
    }
}
