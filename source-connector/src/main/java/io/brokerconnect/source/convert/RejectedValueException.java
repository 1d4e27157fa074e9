package io.brokerconnect.source.convert;

/** Thrown by {@link RawValues} checks; converters turn it into a {@link Conversion.Rejected}. */
final class RejectedValueException extends Exception {
    private static final long serialVersionUID = 1L;
    private final boolean unknownReference;

    RejectedValueException(String reason) {
        this(reason, false);
    }

    RejectedValueException(String reason, boolean unknownReference) {
        super(reason, null, false, false);
        this.unknownReference = unknownReference;
    }

    boolean unknownReference() {
        return unknownReference;
    }

    <T> Conversion<T> toConversion() {
        return new Conversion.Rejected<>(getMessage(), unknownReference);
    }
}
