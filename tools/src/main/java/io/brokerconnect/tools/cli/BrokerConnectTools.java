package io.brokerconnect.tools.cli;

import picocli.CommandLine;
import picocli.CommandLine.Command;

/**
 * Entry point of the operator tools:
 * {@code java -jar broker-connect-tools.jar generate|live-writer ...}.
 */
@Command(
        name = "broker-connect-tools",
        mixinStandardHelpOptions = true,
        version = "broker-connect-tools 0.1.0",
        description = "Tools around a BGPKIT Broker SQLite database.",
        subcommands = {GenerateCommand.class, LiveWriterCommand.class, CommandLine.HelpCommand.class})
public final class BrokerConnectTools implements Runnable {

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    public static void main(String[] args) {
        int code = execute(args);
        // Exit explicitly only on failure, so "mvn exec:java" (same JVM) still finishes normally on success.
        if (code != 0) {
            System.exit(code);
        }
    }

    /** Runs the CLI and returns the exit code (tests call this instead of {@link #main}). */
    public static int execute(String... args) {
        return new CommandLine(new BrokerConnectTools()).execute(args);
    }

    @Override
    public void run() {
        // No subcommand given: show what is available.
        spec.commandLine().usage(System.out);
    }
}
