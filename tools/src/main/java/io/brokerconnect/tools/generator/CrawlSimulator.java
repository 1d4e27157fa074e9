package io.brokerconnect.tools.generator;

import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;

/**
 * Produces the good files rows in the order a broker's history would have inserted them, so that
 * rowid order is realistic rather than time order:
 *
 * <ol>
 *   <li><b>restore</b> ({@code [t0, backfillStart)}, oldest ~60%): loaded in time order, like a
 *       database restored from a backup;</li>
 *   <li><b>live rounds</b> ({@code [liveStart, end]}, newest ~30%): one crawl round every 5 minutes.
 *       A file is only inserted once it has been published: updates a little after their interval
 *       closes, RIBs 10 to 60 minutes after their timestamp (dumping a table takes time), so a round
 *       inserts RIBs that are older than updates inserted before them. Collectors finish in a
 *       different order every round (the broker crawls them concurrently). One meta row per round.</li>
 *   <li><b>back-fill</b> ({@code [backfillStart, liveStart)}, ~10%): inserted during the live rounds
 *       in chunks of ~50,000 rows, newest chunk first, one collector after the other, as when the
 *       crawler discovers older files; these rows get high rowids but old timestamps.</li>
 * </ol>
 */
final class CrawlSimulator {

    private static final int GRID = Timeline.GRID;
    private static final int MAX_DELAY = 3_599;
    private static final long BACKFILL_CHUNK_ROWS = 50_000;

    private final Timeline timeline;
    private final long seed;
    private final List<List<FileSeries>> seriesByCollector = new ArrayList<>();
    private final long rounds;
    private final long backfillWidth;
    private final long backfillChunks;

    private GoodFileEmitter emitter;

    CrawlSimulator(Timeline timeline, long seed) {
        this.timeline = timeline;
        this.seed = seed;
        groupByCollector(timeline.series());
        long liveStart = timeline.liveStart();
        this.rounds = liveStart > timeline.end() ? 0 : Math.floorDiv(timeline.end() + MAX_DELAY - liveStart + GRID - 1, GRID);
        long span = liveStart - timeline.backfillStart();
        if (span <= 0) {
            this.backfillWidth = GRID;
            this.backfillChunks = 0;
        } else {
            long rows = timeline.countFrom(timeline.backfillStart()) - timeline.countFrom(liveStart);
            long chunks = Math.max(1, (rows + BACKFILL_CHUNK_ROWS - 1) / BACKFILL_CHUNK_ROWS);
            long width = (span + chunks - 1) / chunks;
            this.backfillWidth = (width + GRID - 1) / GRID * GRID;
            this.backfillChunks = (span + backfillWidth - 1) / backfillWidth;
        }
    }

    private void groupByCollector(List<FileSeries> series) {
        long currentId = Long.MIN_VALUE;
        for (FileSeries s : series) { // series are sorted by collector id
            if (s.collectorId() != currentId) {
                seriesByCollector.add(new ArrayList<>(2));
                currentId = s.collectorId();
            }
            List<FileSeries> group = seriesByCollector.get(seriesByCollector.size() - 1);
            // A crawl lists RIBs ("bview.*", "RIBS/") before updates.
            if (s.type() == FileType.RIB) {
                group.add(0, s);
            } else {
                group.add(s);
            }
        }
    }

    /** Number of meta rows {@link #run()} will write (one per live round). */
    long metaRows() {
        return rounds;
    }

    /** Emits all good rows through {@code emitter} and one meta row per live round to {@code sink}. */
    void run(GoodFileEmitter emitter, FileRowSink sink) throws SQLException {
        this.emitter = emitter;
        restore();
        long nextChunk = 0;
        for (long k = 1; k <= rounds; k++) {
            long roundTime = timeline.liveStart() + k * GRID;
            long before = emitter.emitted();
            liveRound(roundTime);
            while (nextChunk < backfillChunks && roundForChunk(nextChunk) <= k) {
                backfillChunk(nextChunk++);
            }
            long duration = 5 + Hashing.below(Hashing.hash(seed, 11, roundTime), 280);
            sink.meta(roundTime + duration, duration, emitter.emitted() - before);
        }
        while (nextChunk < backfillChunks) {
            backfillChunk(nextChunk++);
        }
    }

    private void restore() throws SQLException {
        List<FileSeries> series = timeline.series();
        for (long ts = timeline.t0(); ts < timeline.backfillStart(); ts += GRID) {
            for (FileSeries s : series) {
                if (s.isFileTime(ts) && timeline.included(s, ts)) {
                    emitter.emit(s, ts);
                }
            }
        }
    }

    private void liveRound(long roundTime) throws SQLException {
        for (int c : shuffledCollectors(Hashing.hash(seed, 17, roundTime))) {
            for (FileSeries s : seriesByCollector.get(c)) {
                int minDelay = s.type() == FileType.RIB ? 600 : s.period() + 30;
                int maxDelay = s.type() == FileType.RIB ? 3_599 : s.period() + 299;
                long from = Math.max(timeline.liveStart(), roundTime - GRID - maxDelay + 1);
                long to = Math.min(timeline.end(), roundTime - minDelay);
                for (long ts = s.alignUp(from); ts <= to; ts += s.period()) {
                    long available = ts + publishDelay(s, ts);
                    if (available > roundTime - GRID && available <= roundTime && timeline.included(s, ts)) {
                        emitter.emit(s, ts);
                    }
                }
            }
        }
    }

    /** Seconds between a file's timestamp and the moment the archive lists it. */
    private long publishDelay(FileSeries s, long ts) {
        long h = Hashing.hash(seed ^ 0xDE1A7L, s.collectorId(), s.type().ordinal(), ts);
        return s.type() == FileType.RIB ? 600 + Hashing.below(h, 3_000) : s.period() + 30 + Hashing.below(h, 270);
    }

    private long roundForChunk(long chunk) {
        return Math.max(1, (chunk + 1) * rounds / (backfillChunks + 1));
    }

    private void backfillChunk(long chunk) throws SQLException {
        long hi = timeline.liveStart() - chunk * backfillWidth;
        long lo = Math.max(timeline.backfillStart(), hi - backfillWidth);
        for (int c : shuffledCollectors(Hashing.hash(seed, 19, chunk))) {
            for (FileSeries s : seriesByCollector.get(c)) {
                for (long ts = s.alignUp(lo); ts < hi; ts += s.period()) {
                    if (timeline.included(s, ts)) {
                        emitter.emit(s, ts);
                    }
                }
            }
        }
    }

    /** Collector positions in a deterministic pseudo-random order (Fisher-Yates keyed by a hash). */
    private int[] shuffledCollectors(long key) {
        int n = seriesByCollector.size();
        int[] order = new int[n];
        for (int i = 0; i < n; i++) {
            order[i] = i;
        }
        for (int i = n - 1; i > 0; i--) {
            int j = (int) Hashing.below(Hashing.hash(key, i), i + 1L);
            int tmp = order[i];
            order[i] = order[j];
            order[j] = tmp;
        }
        return order;
    }
}
