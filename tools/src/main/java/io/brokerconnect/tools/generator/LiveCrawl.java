package io.brokerconnect.tools.generator;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;

/**
 * What one broker crawl round finds: per collector, the files the archives have published since
 * the last round, plus the newest already-stored files again (the broker re-lists the current
 * month's directory every round and relies on {@code INSERT OR IGNORE} to drop what it has).
 * Collectors come back in a different order every round because the broker crawls them
 * concurrently and inserts each result as soon as it arrives.
 */
final class LiveCrawl {

    private final List<LiveSeries> series;
    private final FileSizeModel sizes;
    private final long seed;
    private final int duplicatesPerSeries;

    LiveCrawl(List<LiveSeries> series, long seed, int duplicatesPerSeries) {
        this.series = series;
        this.sizes = new FileSizeModel(seed);
        this.seed = seed;
        this.duplicatesPerSeries = duplicatesPerSeries;
    }

    /** Items per collector id, in crawl-completion order; advances each series past what it returns. */
    Map<Long, List<BrokerWrites.LiveFile>> crawl(long clock) {
        List<LiveSeries> shuffled = new ArrayList<>(series);
        Collections.shuffle(shuffled, new Random(Hashing.hash(seed, 23, clock)));
        Map<Long, List<BrokerWrites.LiveFile>> items = new LinkedHashMap<>();
        for (LiveSeries s : shuffled) {
            List<BrokerWrites.LiveFile> target = items.computeIfAbsent(s.collectorId, id -> new ArrayList<>());
            if (s.newestStored != Long.MIN_VALUE) {
                for (int d = duplicatesPerSeries - 1; d >= 0; d--) {
                    target.add(file(s, s.newestStored - (long) d * s.period));
                }
            }
            while (s.nextIsPublished(clock)) {
                target.add(file(s, s.next));
                s.next += s.period;
            }
        }
        items.values().removeIf(List::isEmpty);
        return items;
    }

    /** Sizes come from the generator's model, so a re-sent file matches the stored row. */
    private BrokerWrites.LiveFile file(LiveSeries s, long ts) {
        long h = sizes.fileHash(s.collectorId, s.type, ts);
        return new BrokerWrites.LiveFile(s, ts, sizes.roughSize(h, s.collectorId, s.project, s.type, ts),
                sizes.exactSize(h, s.collectorId, s.project, s.type, ts));
    }
}
