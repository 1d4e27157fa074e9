package io.brokerconnect.source.config;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;
import java.util.Locale;
import java.util.Optional;

/**
 * The lower time bound for files, as the spec's migration offers it: {@code all} (every file, the default),
 * a number of days before now (like {@code --days N}), or a UTC date or instant.
 */
public final class FilesSince {
    public static final String ALL = "all";

    private final String text;
    private final Optional<Duration> daysBack;
    private final Optional<Instant> fixedBound;

    private FilesSince(String text, Optional<Duration> daysBack, Optional<Instant> fixedBound) {
        this.text = text;
        this.daysBack = daysBack;
        this.fixedBound = fixedBound;
    }

    /** Parses {@code all}, {@code N} (days), {@code YYYY-MM-DD} or an ISO-8601 instant; throws with a helpful message. */
    public static FilesSince parse(String value) {
        String text = value == null ? "" : value.trim();
        if (text.toLowerCase(Locale.ROOT).equals(ALL)) {
            return new FilesSince(ALL, Optional.empty(), Optional.empty());
        }
        if (text.matches("\\d{1,6}")) {
            long days = Long.parseLong(text);
            if (days == 0) {
                throw new IllegalArgumentException("0 days would skip every file; use 'all' or a positive number of days");
            }
            return new FilesSince(text, Optional.of(Duration.ofDays(days)), Optional.empty());
        }
        try {
            if (text.matches("\\d{4}-\\d{2}-\\d{2}")) {
                return new FilesSince(text, Optional.empty(),
                    Optional.of(LocalDate.parse(text).atStartOfDay(ZoneOffset.UTC).toInstant()));
            }
            return new FilesSince(text, Optional.empty(), Optional.of(Instant.parse(text)));
        } catch (DateTimeParseException e) {
            throw new IllegalArgumentException("'" + text + "' is not 'all', a number of days, a date (YYYY-MM-DD) "
                + "or an instant (2024-10-30T00:00:00Z)");
        }
    }

    /** The earliest file timestamp (epoch seconds) to emit, resolved against the clock; empty means every file. */
    public Optional<Long> lowerBoundEpochSeconds(Clock clock) {
        if (fixedBound.isPresent()) {
            return Optional.of(fixedBound.get().getEpochSecond());
        }
        return daysBack.map(d -> clock.instant().minus(d).getEpochSecond());
    }

    public boolean isAll() {
        return daysBack.isEmpty() && fixedBound.isEmpty();
    }

    @Override
    public String toString() {
        return text;
    }
}
