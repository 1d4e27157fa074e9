package io.brokerconnect.sink.write;

import io.brokerconnect.common.model.FileRecord;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.List;

/**
 * What one batch's transaction may skip: asked first, inside the transaction, which of the batch's files still need
 * writing; told last, before the commit, to record what the batch applied; told after the commit that it committed.
 * The replay ledger implements it ({@code io.brokerconnect.sink.replay}); {@link #NONE} writes every file.
 */
public interface FileSkipping {

    FileSkipping NONE = new FileSkipping() {
        @Override
        public List<FileRecord> filesToWrite(Connection connection, List<FileRecord> files) {
            return files;
        }

        @Override
        public void recordApplied(Connection connection) {
        }

        @Override
        public void committed() {
        }
    };

    /** The files of {@code files} to write, read in the batch's transaction before anything is written. */
    List<FileRecord> filesToWrite(Connection connection, List<FileRecord> files) throws SQLException;

    /** Records what the batch applied, in its transaction, just before the commit. */
    void recordApplied(Connection connection) throws SQLException;

    /** The batch's transaction committed (or the batch had nothing to write). */
    void committed();
}
