package io.brokerconnect.tools.generator;

import java.util.List;

/**
 * A second database the live writer also writes each round, as the broker does during a dual-write cutover (for
 * example PostgreSQL with the broker's own statements). Called on the writer thread, batch by batch in crawl order,
 * after the SQLite write of the same batch (if SQLite is still written).
 */
public interface DualWriteTarget {

    /** One crawled file as the broker knows it: names, not SQLite ids. */
    record CrawledFile(String project, String collector, String type, long timestamp, long roughSize,
                       long exactSize) {
    }

    /** Writes one crawl batch (insert-if-absent plus the latest update); returns how many files were new there. */
    long writeFiles(List<CrawledFile> batch) throws Exception;

    /** Writes the round's meta row. */
    void writeMeta(long updateTs, long durationSeconds, long insertCount) throws Exception;
}
