package io.brokerconnect.cli.verify.compare;

import io.brokerconnect.cli.verify.model.LatestRow;
import io.brokerconnect.cli.verify.report.VerifyReport.MetaSample;
import io.brokerconnect.cli.verify.report.VerifyReport.SampleRow;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;
import java.util.TreeSet;

/** Finds the differing rows of one mismatching bucket, given both sides' rows of that bucket. */
public final class SampleRows {

    private SampleRows() {
    }

    /** Files by timestamp (one collector and type): missing in PostgreSQL, only in PostgreSQL, or with other sizes. */
    public static List<SampleRow> files(Map<Long, LatestRow> expected, Map<Long, LatestRow> postgres, int limit) {
        List<SampleRow> samples = new ArrayList<>();
        TreeSet<Long> times = new TreeSet<>(expected.keySet());
        times.addAll(postgres.keySet());
        for (long epoch : times) {
            if (samples.size() >= limit) {
                break;
            }
            LatestRow want = expected.get(epoch);
            LatestRow have = postgres.get(epoch);
            String ts = Instant.ofEpochSecond(epoch).toString();
            if (have == null) {
                samples.add(new SampleRow(ts, "missing in PostgreSQL", want.roughSize(), want.exactSize(), null, null));
            } else if (want == null) {
                samples.add(new SampleRow(ts, "only in PostgreSQL", null, null, have.roughSize(), have.exactSize()));
            } else if (!want.sameSizes(have)) {
                samples.add(new SampleRow(ts, sizeProblem(want, have), want.roughSize(), want.exactSize(),
                    have.roughSize(), have.exactSize()));
            }
        }
        return samples;
    }

    private static String sizeProblem(LatestRow want, LatestRow have) {
        boolean rough = !Objects.equals(want.roughSize(), have.roughSize());
        boolean exact = !Objects.equals(want.exactSize(), have.exactSize());
        return rough && exact ? "rough_size and exact_size differ" : rough ? "rough_size differs" : "exact_size differs";
    }

    /** Distinct meta rows (update_ts, duration, count) as lists of three longs: missing or only in PostgreSQL. */
    public static List<MetaSample> meta(List<List<Long>> sqlite, List<List<Long>> postgres, int limit) {
        TreeMap<List<Long>, String> differing = new TreeMap<>(SampleRows::compareTriples);
        sqlite.stream().filter(row -> !postgres.contains(row)).forEach(row -> differing.put(row, "missing in PostgreSQL"));
        postgres.stream().filter(row -> !sqlite.contains(row)).forEach(row -> differing.put(row, "only in PostgreSQL"));
        List<MetaSample> samples = new ArrayList<>();
        for (Map.Entry<List<Long>, String> entry : differing.entrySet()) {
            if (samples.size() >= limit) {
                break;
            }
            List<Long> row = entry.getKey();
            samples.add(new MetaSample(Instant.ofEpochSecond(row.get(0)).toString(), entry.getValue(), row.get(1),
                row.get(2)));
        }
        return samples;
    }

    private static int compareTriples(List<Long> a, List<Long> b) {
        for (int i = 0; i < 3; i++) {
            int order = Long.compare(a.get(i), b.get(i));
            if (order != 0) {
                return order;
            }
        }
        return 0;
    }
}
