package io.brokerconnect.source.convert;

import io.brokerconnect.common.model.CollectorRecord;
import io.brokerconnect.common.model.DataType;
import io.brokerconnect.source.sqlite.RawRow;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The broker's {@code collectors} and {@code types} tables as of one read, converted, keyed by SQLite id. Files
 * refer to both by id; records carry names instead, so the id mapping lives only here.
 */
public final class Catalog {

    public static final Catalog EMPTY = new Catalog(Map.of(), Map.of(), Map.of(), Map.of());

    private final Map<Long, Conversion<CollectorRecord>> collectors;
    private final Map<Long, Conversion<DataType>> types;
    private final Map<Long, RawRow> collectorRows;
    private final Map<Long, RawRow> typeRows;

    private Catalog(Map<Long, Conversion<CollectorRecord>> collectors, Map<Long, Conversion<DataType>> types,
                    Map<Long, RawRow> collectorRows, Map<Long, RawRow> typeRows) {
        this.collectors = collectors;
        this.types = types;
        this.collectorRows = collectorRows;
        this.typeRows = typeRows;
    }

    public static Catalog from(List<RawRow> collectorRows, List<RawRow> typeRows) {
        Map<Long, Conversion<CollectorRecord>> collectors = new LinkedHashMap<>();
        Map<Long, RawRow> collectorRaw = new LinkedHashMap<>();
        for (RawRow row : collectorRows) {
            collectors.put(row.rowid(), CollectorRowConverter.convert(row));
            collectorRaw.put(row.rowid(), row);
        }
        Map<Long, Conversion<DataType>> types = new LinkedHashMap<>();
        Map<Long, RawRow> typeRaw = new LinkedHashMap<>();
        for (RawRow row : typeRows) {
            types.put(row.rowid(), TypeRowConverter.convert(row));
            typeRaw.put(row.rowid(), row);
        }
        return new Catalog(Collections.unmodifiableMap(collectors), Collections.unmodifiableMap(types),
            Collections.unmodifiableMap(collectorRaw), Collections.unmodifiableMap(typeRaw));
    }

    /** The collector with this SQLite id, or a rejection that says why it cannot be used. */
    Conversion<CollectorRecord> collector(long id) {
        Conversion<CollectorRecord> collector = collectors.get(id);
        return collector != null ? collector
            : new Conversion.Rejected<>("collector_id " + id + " is not in the collectors table", true);
    }

    Conversion<DataType> type(long id) {
        Conversion<DataType> type = types.get(id);
        return type != null ? type : new Conversion.Rejected<>("type_id " + id + " is not in the types table", true);
    }

    public Map<Long, Conversion<CollectorRecord>> collectors() {
        return collectors;
    }

    public Map<Long, Conversion<DataType>> types() {
        return types;
    }

    public RawRow collectorRow(long id) {
        return collectorRows.get(id);
    }

    public RawRow typeRow(long id) {
        return typeRows.get(id);
    }
}
