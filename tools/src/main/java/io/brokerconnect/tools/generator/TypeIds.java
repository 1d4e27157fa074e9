package io.brokerconnect.tools.generator;

/**
 * Which {@code types.id} stands for which file type.
 *
 * <p>The broker never fixes these ids (its own tests insert {@code 'updates'} first), so a reader
 * must look them up by name. The generator can produce either assignment to catch readers that
 * hard-code {@code rib = 1}.
 */
public record TypeIds(int ribId, int updatesId) {

    public static final TypeIds STANDARD = new TypeIds(1, 2);
    public static final TypeIds REVERSED = new TypeIds(2, 1);

    public TypeIds {
        if (ribId == updatesId) {
            throw new IllegalArgumentException("rib and updates need distinct ids");
        }
    }

    public static TypeIds of(boolean reversed) {
        return reversed ? REVERSED : STANDARD;
    }

    public int idOf(FileType type) {
        return type == FileType.RIB ? ribId : updatesId;
    }
}
