package io.brokerconnect.sink.write;

import io.brokerconnect.common.model.CollectorRecord;
import io.brokerconnect.common.model.FileRecord;
import io.brokerconnect.common.model.MetaRecord;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.apache.kafka.connect.sink.SinkRecord;

/** One batch of sink records sorted by kind, with the records that cannot be applied and why. */
public final class RoutedBatch {

    /** A record that can never be written, with the reason. */
    public record Rejected(SinkRecord record, String reason, Throwable cause) {
    }

    final List<CollectorRecord> collectors = new ArrayList<>();
    final List<FileRecord> files = new ArrayList<>();
    final List<MetaRecord> meta = new ArrayList<>();
    final List<Rejected> rejected = new ArrayList<>();
    private final int[] fileIndexOfRecord;

    /** A batch assembled by hand (tools, benchmarks): its files are not tied to records. */
    public RoutedBatch() {
        this(0);
    }

    RoutedBatch(int records) {
        fileIndexOfRecord = new int[records];
        Arrays.fill(fileIndexOfRecord, -1);
    }

    /** Adds the file routed from the batch's record number {@code record}. */
    void addFile(int record, FileRecord file) {
        fileIndexOfRecord[record] = files.size();
        files.add(file);
    }

    /** The index in {@link #files()} of the file routed from the given record of the batch, or -1. */
    public int fileIndexOf(int record) {
        return fileIndexOfRecord[record];
    }

    public List<CollectorRecord> collectors() {
        return collectors;
    }

    public List<FileRecord> files() {
        return files;
    }

    public List<MetaRecord> meta() {
        return meta;
    }

    public List<Rejected> rejected() {
        return rejected;
    }

    public boolean hasWrites() {
        return !collectors.isEmpty() || !files.isEmpty() || !meta.isEmpty();
    }
}
