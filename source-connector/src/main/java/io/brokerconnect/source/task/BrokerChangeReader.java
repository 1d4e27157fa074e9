package io.brokerconnect.source.task;

import io.brokerconnect.common.model.FileRecord;
import io.brokerconnect.common.model.MetaRecord;
import io.brokerconnect.source.config.SqliteSourceConfig;
import io.brokerconnect.source.convert.Catalog;
import io.brokerconnect.source.convert.FileRowConverter;
import io.brokerconnect.source.convert.MetaRowConverter;
import io.brokerconnect.source.offset.TableOffset;
import io.brokerconnect.source.progress.TableProgress;
import io.brokerconnect.source.sqlite.AppendOnlyTable;
import io.brokerconnect.source.sqlite.BrokerDatabase;
import io.brokerconnect.source.sqlite.CatalogReader;
import io.brokerconnect.source.sqlite.RowBatchReader;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import org.apache.kafka.connect.source.SourceRecord;

/**
 * Reads what changed in the broker database since the last call, in one short read transaction: collectors when
 * a refresh is due, then the next batch of files and of meta rows. Snapshot and tail are the same loop; the
 * snapshot is simply the stretch where batches come back full.
 */
final class BrokerChangeReader {

    private final BrokerDatabase database;
    private final int batchMaxRows;
    private final long refreshIntervalNanos;
    private final CatalogReader catalogReader = new CatalogReader();
    private final CollectorTracker collectors;
    private final TableStream<FileRecord> files;
    private final TableStream<MetaRecord> meta;
    private Catalog catalog = Catalog.EMPTY;
    private long lastRefreshNanos;
    private boolean refreshedOnce;

    BrokerChangeReader(BrokerDatabase database, SqliteSourceConfig config, TableOffset filesStart,
                       TableOffset metaStart, Clock clock, long nowNanos) {
        this.database = database;
        this.batchMaxRows = config.batchMaxRows();
        this.refreshIntervalNanos = config.collectorsRefreshInterval().toNanos();
        SourceRecordFactory records = new SourceRecordFactory(config.topics(), config.sourceHeaderEnabled());
        DamagedRowReporter damaged = new DamagedRowReporter(records, config.topics().errors(), clock);
        this.collectors = new CollectorTracker(records, damaged);
        FileRowConverter fileConverter = new FileRowConverter(config.filesSince().lowerBoundEpochSeconds(clock));
        MetaRowConverter metaConverter = new MetaRowConverter();
        this.files = new TableStream<>(new RowBatchReader(AppendOnlyTable.FILES), filesStart,
            new TableProgress(AppendOnlyTable.FILES.name(), filesStart.rowid(), nowNanos),
            fileConverter::convert,
            (file, rowid, partition, offset) -> records.file(file, "files", rowid, partition, offset), damaged);
        this.meta = new TableStream<>(new RowBatchReader(AppendOnlyTable.META), metaStart,
            new TableProgress(AppendOnlyTable.META.name(), metaStart.rowid(), nowNanos),
            (row, ignoredCatalog) -> metaConverter.convert(row),
            (value, rowid, partition, offset) -> records.meta(value, "meta", rowid, partition, offset), damaged);
    }

    List<TableProgress> progress() {
        return List.of(files.progress(), meta.progress());
    }

    /** The records for everything new since the last call, at most one batch per table. */
    List<SourceRecord> readNext(long nowNanos) throws SQLException {
        return database.inReadTransaction(connection -> {
            List<SourceRecord> out = new ArrayList<>();
            if (!refreshedOnce || nowNanos - lastRefreshNanos >= refreshIntervalNanos) {
                refreshCatalog(connection, out);
                lastRefreshNanos = nowNanos;
            }
            files.readBatch(connection, batchMaxRows, catalog, this::refreshCatalog, out);
            meta.readBatch(connection, batchMaxRows, catalog, this::refreshCatalog, out);
            return out;
        });
    }

    private Catalog refreshCatalog(Connection connection, List<SourceRecord> out) throws SQLException {
        catalog = Catalog.from(catalogReader.readCollectors(connection), catalogReader.readTypes(connection));
        out.addAll(collectors.changesIn(catalog));
        refreshedOnce = true;
        return catalog;
    }
}
