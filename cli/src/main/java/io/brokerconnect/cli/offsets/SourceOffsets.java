package io.brokerconnect.cli.offsets;

/**
 * How far the source connector has read: the rowid of the last {@code files} and {@code meta} row it emitted
 * (its committed offsets, partition {@code {"v":1,"table":...}}, field {@code rowid}), and where that came from.
 */
public record SourceOffsets(long filesRowid, long metaRowid, String origin) {

    public SourceOffsets {
        if (filesRowid < 0 || metaRowid < 0) {
            throw new IllegalArgumentException("source offsets must not be negative: files rowid " + filesRowid
                + ", meta rowid " + metaRowid);
        }
    }
}
