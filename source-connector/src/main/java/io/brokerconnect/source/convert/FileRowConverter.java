package io.brokerconnect.source.convert;

import io.brokerconnect.common.model.CollectorRecord;
import io.brokerconnect.common.model.DataType;
import io.brokerconnect.common.model.FileRecord;
import io.brokerconnect.source.sqlite.RawRow;
import java.time.Instant;
import java.util.Optional;

/**
 * Converts a raw {@code files} row (timestamp, collector_id, type_id, rough_size, exact_size) into a file record
 * that carries names instead of SQLite ids.
 */
public final class FileRowConverter {

    private static final int TIMESTAMP = 0;
    private static final int COLLECTOR_ID = 1;
    private static final int TYPE_ID = 2;
    private static final int ROUGH_SIZE = 3;
    private static final int EXACT_SIZE = 4;

    private final Optional<Long> lowerBoundEpochSeconds;

    /** @param lowerBoundEpochSeconds files older than this are filtered out (the {@code files.since} option) */
    public FileRowConverter(Optional<Long> lowerBoundEpochSeconds) {
        this.lowerBoundEpochSeconds = lowerBoundEpochSeconds;
    }

    public Conversion<FileRecord> convert(RawRow row, Catalog catalog) {
        try {
            long timestamp = RawValues.epochSeconds(row, TIMESTAMP);
            long collectorId = RawValues.integer(row, COLLECTOR_ID, Long.MIN_VALUE, Long.MAX_VALUE);
            long typeId = RawValues.integer(row, TYPE_ID, Long.MIN_VALUE, Long.MAX_VALUE);
            long roughSize = RawValues.integer(row, ROUGH_SIZE, 0, Long.MAX_VALUE);
            long exactSize = RawValues.integer(row, EXACT_SIZE, 0, Long.MAX_VALUE);
            CollectorRecord collector = resolve(catalog.collector(collectorId), "collector_id " + collectorId);
            DataType type = resolve(catalog.type(typeId), "type_id " + typeId);
            if (lowerBoundEpochSeconds.isPresent() && timestamp < lowerBoundEpochSeconds.get()) {
                return new Conversion.Filtered<>();
            }
            return Conversion.converted(new FileRecord(collector.project(), collector.name(), type,
                Instant.ofEpochSecond(timestamp), roughSize, exactSize));
        } catch (RejectedValueException e) {
            return e.toConversion();
        }
    }

    private static <T> T resolve(Conversion<T> reference, String what) throws RejectedValueException {
        if (reference instanceof Conversion.Converted<T> converted) {
            return converted.value();
        }
        Conversion.Rejected<T> rejected = (Conversion.Rejected<T>) reference;
        if (rejected.unknownReference()) {
            throw new RejectedValueException(rejected.reason(), true);
        }
        throw new RejectedValueException(what + " refers to a damaged row: " + rejected.reason());
    }
}
