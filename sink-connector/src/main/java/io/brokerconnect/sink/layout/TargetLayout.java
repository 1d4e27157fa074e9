package io.brokerconnect.sink.layout;

import io.brokerconnect.common.model.CollectorRecord;
import io.brokerconnect.common.model.FileRecord;
import io.brokerconnect.sink.config.Identifier;
import io.brokerconnect.sink.config.LayoutName;
import java.util.List;
import java.util.Optional;

/**
 * Everything the sink and the tools know about one PostgreSQL layout of the broker catalog: object names, the SQL
 * of every statement they run against it, the values its constraints refuse, and where its migrations are. Writers,
 * the first-load index deferral, the replay ledger, schema management, verification and the latest rebuild take
 * their SQL from here and only bind values, so a new layout is one subclass plus its migrations.
 *
 * <p>Every statement's parameters are fixed by the method that returns it (see each method), the same for all
 * layouts. {@link LayoutStatements} lists them all for the golden-file test.
 */
public abstract class TargetLayout {

    /** The temporary staging table of large files batches (session-private, rows deleted at commit). */
    public static final String FILES_STAGE = "broker_connect_files_stage";

    /** The layout's name as configured ({@code target.layout}). */
    public abstract LayoutName name();

    /** The schema of the broker tables. */
    public abstract Identifier dataSchema();

    /** The schema of the sink's own bookkeeping (history, first-load record, applied-blocks ledger). */
    public abstract Identifier bookkeepingSchema();

    // ---- schema management ----

    /** Flyway location of this layout's migrations. */
    public abstract String migrationLocation();

    /** Flyway's history table, in {@link #bookkeepingSchema()}. */
    public abstract String historyTable();

    /**
     * The broker tables (unqualified, in {@link #dataSchema()}) whose presence without a history means a catalog made
     * by someone else; see {@link #adoptsByBaseline()}.
     */
    public abstract List<String> brokerTables();

    /**
     * True when a catalog created by the layout's own upstream script is adopted by recording version 1 as a
     * baseline (its V1 is not re-runnable); false when V1 is written to run on such a catalog and only creates what
     * is absent.
     */
    public abstract boolean adoptsByBaseline();

    // ---- qualified object names ----

    public abstract String filesTable();

    public abstract String collectorsTable();

    public abstract String latestTable();

    public abstract String metaTable();

    /** The ledger of applied files blocks. */
    public abstract String appliedBlocksTable();

    /** The single-row generation that deletes bump, invalidating the ledger. */
    public abstract String appliedGenerationTable();

    /** The single-row record of a first load whose indexes are deferred. */
    public abstract String firstLoadStateTable();

    // ---- files ----

    /** Creates {@link #FILES_STAGE} if absent; columns project, collector, data_type, ts_epoch, rough_size, exact_size. */
    public abstract String createFilesStage();

    /** COPY into the stage, text format, columns as {@link #createFilesStage()}. */
    public final String copyIntoFilesStage() {
        return "COPY " + FILES_STAGE + " (project, collector, data_type, ts_epoch, rough_size, exact_size) FROM STDIN";
    }

    /**
     * Inserts a placeholder collector for every (project, collector) of {@code source} that is not there yet, so a
     * file that arrives before its collector record lands; the collector record fills it in later. {@code source}
     * is a relation with the stage's columns (the stage itself or {@link #filesArraySource()}).
     */
    public abstract String insertPlaceholderCollectors(String source);

    /** Inserts the files of {@code source} that are absent, in primary-key order, collector ids looked up by name. */
    public abstract String insertFiles(String source);

    /**
     * The stage's columns over six array parameters (project, collector, data_type as text[]; ts_epoch, rough_size,
     * exact_size as bigint[]), typed as the stage is: used instead of the stage for small batches.
     */
    public abstract String filesArraySource();

    // ---- collectors ----

    /** Upsert by (project, name); parameters: project, name, url (may be null), updates interval. */
    public abstract String upsertCollector();

    /** Rows (project as text, name) of every collector. */
    public abstract String selectCollectorKeys();

    // ---- latest ----

    /**
     * In the batch transaction: updates the older latest rows it can lock without waiting and returns (project,
     * collector, type) of the rows still to apply. Parameters: arrays project, collector, type (text[]), ts_epoch,
     * rough_size, exact_size (bigint[]).
     */
    public abstract String updateLatestWithoutWaiting();

    /** Only-if-newer upsert of one latest row; parameters: project, collector, type, ts_epoch, rough_size, exact_size. */
    public abstract String upsertLatestRow();

    /** Rebuilds the latest table from the files table (statements in order, in one transaction); the last returns the row count. */
    public abstract List<String> rebuildLatest();

