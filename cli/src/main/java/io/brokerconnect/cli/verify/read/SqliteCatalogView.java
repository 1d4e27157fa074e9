package io.brokerconnect.cli.verify.read;

import io.brokerconnect.cli.verify.model.CollectorKey;
import io.brokerconnect.cli.verify.model.CollectorValues;
import io.brokerconnect.cli.verify.read.SourceValidity.FileDamage;
import io.brokerconnect.common.model.CollectorRecord;
import io.brokerconnect.common.model.DataType;
import io.brokerconnect.source.convert.Catalog;
import io.brokerconnect.source.convert.Conversion;
import io.brokerconnect.source.sqlite.CatalogReader;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * SQLite's {@code collectors} and {@code types} as the source connector sees them: read and converted with the
 * connector's own {@link CatalogReader} and {@link Catalog}, so that project aliases, trimmed names, type names
 * and the rejection of damaged rows are exactly the connector's.
 */
public final class SqliteCatalogView {

    private final Catalog catalog;

    private SqliteCatalogView(Catalog catalog) {
        this.catalog = catalog;
    }

    static SqliteCatalogView read(Connection connection) throws SQLException {
        CatalogReader reader = new CatalogReader();
        return new SqliteCatalogView(Catalog.from(reader.readCollectors(connection), reader.readTypes(connection)));
    }

    /** The collector a files row's collector_id names, or null when that id is unknown or its row damaged. */
    CollectorRecord collector(long id) {
        return catalog.collectors().get(id) instanceof Conversion.Converted<CollectorRecord> c ? c.value() : null;
    }

    DataType type(long id) {
        return catalog.types().get(id) instanceof Conversion.Converted<DataType> t ? t.value() : null;
    }

    /** Why a files row with these (integer) ids is rejected, in the connector's order; NONE when it is not. */
    FileDamage problemWith(long collectorId, long typeId) {
        Conversion<CollectorRecord> collector = catalog.collectors().get(collectorId);
        if (collector == null) {
            return FileDamage.COLLECTOR_UNKNOWN;
        }
        if (!(collector instanceof Conversion.Converted)) {
            return FileDamage.COLLECTOR_DAMAGED;
        }
        Conversion<DataType> type = catalog.types().get(typeId);
        if (type == null) {
            return FileDamage.TYPE_UNKNOWN;
        }
        return type instanceof Conversion.Converted ? FileDamage.NONE : FileDamage.TYPE_DAMAGED;
    }

    /**
     * The collectors PostgreSQL should hold, by natural key. When two SQLite rows name the same collector, the one
     * with the higher id wins, as in the sink (it applies a batch's collector records in order, later ones win,
     * and the connector emits them in id order). A NULL interval becomes the project's default, as the sink does.
     */
    public Map<CollectorKey, CollectorValues> expectedCollectors() {
        Map<CollectorKey, CollectorValues> expected = new TreeMap<>();
        for (Conversion<CollectorRecord> conversion : catalog.collectors().values()) {
            if (conversion instanceof Conversion.Converted<CollectorRecord> converted) {
                CollectorRecord c = converted.value();
                int interval = c.updatesInterval() != null ? c.updatesInterval() : c.project().defaultUpdatesInterval();
                expected.put(new CollectorKey(c.project().canonicalName(), c.name()),
                    new CollectorValues(c.url(), interval));
            }
        }
        return expected;
    }

    /** The SQLite ids of the usable collectors with this natural key (usually one). */
    List<Long> collectorIds(CollectorKey key) {
        List<Long> ids = new ArrayList<>();
        catalog.collectors().forEach((id, conversion) -> {
            if (conversion instanceof Conversion.Converted<CollectorRecord> c
                && c.value().project().canonicalName().equals(key.project()) && c.value().name().equals(key.name())) {
                ids.add(id);
            }
        });
        return ids;
    }

    /** The SQLite ids of the usable types rows with this name (usually one). */
    List<Long> typeIds(String typeName) {
        List<Long> ids = new ArrayList<>();
        catalog.types().forEach((id, conversion) -> {
            if (conversion instanceof Conversion.Converted<DataType> t && t.value().canonicalName().equals(typeName)) {
                ids.add(id);
            }
        });
        return ids;
    }

    public int collectorRows() {
        return catalog.collectors().size();
    }

    /** Damaged rows of collectors and types, counted per table and reason (reasons as the connector words them). */
    public Map<String, Map<String, Long>> damagedRows() {
        Map<String, Map<String, Long>> damaged = new LinkedHashMap<>();
        catalog.collectors().values().forEach(c -> count(damaged, "collectors", c));
        catalog.types().values().forEach(t -> count(damaged, "types", t));
        return damaged;
    }

    private static void count(Map<String, Map<String, Long>> damaged, String table, Conversion<?> conversion) {
        if (conversion instanceof Conversion.Rejected<?> rejected) {
            damaged.computeIfAbsent(table, t -> new TreeMap<>()).merge(rejected.reason(), 1L, Long::sum);
        }
    }
}
