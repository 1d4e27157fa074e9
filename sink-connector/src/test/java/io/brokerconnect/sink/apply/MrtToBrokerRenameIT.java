package io.brokerconnect.sink.apply;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.brokerconnect.common.model.CollectorRecord;
import io.brokerconnect.common.model.DataType;
import io.brokerconnect.common.model.FileRecord;
import io.brokerconnect.common.model.MetaRecord;
import io.brokerconnect.common.model.Project;
import io.brokerconnect.sink.config.LayoutName;
import io.brokerconnect.testkit.postgres.PostgresDatabase;
import io.brokerconnect.testkit.postgres.PostgresExtension;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.Statement;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.apache.kafka.connect.sink.SinkRecord;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * An operator on broker v0.12.x (mrt layout) who later runs upstream's {@code migrate_mrt_api_to_broker.sql}
 * (bgpkit-broker f80b9a4, a copy in test resources): the sink is stopped for the rename, reconfigured with
 * target.layout=broker, and goes on where it stopped; a replay of everything changes nothing. This is the procedure
 * deploy/CUTOVER.md gives.
 */
class MrtToBrokerRenameIT {

    @RegisterExtension
    static final PostgresExtension POSTGRES = PostgresExtension.shared();

    private static final long T0 = 1_717_200_000L;

    @Test
    void sinkContinuesInTheBrokerLayoutAfterUpstreamsRename(PostgresDatabase db) throws Exception {
        List<CollectorRecord> collectors = List.of(new CollectorRecord(Project.RIPE_RIS, "rrc00", "https://r/rrc00", 300),
            new CollectorRecord(Project.ROUTE_VIEWS, "route-views2", "https://rv/rv2", 900));
        List<FileRecord> files = new ArrayList<>();
        for (int i = 0; i < 2_000; i++) {
            CollectorRecord c = collectors.get(i % 2);
            files.add(new FileRecord(c.project(), c.name(), i % 4 == 0 ? DataType.RIB : DataType.UPDATES,
                Instant.ofEpochSecond(T0 + 300L * i), i % 3 == 0 ? 0 : i, i));
        }
        List<MetaRecord> meta = List.of(new MetaRecord(Instant.ofEpochSecond(T0), 60, 1000),
            new MetaRecord(Instant.ofEpochSecond(T0 + 600_000), 61, 1000));
        List<SinkRecord> records = new ArrayList<>();
        long offset = 0;
        for (CollectorRecord c : collectors) {
            records.add(BrokerSinkRecords.collector(0, offset++, c));
        }
        records.add(BrokerSinkRecords.meta(0, offset++, meta.get(0)));
        for (FileRecord f : files) {
            records.add(BrokerSinkRecords.file(0, offset++, f));
        }
        records.add(BrokerSinkRecords.meta(0, offset++, meta.get(1)));
        int half = records.size() / 2;

        try (SinkTaskHarness mrt = UpstreamLayoutIT.sink(db, LayoutName.MRT)) {
            mrt.put(records.subList(0, half));
        }
        try (Connection c = db.connect(); Statement s = c.createStatement()) {
            s.execute(resource("/upstream/migrate_mrt_api_to_broker.sql"));
            assertEquals(List.of(), UpstreamLayoutIT.column(c, "SELECT nspname FROM pg_namespace WHERE nspname IN "
                + "('mrt', 'api')"), "upstream's script renamed mrt and dropped api");
        }
        try (SinkTaskHarness broker = UpstreamLayoutIT.sink(db, LayoutName.BROKER); Connection c = db.connect()) {
            broker.put(records.subList(half, records.size()));
            broker.put(records); // a replay of everything
            TargetState.assertSame("after the rename", TargetState.expectedUpstream(collectors, files, meta),
                TargetState.read(c, UpstreamLayoutIT.layout(LayoutName.BROKER)));
            assertEquals(List.of("broker_connect_collectors_removed", "broker_connect_files_removed",
                "broker_connect_latest_moved_back", "broker_connect_latest_removed",
                "broker_connect_meta_same_round"), UpstreamLayoutIT.column(c, "SELECT DISTINCT t.tgname FROM "
                + "pg_trigger t JOIN pg_class r ON r.oid = t.tgrelid JOIN pg_namespace n ON n.oid = r.relnamespace "
                + "WHERE n.nspname = 'broker' AND NOT t.tgisinternal ORDER BY 1"), "each trigger once, taken over");
            assertEquals(List.of("0", "1", "2", "3"), UpstreamLayoutIT.column(c, "SELECT version FROM "
                + "broker_connect.schema_history_broker ORDER BY installed_rank"), "broker history after mrt's");
        }
    }

    private static String resource(String path) throws Exception {
        try (InputStream in = MrtToBrokerRenameIT.class.getResourceAsStream(path)) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
    }
}
