package io.brokerconnect.cli.quickstart;

import io.brokerconnect.cli.offsets.SourceOffsets;
import io.brokerconnect.cli.verify.Verifier;
import io.brokerconnect.cli.verify.VerifyException;
import io.brokerconnect.cli.verify.VerifyOptions;
import io.brokerconnect.cli.verify.report.VerifyReport;
import io.brokerconnect.sink.config.ConnectionSettings;
import io.brokerconnect.sink.layout.TargetLayout;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Optional;

/**
 * The quickstart's verify step: the same comparison as {@code broker-connect verify} (SQLite against PostgreSQL
 * under the spec's conversions, read through the quickstart's target layout), printed as a table and written to
 * {@code verify-report.md}/{@code .json} in the work directory.
 */
final class QuickstartVerification {

    private QuickstartVerification() {
    }

    /**
     * {@code syncedAt}: the source's committed offsets when PostgreSQL was found synced; the comparison covers the
     * SQLite rows up to there (all of them, unless the broker wrote more since), from {@code since} on when only recent
     * files were migrated (--days). PostgreSQL is read once {@code postgresReady} returns (the sink's first-load
     * rebuild); SQLite meanwhile.
     */
    static boolean run(Path sqlite, ConnectionSettings postgres, TargetLayout layout, SourceOffsets syncedAt,
                       Optional<Instant> since, Verifier.PostgresReady postgresReady, Path workDir, PrintWriter out)
        throws IOException, InterruptedException {
        out.println();
        out.println("Verifying PostgreSQL against " + sqlite + " ...");
        out.flush();
        long started = System.nanoTime();
        VerifyReport report;
        try {
            report = Verifier.verify(VerifyOptions.builder(sqlite, postgres).layout(layout).upToOffsets(syncedAt)
                .since(since.orElse(null)).build(), postgresReady);
        } catch (VerifyException e) {
            out.println("Verification could not run: " + e.getMessage());
            out.flush();
            return false;
        }
        out.print(report.renderText(20));
        report.writeMarkdown(workDir.resolve("verify-report.md"));
        report.writeJson(workDir.resolve("verify-report.json"));
        out.printf("verify took %.1f s: %s%n", (System.nanoTime() - started) / 1e9,
            report.parity() ? "PARITY" : "MISMATCH (see verify-report.md)");
        out.flush();
        return report.parity();
    }
}
