package io.brokerconnect.cli.latest;

import io.brokerconnect.cli.common.PostgresOptions;
import io.brokerconnect.cli.common.TargetLayoutOptions;
import io.brokerconnect.sink.config.ConnectionSettings;
import io.brokerconnect.sink.config.LayoutName;
import io.brokerconnect.sink.config.PostgresConnections;
import io.brokerconnect.sink.layout.TargetLayout;
import java.io.PrintWriter;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Duration;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code bootstrap-latest}: rebuilds latest from files, with the spec's {@code bootstrap_latest()} or, in upstream's
 * layouts, as upstream's bootstrap.py refills {@code latest_file}.
 */
@Command(
        name = "bootstrap-latest",
        mixinStandardHelpOptions = true,
        description = {
            "Rebuild the latest table from files (newest file per collector and type) with the spec's "
                + "bootstrap_latest() (--target-layout broker or mrt: latest_file refilled from file, as upstream's "
                + "bootstrap.py does), in one transaction, and print the rows before and after and the time taken.",
            "Safe while the sink runs: its writes to latest wait for the rebuild and then apply on top."})
public final class BootstrapLatestCommand implements Callable<Integer> {

    static final int EXIT_ERROR = 1;

    @Spec
    CommandSpec spec;

    @Mixin
    PostgresOptions postgres;

    @Mixin
    TargetLayoutOptions target;

    @Option(names = "--lock-timeout", paramLabel = "SECONDS", defaultValue = "30",
            description = "Give up if the lock on latest is not granted within SECONDS (default: ${DEFAULT-VALUE}).")
    long lockTimeoutSeconds;

    @Override
    public Integer call() {
        PrintWriter out = spec.commandLine().getOut();
        try {
            PostgresConnections connections = postgres.connections("bootstrap-latest");
            ConnectionSettings settings = connections.settings();
            TargetLayout layout = target.layout(postgres, settings);
            LatestRebuild rebuild = new LatestRebuild(layout, Duration.ofSeconds(lockTimeoutSeconds));
            try (Connection connection = connections.getConnection()) {
                if (!rebuild.catalogExists(connection)) {
                    return error(missingCatalog(layout, settings));
                }
                out.println("Rebuilding " + layout.latestTable() + " from " + layout.filesTable() + " with "
                    + rebuild.rebuilder() + " ...");
                out.flush();
                LatestRebuild.Result result = rebuild.run(connection);
                out.printf(Locale.ROOT, "Rebuilt latest in %.3f s: %,d rows before, %,d rows after "
                        + "(%s wrote %,d).%n", result.elapsed().toNanos() / 1e9,
                    result.rowsBefore(), result.rowsAfter(), rebuild.rebuilder(), result.written());
                out.flush();
                return 0;
            }
        } catch (SQLException e) {
            if ("55P03".equals(e.getSQLState())) {
                return error("The lock on latest was not granted within " + lockTimeoutSeconds + " s (another "
                    + "session holds it); nothing changed. Retry, or raise --lock-timeout.");
            }
            return error((target.name() == LayoutName.SPEC ? "bootstrap_latest()" : "the rebuild") + " failed, nothing "
                + "changed: " + e.getMessage());
        } catch (IllegalArgumentException e) {
            return error(e.getMessage());
        }
    }

    private static String missingCatalog(TargetLayout layout, ConnectionSettings settings) {
        if (layout.name() == LayoutName.SPEC) {
            return "Schema \"" + settings.schema() + "\" in " + settings.jdbcUrl() + " has no "
                + "bootstrap_latest() function: it is not migrated, or --schema/BROKER_DATABASE_SCHEMA names "
                + "another schema. Run 'broker-connect schema migrate' first.";
        }
        return "The " + layout.name().configValue() + " layout's tables " + layout.filesTable() + " and "
            + layout.latestTable() + " do not both exist in " + settings.jdbcUrl() + ". Run 'broker-connect schema "
            + "migrate --target-layout " + layout.name().configValue() + "' first.";
    }

    private int error(String message) {
        PrintWriter err = spec.commandLine().getErr();
        err.println("bootstrap-latest: " + message);
        err.flush();
        return EXIT_ERROR;
    }
}
