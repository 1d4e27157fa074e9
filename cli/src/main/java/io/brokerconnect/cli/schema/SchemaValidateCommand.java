package io.brokerconnect.cli.schema;

import io.brokerconnect.cli.common.PostgresOptions;
import io.brokerconnect.cli.common.TargetLayoutOptions;
import java.io.PrintWriter;
import java.util.concurrent.Callable;
import org.apache.kafka.connect.errors.ConnectException;
import org.flywaydb.core.api.output.ValidateResult;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code schema validate}: checks the applied migrations against this build's migration files, as a sink with
 * {@code schema.management=validate} does at start. Exit code 0 when valid, 1 with Flyway's reason when an applied
 * migration was changed or is missing (or one is pending, unless {@code --allow-pending}), 2 on other errors.
 */
@Command(
        name = "validate",
        mixinStandardHelpOptions = true,
        description = {
            "Check that every migration is applied and that no applied migration was changed or is missing, as a sink "
                + "with schema.management=validate does. Changes nothing.",
            "Exit code: 0 valid, 1 invalid (the reason is printed), 2 could not check."})
public final class SchemaValidateCommand implements Callable<Integer> {

    static final int EXIT_INVALID = 1;
    static final int EXIT_ERROR = 2;

    @Spec
    CommandSpec spec;

    @Mixin
    PostgresOptions postgres;

    @Mixin
    TargetLayoutOptions layout;

    @Option(names = "--allow-pending",
            description = "Accept migrations that are not applied yet; fail only on changed or missing ones.")
    boolean allowPending;

    @Override
    public Integer call() {
        PrintWriter out = spec.commandLine().getOut();
        try {
            SchemaTarget target = SchemaTarget.of(postgres, layout, "schema validate");
            ValidateResult result = target.manager().validate(allowPending);
            if (result.validationSuccessful) {
                out.println("Valid: " + target.describe() + ": " + result.validateCount + " migration(s) checked, "
                    + "none changed or missing" + (allowPending ? "" : ", none pending") + ".");
                out.flush();
                return 0;
            }
            SchemaErrors.Verdict verdict = SchemaErrors.Verdict.of(result);
            PrintWriter err = spec.commandLine().getErr();
            err.println("Invalid: " + target.describe() + ": " + verdict.summary());
            if (!verdict.problems().isEmpty()) {
                err.println(SchemaErrors.NEVER_CHANGE);
            }
            if (!verdict.notApplied().isEmpty()) {
                err.println("Apply them with 'broker-connect schema migrate' (or accept them with --allow-pending).");
            }
            err.flush();
            return EXIT_INVALID;
        } catch (IllegalArgumentException | ConnectException e) {
            SchemaErrors.report(spec, e);
            return EXIT_ERROR;
        }
    }
}
