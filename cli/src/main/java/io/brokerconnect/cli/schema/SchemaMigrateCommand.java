package io.brokerconnect.cli.schema;

import io.brokerconnect.cli.common.PostgresOptions;
import io.brokerconnect.cli.common.TargetLayoutOptions;
import io.brokerconnect.sink.schema.SchemaManager;
import io.brokerconnect.sink.schema.SchemaManager.Baseline;
import java.io.PrintWriter;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Callable;
import org.apache.kafka.connect.errors.ConnectException;
import org.flywaydb.core.api.FlywayException;
import org.flywaydb.core.api.exception.FlywayValidateException;
import org.flywaydb.core.api.output.MigrateOutput;
import org.flywaydb.core.api.output.MigrateResult;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/**
 * {@code schema migrate}: applies the pending migrations exactly as a starting sink task does (adopting a schema
 * created by the spec's scripts, each migration in its own transaction, serialised by Flyway's advisory lock) and
 * prints what it applied.
 */
@Command(
        name = "migrate",
        mixinStandardHelpOptions = true,
        description = "Apply the pending migrations (creating the schema if needed, adopting one created by the "
            + "spec's schema.sql) and print what was applied.")
public final class SchemaMigrateCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Mixin
    PostgresOptions postgres;

    @Mixin
    TargetLayoutOptions layout;

    @Override
    public Integer call() {
        PrintWriter out = spec.commandLine().getOut();
        try {
            SchemaTarget target = SchemaTarget.of(postgres, layout, "schema migrate");
            SchemaManager manager = target.manager();
            out.println("PostgreSQL " + target.describe());
            Optional<Baseline> baseline = manager.plannedBaseline();
            MigrateResult result = manager.migrate();
            baseline.ifPresent(b -> out.println("Recorded version " + b.version() + " as the baseline ("
                + b.description() + ")"));
            List<MigrateOutput> applied = result.migrations == null ? List.of() : result.migrations;
            for (MigrateOutput migration : applied) {
                out.printf("Applied V%s (%s) in %d ms%n", migration.version, migration.description,
                    migration.executionTime);
            }
            String version = result.targetSchemaVersion != null ? result.targetSchemaVersion
                : result.initialSchemaVersion;
            if (applied.isEmpty()) {
                out.println("Nothing to apply: " + target.versioned() + " is at version " + version + ".");
            } else {
                String versioned = target.versioned();
                out.println(Character.toUpperCase(versioned.charAt(0)) + versioned.substring(1) + " is now at version "
                    + version + " ("
                    + applied.size() + " migration(s) applied).");
            }
            out.flush();
            return 0;
        } catch (ConnectException e) {
            if (e.getCause() instanceof FlywayException flyway) {
                // The sink's message speaks of schema.management; here the operator needs Flyway's reason and the fix.
                PrintWriter err = spec.commandLine().getErr();
                err.println(spec.qualifiedName(" ") + ": migrate failed: " + SchemaErrors.oneLine(flyway.getMessage()));
                if (flyway instanceof FlywayValidateException) {
                    err.println("Nothing was applied. " + SchemaErrors.NEVER_CHANGE);
                } else {
                    err.println("Migrations completed before the failing one stay applied; the failing one was rolled "
                        + "back. Fix the cause and run migrate again.");
                }
                err.flush();
                return SchemaErrors.EXIT_ERROR;
            }
            return SchemaErrors.report(spec, e);
        } catch (IllegalArgumentException e) {
            return SchemaErrors.report(spec, e);
        }
    }
}
