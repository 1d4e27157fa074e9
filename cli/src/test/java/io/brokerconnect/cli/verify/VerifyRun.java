package io.brokerconnect.cli.verify;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.brokerconnect.testkit.postgres.PostgresDatabase;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import picocli.CommandLine;

/** Runs the real {@code verify} command line against a database and collects exit code, output and the JSON report. */
record VerifyRun(int exitCode, String out, String err, Path markdown, JsonNode json) {

    private static final ObjectMapper JSON = new ObjectMapper();

    static VerifyRun of(Path sqlite, PostgresDatabase db, Path reportBase, String... extra) throws IOException {
        Path password = Files.writeString(reportBase.resolveSibling(reportBase.getFileName() + ".pgpass"), db.password());
        List<String> args = new ArrayList<>(List.of("--sqlite", sqlite.toString(), "--pg-url", db.jdbcUrl(),
            "--pg-user", db.user(), "--pg-password-file", password.toString(), "--pg-sslmode", "disable",
            "--report", reportBase.toString()));
        args.addAll(List.of(extra));
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        CommandLine command = new CommandLine(new VerifyCommand()).setOut(new PrintWriter(out)).setErr(new PrintWriter(err));
        int exit = command.execute(args.toArray(String[]::new));
        Path markdown = Path.of(reportBase + ".md");
        Path json = Path.of(reportBase + ".json");
        return new VerifyRun(exit, out.toString(), err.toString(), markdown,
            Files.exists(json) ? JSON.readTree(json.toFile()) : null);
    }

    /** The row of the report's table list for {@code table}. */
    JsonNode table(String table) {
        for (JsonNode row : json.path("tables")) {
            if (row.path("table").asText().equals(table)) {
                return row;
            }
        }
        throw new AssertionError("no row for table " + table + " in " + json.path("tables"));
    }

    /** Damaged rows reported for a table whose reason starts with {@code reasonPrefix}. */
    long damaged(String table, String reasonPrefix) {
        long rows = 0;
        for (JsonNode row : json.path("damaged")) {
            if (row.path("table").asText().equals(table) && row.path("reason").asText().startsWith(reasonPrefix)) {
                rows += row.path("rows").asLong();
            }
        }
        return rows;
    }

    @Override
    public String toString() {
        return "exit " + exitCode + "\n" + out + err;
    }
}
