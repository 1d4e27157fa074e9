package io.brokerconnect.cli.e2e;

import static org.junit.jupiter.api.Assertions.assertTrue;

import io.brokerconnect.cli.verify.report.VerifyReport;
import io.brokerconnect.common.model.Project;
import io.brokerconnect.tools.generator.LiveBrokerWriter;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/** What the cutover tests ({@link CutoverIT}, {@link BrokerLayoutCutoverIT}) share besides {@link E2ePipeline}. */
final class CutoverSupport {

    private CutoverSupport() {
    }

    /** The row of {@code report}'s table counts for {@code name}. */
    static VerifyReport.TableCount table(VerifyReport report, String name) {
        return report.tables().stream().filter(t -> t.table().equals(name)).findFirst()
            .orElseThrow(() -> new AssertionError("no " + name + " in " + report.tables()));
    }

    /** Until the live writer has completed {@code rounds} more rounds (fails if it stopped or took over a minute). */
    static void awaitMoreRounds(LiveBrokerWriter broker, int rounds) throws InterruptedException {
        long target = broker.rounds() + rounds;
        assertTrue(broker.awaitRounds(target, Duration.ofMinutes(1)), "the live writer keeps writing: "
            + broker.failure().map(Throwable::toString).orElse("no failure"));
    }

    /** The collectors the broker's configuration lists: the well-formed rows of SQLite's collectors table. */
    static List<BrokerPostgresWriter.ConfiguredCollector> configuredCollectors(Path sqlite) throws Exception {
        List<BrokerPostgresWriter.ConfiguredCollector> collectors = new ArrayList<>();
        try (Connection c = DriverManager.getConnection("jdbc:sqlite:file:" + sqlite + "?mode=ro");
             Statement s = c.createStatement();
             ResultSet rs = s.executeQuery("SELECT name, project, url, updates_interval FROM collectors "
                 + "WHERE name IS NOT NULL AND typeof(updates_interval) = 'integer'")) {
            while (rs.next()) {
                String name = rs.getString(1);
                String url = rs.getString(3);
                int interval = rs.getInt(4);
                Project.parse(rs.getString(2)).ifPresent(p -> collectors.add(
                    new BrokerPostgresWriter.ConfiguredCollector(p.canonicalName(), name, url, interval)));
            }
        }
        return collectors;
    }
}
