package io.brokerconnect.cli.schema;

import io.brokerconnect.sink.schema.SchemaManager.Baseline;
import java.util.ArrayList;
import java.util.List;
import org.flywaydb.core.api.MigrationVersion;

/** What {@code schema migrate} would do, in words: the dry-run verdict of {@code schema info}. */
final class MigrationPlan {

    private MigrationPlan() {
    }

    /**
     * @param rows         the migrations as {@code info} lists them
     * @param baseline     the baseline migrate would record first (adopting an existing schema), if any
     * @param schemaExists whether the schema of the history exists already
     * @param schemaName   the schema of the history: the spec layout's own, else the layout's bookkeeping schema
     * @return one sentence, e.g. {@code migrate would: create schema "x"; apply V1 (broker schema); apply V2 (...).}
     */
    static String describe(List<MigrationRow> rows, Baseline baseline, boolean schemaExists, String schemaName) {
        List<String> steps = new ArrayList<>();
        if (!schemaExists) {
            steps.add("create schema \"" + schemaName + "\"");
        }
        MigrationVersion baselineVersion = null;
        if (baseline != null) {
            baselineVersion = MigrationVersion.fromVersion(baseline.version());
            steps.add("record version " + baseline.version() + " as the baseline without running it ("
                + baseline.description() + ")");
        }
        String current = null;
        for (MigrationRow row : rows) {
            boolean pending = "pending".equals(row.state());
            boolean coveredByBaseline = baselineVersion != null && !row.version().isEmpty()
                && baselineVersion.compareTo(MigrationVersion.fromVersion(row.version())) >= 0;
            if (pending && !coveredByBaseline) {
                steps.add("apply V" + row.version() + " (" + row.description() + ")");
            } else if (row.state().startsWith("applied") || "baseline".equals(row.state())) {
                current = row.version();
            }
        }
        if (steps.isEmpty()) {
            return "migrate would change nothing: schema \"" + schemaName + "\" is at version "
                + (current == null ? "none" : current) + ".";
        }
        return "migrate would: " + String.join("; ", steps) + ".";
    }
}
