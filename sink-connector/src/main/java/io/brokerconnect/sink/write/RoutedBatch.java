package io.brokerconnect.sink.write;

import io.brokerconnect.common.model.CollectorRecord;
import io.brokerconnect.common.model.FileRecord;
import io.brokerconnect.common.model.MetaRecord;
import java.util.ArrayList;
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
