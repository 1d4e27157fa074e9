package io.brokerconnect.sink.layout;

/** A secondary index of the files table, by name (unqualified) and its column list. */
public record DeferredIndex(String name, String columns) {
}
