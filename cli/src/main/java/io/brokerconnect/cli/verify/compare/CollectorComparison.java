package io.brokerconnect.cli.verify.compare;

import io.brokerconnect.cli.verify.model.CollectorKey;
import io.brokerconnect.cli.verify.model.CollectorValues;
import io.brokerconnect.cli.verify.report.VerifyReport.CollectorMismatch;
import io.brokerconnect.cli.verify.report.VerifyReport.CollectorsResult;
import io.brokerconnect.sink.config.LayoutName;
import io.brokerconnect.sink.layout.TargetLayout;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;

/**
 * Compares collectors field by field by natural key (project, name); ids are each database's own and are never
 * compared. A PostgreSQL collector SQLite does not have is a mismatch, except up to the source's offset, where it
 * may be the broker's own new collector from a dual write (then it shows only in the row counts).
 */
public final class CollectorComparison {

    private CollectorComparison() {
    }

    /**
     * The expected collectors as the layout stores them: upstream's base_uri is NOT NULL, so the sink writes a
     * collector without url with base_uri '' (as the broker does for a placeholder).
     */
    public static Map<CollectorKey, CollectorValues> asStored(Map<CollectorKey, CollectorValues> expected, TargetLayout layout) {
        if (layout.name() == LayoutName.SPEC) {
            return expected;
        }
        Map<CollectorKey, CollectorValues> stored = new TreeMap<>();
        expected.forEach((key, values) -> stored.put(key, values.url() != null ? values
            : new CollectorValues("", values.updatesInterval())));
        return stored;
    }

    public static CollectorsResult compare(Map<CollectorKey, CollectorValues> expected, Map<CollectorKey, CollectorValues> postgres,
                                    boolean tolerateExtra) {
        List<CollectorMismatch> mismatches = new ArrayList<>();
        for (Map.Entry<CollectorKey, CollectorValues> entry : expected.entrySet()) {
            CollectorKey key = entry.getKey();
            CollectorValues want = entry.getValue();
            CollectorValues have = postgres.get(key);
            if (have == null) {
                mismatches.add(new CollectorMismatch(key.project(), key.name(), "row", "present", "missing"));
                continue;
            }
            if (!Objects.equals(want.url(), have.url())) {
                mismatches.add(new CollectorMismatch(key.project(), key.name(), "url", want.url(), have.url()));
            }
            if (!Objects.equals(want.updatesInterval(), have.updatesInterval())) {
                mismatches.add(new CollectorMismatch(key.project(), key.name(), "updates_interval",
                    String.valueOf(want.updatesInterval()), String.valueOf(have.updatesInterval())));
            }
        }
        if (!tolerateExtra) {
            postgres.keySet().stream().filter(key -> !expected.containsKey(key)).forEach(key ->
                mismatches.add(new CollectorMismatch(key.project(), key.name(), "row", "missing", "present")));
        }
        return new CollectorsResult(expected.size(), postgres.size(), mismatches);
    }
}