    // ---- meta ----

    /** Inserts the rounds not there yet; parameters: arrays ts (bigint[]), duration, count (integer[]). */
    public abstract String insertMissingMeta();

    // ---- first load ----

    /** The secondary indexes of the files table that a first load defers. */
    public abstract List<DeferredIndex> deferredFileIndexes();

    /**
     * The files table's primary key (constraint name and columns) if a first load may defer it too: only for a layout
     * that this project owns. Upstream's layouts keep theirs, which other products reference and the broker's own
     * writes name as their ON CONFLICT target.
     */
    public Optional<DeferredIndex> deferredFilesPrimaryKey() {
        return Optional.empty();
    }

    /**
     * A first load's COPY straight into files, for a layout whose primary key a first load defers; empty otherwise.
     * The writer checks {@link DirectFilesCopy#keylessCheck()} in its transaction before each use.
     */
    public Optional<DirectFilesCopy> directFilesCopy() {
        return Optional.empty();
    }

    /**
     * Builds the deferred primary key's unique index (it fails with unique_violation if the table holds duplicates),
     * under a lock that lets readers read.
     */
    public final String createFilesPrimaryKeyIndex(DeferredIndex key) {
        return "CREATE UNIQUE INDEX " + key.name() + " ON " + filesTable() + " (" + key.columns() + ")";
    }

    /** Makes that index the primary key: the table is PostgreSQL's alone only for this moment. */
    public final String attachFilesPrimaryKey(DeferredIndex key) {
        return "ALTER TABLE " + filesTable() + " ADD CONSTRAINT " + key.name() + " PRIMARY KEY USING INDEX " + key.name();
    }

    /** Drops the deferred primary key. */
    public final String dropFilesPrimaryKey(DeferredIndex key) {
        return "ALTER TABLE " + filesTable() + " DROP CONSTRAINT IF EXISTS " + key.name();
    }

    /**
     * Deletes all but the first stored copy of every primary key value, before the key is added back: copies that a
     * first load wrote twice (records delivered again after a restart). They are copies of the same source row.
     */
    public final String deleteDuplicateFiles(DeferredIndex key) {
        return "DELETE FROM " + filesTable() + " f USING (SELECT ctid, row_number() OVER (PARTITION BY " + key.columns()
            + " ORDER BY ctid) AS copy FROM " + filesTable() + ") d WHERE f.ctid = d.ctid AND d.copy > 1";
    }

    /** Creates a deferred index again (a first load that has caught up). */
    public final String createDeferredIndex(DeferredIndex index) {
        return "CREATE INDEX IF NOT EXISTS " + index.name() + " ON " + filesTable() + " (" + index.columns() + ")";
    }

    /** Drops a deferred index (a first load into an empty files table). */
    public final String dropDeferredIndex(DeferredIndex index) {
        return "DROP INDEX IF EXISTS " + dataSchema().qualify(index.name());
    }

    /** Drops the files table's foreign key to collectors under the given (quoted) name. */
    public final String dropFilesForeignKey(String quotedName) {
        return "ALTER TABLE " + filesTable() + " DROP CONSTRAINT IF EXISTS " + quotedName;
    }

    /** Adds the files table's foreign key to collectors under the given (quoted) constraint name, NOT VALID. */
    public abstract String addFilesForeignKey(String quotedName);

    /** The files table's foreign key name when the catalog has none to look up. */
    public abstract String defaultFilesForeignKeyName();

    // ---- values the layout refuses ----

    /** Why the layout cannot store this file, or empty. */
    public abstract Optional<String> refusal(FileRecord file);

    /** Why the layout cannot store this collector, or empty. */
    public abstract Optional<String> refusal(CollectorRecord collector);

    // ---- canonical read relations (verification, tools) ----

    /** (ts timestamptz, collector_id bigint, data_type text, rough_size bigint, exact_size bigint) of every file. */
    public abstract String filesRelation();

    /** (id bigint, project text, name text, url text, updates_interval integer) of every collector. */
    public abstract String collectorsRelation();

    /** (collector_name text, type text, ts timestamptz, rough_size bigint, exact_size bigint) of every latest row. */
    public abstract String latestRelation();

    /** (update_ts timestamptz, update_duration integer, insert_count integer) of every meta row. */
    public abstract String metaRelation();

    /** The data types the layout stores, as a text[] expression (for per-type queries). */
    public final String dataTypesArray() {
        return "ARRAY['rib', 'updates']::text[]";
    }

    @Override
    public String toString() {
        return name().configValue() + " layout (" + dataSchema() + ")";
    }
}
