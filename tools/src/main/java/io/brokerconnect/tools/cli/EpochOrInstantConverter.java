package io.brokerconnect.tools.cli;

import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;
import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.TypeConversionException;

/**
 * Accepts a time as Unix epoch seconds ({@code 1748736000}), an ISO instant
 * ({@code 2025-06-01T00:00:00Z}) or a date ({@code 2025-06-01}, meaning midnight UTC), because
 * operators copy timestamps from all three places (the database, logs, a calendar).
 */
public final class EpochOrInstantConverter implements ITypeConverter<Instant> {

    @Override
    public Instant convert(String value) {
        String v = value.trim();
        try {
            if (v.matches("-?\\d+")) {
                return Instant.ofEpochSecond(Long.parseLong(v));
            }
            if (v.matches("\\d{4}-\\d{2}-\\d{2}")) {
                return LocalDate.parse(v).atStartOfDay(ZoneOffset.UTC).toInstant();
            }
            return Instant.parse(v);
        } catch (DateTimeParseException | NumberFormatException e) {
            throw new TypeConversionException(
                    "'" + value + "' is not epoch seconds, an ISO instant (2025-06-01T00:00:00Z) or a date (2025-06-01)");
        }
    }
}
