package io.brokerconnect.source.convert;

import io.brokerconnect.common.model.CollectorRecord;
import io.brokerconnect.common.model.Project;
import io.brokerconnect.source.sqlite.RawRow;

/** Converts a raw {@code collectors} row (id, name, url, project, updates_interval) into a collector record. */
final class CollectorRowConverter {

    private static final int NAME = 1;
    private static final int URL = 2;
    private static final int PROJECT = 3;
    private static final int UPDATES_INTERVAL = 4;

    private CollectorRowConverter() {
    }

    static Conversion<CollectorRecord> convert(RawRow row) {
        try {
            String name = RawValues.text(row, NAME, true);
            String url = RawValues.text(row, URL, false);
            String projectText = RawValues.text(row, PROJECT, true);
            Project project = Project.parse(projectText).orElseThrow(() -> new RejectedValueException(
                "project '" + projectText + "' is neither ripe-ris nor route-views (nor an alias of them)"));
            Integer interval = row.get(UPDATES_INTERVAL) == null ? null
                : (int) RawValues.integer(row, UPDATES_INTERVAL, 1, Integer.MAX_VALUE);
            return Conversion.converted(new CollectorRecord(project, name.trim(), url, interval));
        } catch (RejectedValueException e) {
            return e.toConversion();
        }
    }
}
