package io.brokerconnect.source.offset;

import io.brokerconnect.source.sqlite.AppendOnlyTable;
import io.brokerconnect.source.sqlite.RawRow;
import io.brokerconnect.source.sqlite.RowBatchReader;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The read position in one append-only table, guarded against rowid renumbering.
 *
 * <p>{@code VACUUM} may give rows of a table without an INTEGER PRIMARY KEY new rowids. Reading on from the old
 * number could then skip rows (new inserts may land below it) or re-read others. So before each batch the cursor
 * checks that the row at its rowid still has the key it remembers. If not, it starts over from the beginning.
 * Resuming after the key's new rowid would be cheaper but is not safe: the key may belong to a row that was
 * deleted and inserted again (the broker re-sends recent files), and nothing guarantees that a rebuild kept the
 * old order. Re-reading is safe because the sink is idempotent; losing rows is not.
 */
public final class TableCursor {

    private static final Logger log = LoggerFactory.getLogger(TableCursor.class);

    private final RowBatchReader reader;
    /** The key columns' positions in a row, found once: every row read advances the cursor. */
    private final int[] keyIndexes;
    private TableOffset position;
    private long renumberings;

    public TableCursor(RowBatchReader reader, TableOffset position) {
        this.reader = reader;
        this.keyIndexes = reader.table().keyIndexes();
        this.position = position;
    }

    public AppendOnlyTable table() {
        return reader.table();
    }

    public TableOffset position() {
        return position;
    }

    /** How many times a renumbering was detected since the task started. */
    public long renumberings() {
        return renumberings;
    }

    /** Makes sure the position still means what it meant; call inside the read transaction of the next batch. */
    public void verify(Connection connection) throws SQLException {
        if (position.isStart() || position.key().isEmpty()) {
            return;
        }
        Optional<RawRow> atRowid = reader.readAt(connection, position.rowid());
        if (atRowid.isPresent() && atRowid.get().key(keyIndexes).equals(position.key())) {
            return;
        }
        renumberings++;
        log.warn("Table '{}': the row last read ({}) is no longer at that rowid; the rowids were renumbered (VACUUM?) "
            + "or rows were deleted. Re-reading the table from the start so that no row is lost; the sink is "
            + "idempotent, so the rows emitted again change nothing downstream.", table().name(), position);
        position = TableOffset.start();
    }

    /** Records that {@code row} has been read (whatever became of it). */
    public void advance(RawRow row) {
        position = new TableOffset(row.rowid(), row.key(keyIndexes));
    }
}
