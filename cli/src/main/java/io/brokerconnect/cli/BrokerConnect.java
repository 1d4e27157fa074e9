package io.brokerconnect.cli;

import io.brokerconnect.cli.common.CliVersion;
import io.brokerconnect.cli.latest.BootstrapLatestCommand;
import io.brokerconnect.cli.quickstart.QuickstartCommand;
import io.brokerconnect.cli.schema.SchemaCommand;
import io.brokerconnect.cli.status.StatusCommand;
import io.brokerconnect.cli.verify.VerifyCommand;
import io.brokerconnect.tools.cli.GenerateCommand;
import io.brokerconnect.tools.cli.LiveWriterCommand;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/**
 * The operator launcher behind {@code bin/broker-connect}: one picocli command with a subcommand per job.
 * Subcommands live in their own packages ({@code quickstart}, {@code verify}, {@code status}, {@code schema});
 * this class only wires them together.
 */
@Command(
        name = "broker-connect",
        mixinStandardHelpOptions = true,
        versionProvider = CliVersion.class,
        description = "Moves a live BGPKIT Broker SQLite database to PostgreSQL through Kafka Connect.",
        subcommands = {
            QuickstartCommand.class,
            VerifyCommand.class,
            StatusCommand.class,
            SchemaCommand.class,
            BootstrapLatestCommand.class,
            GenerateCommand.class,
            LiveWriterCommand.class,
            CommandLine.HelpCommand.class})
public final class BrokerConnect implements Runnable {

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    public static void main(String[] args) {
        System.exit(execute(args));
    }

    /** Runs the launcher and returns the exit code (tests call this instead of {@link #main}). */
    public static int execute(String... args) {
        return commandLine().execute(args);
    }

    /**
     * The configured command line. A command that fails with an exception prints its message, not a stack trace
     * (the messages say what failed and what to do; the log has the rest): exit code 2 for bad input
     * (IllegalArgumentException), 1 otherwise.
     */
    public static CommandLine commandLine() {
        return new CommandLine(new BrokerConnect())
            .setCaseInsensitiveEnumValuesAllowed(true)
            .setExecutionExceptionHandler((e, commandLine, parseResult) -> {
                commandLine.getErr().println("broker-connect " + commandLine.getCommandName() + ": "
                    + (e.getMessage() != null ? e.getMessage() : e.toString()));
                commandLine.getErr().flush();
                return e instanceof IllegalArgumentException ? 2 : 1;
            });
    }

    @Override
    public void run() {
        spec.commandLine().usage(System.out);
    }
}
