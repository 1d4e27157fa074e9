package io.brokerconnect.source.task;

import io.brokerconnect.source.convert.Catalog;
import io.brokerconnect.source.convert.Conversion;
import io.brokerconnect.source.offset.TableCursor;
import io.brokerconnect.source.offset.TableOffset;
import io.brokerconnect.source.progress.TableProgress;
import io.brokerconnect.source.sqlite.RawRow;
import io.brokerconnect.source.sqlite.RowBatchReader;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.List;
import java.util.Map;
import org.apache.kafka.connect.source.SourceRecord;

/**
 * One append-only table turned into a record stream: reads the next batch after the cursor, converts each row,
 * and emits a record (or an error record) carrying the offset of that very row, so Connect commits an offset
 * only once every row up to it has been written.
 */
final class TableStream<T> {

    /** Converts a raw row, given the catalog of the same read transaction. */
    interface RowConverter<T> {
        Conversion<T> convert(RawRow row, Catalog catalog);
    }

    /** Builds the record for a converted row. */
    interface RecordBuilder<T> {
        SourceRecord build(T value, long rowid, Map<String, ?> partition, Map<String, ?> offset);
    }

    /** Re-reads the catalog (once per batch) when a row names an id the cached catalog does not know. */
    interface CatalogRefresher {
        Catalog refresh(Connection connection, List<SourceRecord> out) throws SQLException;
    }

    private final RowBatchReader reader;
    private final TableCursor cursor;
    private final TableProgress progress;
    private final RowConverter<T> converter;
    private final RecordBuilder<T> builder;
    private final DamagedRowReporter damaged;
    private final Map<String, Object> partition;

    TableStream(RowBatchReader reader, TableOffset start, TableProgress progress, RowConverter<T> converter,
                RecordBuilder<T> builder, DamagedRowReporter damaged) {
        this.reader = reader;
        this.cursor = new TableCursor(reader, start);
        this.progress = progress;
        this.converter = converter;
        this.builder = builder;
        this.damaged = damaged;
        this.partition = TableOffset.partition(reader.table());
    }

    TableProgress progress() {
        return progress;
    }

    /** Reads up to {@code maxRows} rows into {@code out}; returns how many rows were read. */
    int readBatch(Connection connection, int maxRows, Catalog catalog, CatalogRefresher refresher,
                  List<SourceRecord> out) throws SQLException {
        cursor.verify(connection);
        progress.renumberings(cursor.renumberings());
        List<RawRow> rows = reader.readAfter(connection, cursor.position().rowid(), maxRows);
        boolean refreshed = false;
        for (RawRow row : rows) {
            Conversion<T> conversion = converter.convert(row, catalog);
            if (conversion instanceof Conversion.Rejected<T> rejected && rejected.unknownReference() && !refreshed) {
                catalog = refresher.refresh(connection, out);
                refreshed = true;
                conversion = converter.convert(row, catalog);
            }
            cursor.advance(row);
            Map<String, Object> offset = cursor.position().toMap(reader.table());
            if (conversion instanceof Conversion.Converted<T> converted) {
                out.add(builder.build(converted.value(), row.rowid(), partition, offset));
                progress.emitted();
            } else if (conversion instanceof Conversion.Rejected<T> rejected) {
                out.add(damaged.report(reader.table().name(), row, rejected.reason(), partition, offset));
                progress.rejected();
            } else {
                progress.filtered();
            }
        }
        progress.position(cursor.position().rowid());
        progress.maxRowid(reader.maxRowid(connection));
        return rows.size();
    }
}
