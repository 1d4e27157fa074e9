package io.brokerconnect.cli.verify.model;

import java.time.Instant;
import java.util.Objects;

/** A newest file: its time (epoch seconds) and sizes as PostgreSQL holds them (null = NULL). */
public record LatestRow(long epoch, Long roughSize, Long exactSize) {

    public boolean sameSizes(LatestRow other) {
        return Objects.equals(roughSize, other.roughSize) && Objects.equals(exactSize, other.exactSize);
    }

    @Override
    public String toString() {
        return Instant.ofEpochSecond(epoch) + " rough " + (roughSize == null ? "NULL" : roughSize)
            + " exact " + (exactSize == null ? "NULL" : exactSize);
    }
}
