package io.brokerconnect.cli.verify.model;

import io.brokerconnect.cli.offsets.SourceOffsets;

/**
 * Exactly which rows are compared, fixed by the SQLite side before either side aggregates.
 *
 * @param window         the user's {@code --since}/{@code --until}
 * @param files          files timestamps compared: the window, ending before {@code filesCutoff}
 * @param meta           meta update_ts compared: the window, ending before {@code metaCutoff} and starting no
 *                       earlier than SQLite's oldest usable meta row (older PostgreSQL rows are what the broker's
 *                       meta retention has already deleted from SQLite)
 * @param offsets        the source connector's position, when comparing only what it has emitted
 * @param filesCutoff    the oldest timestamp among usable files rows after the source's files rowid (they are not
 *                       emitted yet, so nothing at or after it is compared); null when there is none
 * @param metaCutoff     the same for meta
 * @param sqliteOldestMeta SQLite's oldest usable meta update_ts (null when meta is empty)
 */
public record CompareScope(EpochRange window, EpochRange files, EpochRange meta, SourceOffsets offsets, Long filesCutoff,
                    Long metaCutoff, Long sqliteOldestMeta, long filesMaxRowid, long metaMaxRowid) {

    public boolean upToOffsets() {
        return offsets != null;
    }
}
