package io.brokerconnect.cli.schema;

import io.brokerconnect.cli.status.TextTable;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.flywaydb.core.api.MigrationInfo;
import org.flywaydb.core.api.MigrationState;

/**
 * One line of {@code schema info}: a migration as Flyway sees it, with its state in the words an operator needs
 * (applied, pending, baseline, checksum changed, missing).
 *
 * @param version         the version ("1"), or "" for a repeatable migration
 * @param description     e.g. "broker schema"
 * @param type            SQL, BASELINE, SCHEMA (Flyway's record of creating the schema)
 * @param state           see {@link #stateName}
 * @param installedOn     when it was applied, or null
 * @param checksum        the applied checksum, else the checksum of the migration file; null for baselines
 * @param fileChecksum    the checksum of this build's migration file when it differs from the applied one, else null
 */
record MigrationRow(String version, String description, String type, String state, Instant installedOn,
                    Integer checksum, Integer fileChecksum) {

    private static final DateTimeFormatter INSTALLED = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss'Z'")
        .withZone(ZoneOffset.UTC);

    static List<MigrationRow> of(MigrationInfo[] infos) {
        List<MigrationRow> rows = new ArrayList<>();
        for (MigrationInfo info : infos) {
            boolean changed = info.isApplied() && info.getResolvedChecksum() != null
                && !info.isChecksumMatching();
            rows.add(new MigrationRow(info.getVersion() == null ? "" : info.getVersion().getVersion(),
                info.getDescription(), info.getType() == null ? "" : info.getType().name(),
                stateName(info.getState(), changed),
                info.getInstalledOn() == null ? null : info.getInstalledOn().toInstant(),
                info.isApplied() ? info.getAppliedChecksum() : info.getChecksum(),
                changed ? info.getResolvedChecksum() : null));
        }
        return rows;
    }

    /** Flyway's state in plain words; an applied migration whose file changed says so. */
    static String stateName(MigrationState state, boolean checksumChanged) {
        if (checksumChanged) {
            return "applied, FILE CHANGED";
        }
        return switch (state) {
            case SUCCESS -> "applied";
            case PENDING -> "pending";
            case BASELINE -> "baseline";
            case FAILED -> "FAILED";
            case MISSING_SUCCESS -> "applied, FILE MISSING";
            case MISSING_FAILED -> "FAILED, FILE MISSING";
            case BELOW_BASELINE -> "below baseline (not run)";
            default -> state.getDisplayName().toLowerCase(Locale.ROOT);
        };
    }

    static String render(List<MigrationRow> rows) {
        TextTable table = new TextTable().left("VERSION").left("DESCRIPTION").left("TYPE").left("STATE")
            .left("INSTALLED ON").right("CHECKSUM");
        for (MigrationRow row : rows) {
            String checksum = row.checksum() == null ? "-" : row.checksum().toString();
            if (row.fileChecksum() != null) {
                checksum = checksum + " (file: " + row.fileChecksum() + ")";
            }
            table.row(row.version(), row.description(), row.type(), row.state(),
                row.installedOn() == null ? "-" : INSTALLED.format(row.installedOn()), checksum);
        }
        return table.render();
    }
}
