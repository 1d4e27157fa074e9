package io.brokerconnect.cli.verify.compare;

import io.brokerconnect.cli.verify.model.CompareScope;
import io.brokerconnect.cli.verify.model.LatestKey;
import io.brokerconnect.cli.verify.model.LatestRow;
import io.brokerconnect.cli.verify.report.VerifyReport.LatestMismatch;
import io.brokerconnect.cli.verify.report.VerifyReport.LatestResult;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;

/**
 * Checks PostgreSQL's {@code latest} twice: against the newest compared SQLite file per collector and type, and
 * against PostgreSQL's own newest file (latest must always describe PostgreSQL's files; in a windowed or
 * up-to-offset comparison only files below the cutoff count and latest must be at least as new, because the broker
 * writing PostgreSQL itself inserts a file and updates latest in two statements).
 *
 * <p>Against SQLite the check is exact when the whole table up to now is compared. With {@code --until}, or up to
 * the source's offset, PostgreSQL may rightly hold newer files (later rows, or the broker's own dual writes), so
 * latest must then be at least as new, and equal in sizes when it is the same file. Rows of latest for which
 * SQLite has no file are a mismatch only when nothing restricts the comparison.
 */
public final class LatestComparison {

    static final String EXACT = "exact";
    static final String AT_LEAST = "at-least-as-new";

    private LatestComparison() {
    }

    /**
     * {@code postgresNewest}: PostgreSQL's newest file per key; {@code postgresNewestBeforeCutoff}: the same below
     * the scope's files cutoff (the same map when there is none). Not exact, latest must lie between the two.
     */
    public static LatestResult compare(Map<LatestKey, LatestRow> expected, Map<LatestKey, LatestRow> latest,
                                Map<LatestKey, LatestRow> postgresNewest,
                                Map<LatestKey, LatestRow> postgresNewestBeforeCutoff, CompareScope scope) {
        boolean exact = scope.window().until() == null && !scope.upToOffsets();
        boolean flagExtra = exact && scope.window().from() == null;
        List<LatestMismatch> mismatches = new ArrayList<>();
        String sqliteSide = "newest SQLite file";
        for (Map.Entry<LatestKey, LatestRow> entry : expected.entrySet()) {
            LatestRow want = entry.getValue();
            LatestRow have = latest.get(entry.getKey());
            if (have == null) {
                add(mismatches, entry.getKey(), sqliteSide, "missing in PostgreSQL's latest", want, null);
            } else if (have.epoch() < want.epoch() || (exact && have.epoch() > want.epoch())) {
                String problem = have.epoch() < want.epoch() ? "stale (older than the newest file)"
                    : "newer than any SQLite file";
                add(mismatches, entry.getKey(), sqliteSide, problem, want, have);
            } else if (have.epoch() == want.epoch() && !have.sameSizes(want)) {
                add(mismatches, entry.getKey(), sqliteSide, "sizes differ", want, have);
            }
        }
        if (flagExtra) {
            for (Map.Entry<LatestKey, LatestRow> entry : latest.entrySet()) {
                if (!expected.containsKey(entry.getKey())) {
                    add(mismatches, entry.getKey(), sqliteSide, "SQLite has no such file", null, entry.getValue());
                }
            }
        }
        String postgresSide = "newest PostgreSQL file";
        TreeSet<LatestKey> keys = new TreeSet<>(latest.keySet());
        keys.addAll(postgresNewest.keySet());
        for (LatestKey key : keys) {
            LatestRow newest = postgresNewest.get(key);
            LatestRow floor = exact ? newest : postgresNewestBeforeCutoff.get(key);
            LatestRow have = latest.get(key);
            if (have == null) {
                add(mismatches, key, postgresSide, "missing in PostgreSQL's latest", newest, null);
            } else if (newest == null) {
                add(mismatches, key, postgresSide, "PostgreSQL has no such file", null, have);
            } else if (floor != null && have.epoch() < floor.epoch()) {
                add(mismatches, key, postgresSide, "stale (older than the newest file)", floor, have);
            } else if (have.epoch() > newest.epoch()) {
                add(mismatches, key, postgresSide, "newer than any PostgreSQL file", newest, have);
            } else if (have.epoch() == newest.epoch() && !have.sameSizes(newest)) {
                add(mismatches, key, postgresSide, "sizes differ", newest, have);
            } else if (exact && have.epoch() < newest.epoch()) {
                add(mismatches, key, postgresSide, "stale (older than the newest file)", newest, have);
            }
        }
        return new LatestResult(exact ? EXACT : AT_LEAST, expected.size(), latest.size(), mismatches);
    }

    private static void add(List<LatestMismatch> out, LatestKey key, String against, String problem, LatestRow expected,
                            LatestRow postgres) {
        out.add(new LatestMismatch(key.collector(), key.type(), against, problem,
            expected == null ? null : expected.toString(), postgres == null ? null : postgres.toString()));
    }
}
