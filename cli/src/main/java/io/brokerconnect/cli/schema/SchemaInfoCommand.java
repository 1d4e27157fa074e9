package io.brokerconnect.cli.schema;

import io.brokerconnect.cli.common.PostgresOptions;
import io.brokerconnect.cli.common.TargetLayoutOptions;
import io.brokerconnect.sink.schema.SchemaManager;
import io.brokerconnect.sink.schema.SchemaManager.Baseline;
import java.io.PrintWriter;
import java.sql.SQLException;
import java.util.List;
import java.util.concurrent.Callable;
import org.apache.kafka.connect.errors.ConnectException;
import org.flywaydb.core.api.output.ValidateResult;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/**
 * {@code schema info}: the dry run. Lists every migration with its state and says what {@code migrate} would do,
 * reading only: neither the schema nor the history table is created.
 */
@Command(
        name = "info",
        mixinStandardHelpOptions = true,
        description = "List the migrations (version, description, state, installed on, checksum) and what migrate "
            + "would do. Changes nothing in the database.")
public final class SchemaInfoCommand implements Callable<Integer> {

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
            SchemaTarget target = SchemaTarget.of(postgres, layout, "schema info");
            SchemaManager manager = target.manager();
            boolean schemaExists = target.schemaExists();
            boolean history = schemaExists && target.historyTableExists();
            out.println("PostgreSQL " + target.describe() + (schemaExists ? "" : " (does not exist yet)"));
            out.println("History table " + target.layout().historyTable() + ": " + (history ? "present" : "none yet"));
            out.println();
            List<MigrationRow> rows = MigrationRow.of(manager.info().all());
            out.print(MigrationRow.render(rows));
            out.println();
            out.println(verdict(manager, rows, schemaExists, target.schemaName()));
            out.flush();
            return 0;
        } catch (IllegalArgumentException | ConnectException | SQLException e) {
            return SchemaErrors.report(spec, e);
        }
    }

    private static String verdict(SchemaManager manager, List<MigrationRow> rows, boolean schemaExists,
                                  String schemaName) {
        Baseline baseline;
        try {
            baseline = manager.plannedBaseline().orElse(null);
        } catch (ConnectException refusal) {
            return "migrate would refuse: " + refusal.getMessage();
        }
        // Applied migrations that changed or vanished make migrate stop before doing anything.
        ValidateResult validation = manager.validate(true);
        if (!validation.validationSuccessful) {
            return "migrate would fail: " + SchemaErrors.Verdict.of(validation).summary() + " "
                + SchemaErrors.NEVER_CHANGE;
        }
        return MigrationPlan.describe(rows, baseline, schemaExists, schemaName);
    }
}
