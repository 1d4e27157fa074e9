package io.brokerconnect.source.convert;

import io.brokerconnect.common.model.MetaRecord;
import io.brokerconnect.source.sqlite.RawRow;
import java.time.Instant;

/**
 * Converts a raw {@code meta} row (update_ts, update_duration, insert_count). Duration and count must fit the
 * target's INTEGER columns, so a value PostgreSQL would refuse is refused here, where the raw row can be shown.
 */
public final class MetaRowConverter {

    private static final int UPDATE_TS = 0;
    private static final int UPDATE_DURATION = 1;
    private static final int INSERT_COUNT = 2;

    public Conversion<MetaRecord> convert(RawRow row) {
        try {
            long updateTs = RawValues.epochSeconds(row, UPDATE_TS);
            long duration = RawValues.integer(row, UPDATE_DURATION, 0, Integer.MAX_VALUE);
            long count = RawValues.integer(row, INSERT_COUNT, 0, Integer.MAX_VALUE);
            return Conversion.converted(new MetaRecord(Instant.ofEpochSecond(updateTs), duration, count));
        } catch (RejectedValueException e) {
            return e.toConversion();
        }
    }
}
