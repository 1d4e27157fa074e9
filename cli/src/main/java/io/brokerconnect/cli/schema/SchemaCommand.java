package io.brokerconnect.cli.schema;

import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/**
 * {@code schema info|migrate|validate}: the PostgreSQL migrations of the sink connector (the same Flyway
 * migrations, history table and adoption of a schema created by the spec's scripts), run from the command line.
 */
@Command(
        name = "schema",
        mixinStandardHelpOptions = true,
        description = {
            "Show (info, a dry run), apply (migrate) or check (validate) the PostgreSQL schema migrations that the "
                + "sink connector applies when it starts.",
            "PostgreSQL comes from --pg-url/--pg-user/--pg-password-file/--pg-sslmode/--schema, else from the "
                + "BROKER_DATABASE_* environment variables."},
        subcommands = {SchemaInfoCommand.class, SchemaMigrateCommand.class, SchemaValidateCommand.class})
public final class SchemaCommand implements Runnable {

    @Spec
    CommandSpec spec;

    @Override
    public void run() {
        spec.commandLine().usage(spec.commandLine().getOut());
    }
}
