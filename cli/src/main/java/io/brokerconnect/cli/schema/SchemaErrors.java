package io.brokerconnect.cli.schema;

import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.List;
import org.flywaydb.core.api.CoreErrorCode;
import org.flywaydb.core.api.output.ValidateOutput;
import org.flywaydb.core.api.output.ValidateResult;
import picocli.CommandLine.Model.CommandSpec;

/** How the {@code schema} subcommands report errors and Flyway's validation verdict. */
final class SchemaErrors {

    static final int EXIT_ERROR = 1;

    /** Never edit an applied migration: what to do instead. */
    static final String NEVER_CHANGE = "An applied migration must never change: restore its original file (or run the "
        + "build it came from) and add a new version instead.";

    private SchemaErrors() {
    }

    /**
     * Flyway's validation verdict, split into migrations that are merely not applied yet and real problems
     * (changed checksum, applied but missing in this build, failed), each problem in Flyway's words on one line.
     */
    record Verdict(List<String> notApplied, List<String> problems) {

        static Verdict of(ValidateResult result) {
            List<String> notApplied = new ArrayList<>();
            List<String> problems = new ArrayList<>();
            if (result.invalidMigrations != null) {
                for (ValidateOutput invalid : result.invalidMigrations) {
                    if (invalid.errorDetails != null
                        && invalid.errorDetails.errorCode == CoreErrorCode.RESOLVED_VERSIONED_MIGRATION_NOT_APPLIED) {
                        notApplied.add("V" + invalid.version);
                    } else {
                        problems.add(oneLine(invalid.errorDetails == null ? "V" + invalid.version + " is invalid"
                            : invalid.errorDetails.errorMessage));
                    }
                }
            }
            if (notApplied.isEmpty() && problems.isEmpty() && !result.validationSuccessful) {
                problems.add(result.errorDetails == null ? "validation failed"
                    : oneLine(result.errorDetails.errorMessage));
            }
            return new Verdict(List.copyOf(notApplied), List.copyOf(problems));
        }

        /** The problems joined by "; ", then "not applied yet: V1, V2" when some are pending. */
        String summary() {
            List<String> parts = new ArrayList<>(problems);
            if (!notApplied.isEmpty()) {
                parts.add("not applied yet: " + String.join(", ", notApplied));
            }
            return String.join("; ", parts);
        }
    }

    /** Prints {@code <command>: <message>} on stderr and returns the error exit code. */
    static int report(CommandSpec spec, Exception e) {
        PrintWriter err = spec.commandLine().getErr();
        err.println(spec.qualifiedName(" ") + ": " + e.getMessage());
        err.flush();
        return EXIT_ERROR;
    }

    static String oneLine(String message) {
        return message == null ? "" : message.strip().replaceAll("\\s*\\R\\s*", " ");
    }
}
