package io.brokerconnect.sink.layout;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Every statement a layout generates, by a stable name, in a fixed order: what the golden-file test prints and
 * compares, so that a change to any layout's SQL shows up as a reviewed diff of a file in the repository.
 */
public final class LayoutStatements {

    private LayoutStatements() {
    }

    public static Map<String, String> of(TargetLayout layout) {
        Map<String, String> sql = new LinkedHashMap<>();
        sql.put("files.create_stage", layout.createFilesStage());
        sql.put("files.copy_into_stage", layout.copyIntoFilesStage());
        sql.put("files.insert_placeholder_collectors.stage", layout.insertPlaceholderCollectors(TargetLayout.FILES_STAGE));
        sql.put("files.insert.stage", layout.insertFiles(TargetLayout.FILES_STAGE));
        sql.put("files.insert_placeholder_collectors.arrays",
            layout.insertPlaceholderCollectors(layout.filesArraySource()));
        sql.put("files.insert.arrays", layout.insertFiles(layout.filesArraySource()));
        layout.directFilesCopy().ifPresent(direct -> {
            sql.put("files.first_load.copy", direct.copy());
            sql.put("files.first_load.select_collector_ids", direct.selectCollectorIds());
            sql.put("files.first_load.keyless_check", direct.keylessCheck());
        });
        sql.put("collectors.upsert", layout.upsertCollector());
        sql.put("collectors.select_keys", layout.selectCollectorKeys());
        sql.put("latest.update_without_waiting", layout.updateLatestWithoutWaiting());
        sql.put("latest.upsert_row", layout.upsertLatestRow());
        for (int i = 0; i < layout.rebuildLatest().size(); i++) {
            sql.put("latest.rebuild." + (i + 1), layout.rebuildLatest().get(i));
        }
        sql.put("meta.insert_missing", layout.insertMissingMeta());
        String foreignKey = '"' + layout.defaultFilesForeignKeyName() + '"';
        sql.put("first_load.drop_foreign_key", layout.dropFilesForeignKey(foreignKey));
        for (DeferredIndex index : layout.deferredFileIndexes()) {
            sql.put("first_load.drop_index." + index.name(), layout.dropDeferredIndex(index));
        }
        for (DeferredIndex index : layout.deferredFileIndexes()) {
            sql.put("first_load.create_index." + index.name(), layout.createDeferredIndex(index));
        }
        sql.put("first_load.add_foreign_key", layout.addFilesForeignKey(foreignKey));
        sql.put("first_load.state_table", layout.firstLoadStateTable());
        sql.put("ledger.blocks_table", layout.appliedBlocksTable());
        sql.put("ledger.generation_table", layout.appliedGenerationTable());
        sql.put("schema.migrations", layout.migrationLocation() + " (history " + layout.bookkeepingSchema().quoted()
            + "." + layout.historyTable() + ")");
        sql.put("read.files", layout.filesRelation());
        sql.put("read.collectors", layout.collectorsRelation());
        sql.put("read.latest", layout.latestRelation());
        sql.put("read.meta", layout.metaRelation());
        return sql;
    }
}
