package io.brokerconnect.sink.replay;

import io.brokerconnect.common.model.FileRecord;

/**
 * A 128-bit, order-sensitive fingerprint of the file records of one offset block, as two independently seeded
 * 64-bit lanes. Each record's offset and every field the sink writes go in, so two blocks match only if the sink
 * received the same files at the same offsets. Not cryptographic: it guards against different data (a recreated
 * topic, other converters or transforms), not against an adversary who writes the topic.
 */
final class BlockFingerprint {

    private long a;
    private long b;

    BlockFingerprint() {
        this(0x62726f6b65722d61L, 0x636f6e6e6563742dL);
    }

    BlockFingerprint(long a, long b) {
        this.a = a;
        this.b = b;
    }

    long a() {
        return a;
    }

    long b() {
        return b;
    }

    BlockFingerprint copy() {
        return new BlockFingerprint(a, b);
    }

    void add(long offset, FileRecord file) {
        long collector = stringHash(file.collector());
        long head = (long) file.project().ordinal() << 32 | file.dataType().ordinal();
        long ts = file.timestamp().getEpochSecond();
        // Fields are folded in pairs with odd multipliers (bijective), each lane mixed once per pair.
        a = mix(a ^ (offset * 0x9e3779b97f4a7c15L + collector));
        a = mix(a + (ts * 0xc2b2ae3d27d4eb4fL ^ head));
        a = mix(a ^ (file.roughSize() * 0x165667b19e3779f9L + file.exactSize()));
        b = mix(b + (Long.rotateLeft(collector, 29) * 0xd6e8feb86659fd93L ^ offset));
        b = mix(b ^ (head * 0x9fb21c651e98df25L + Long.rotateLeft(ts, 17)));
        b = mix(b + (file.exactSize() * 0xff51afd7ed558ccdL ^ Long.rotateLeft(file.roughSize(), 41)));
    }

    /** 64-bit FNV-1a over the UTF-16 code units: String.hashCode has only 32 bits. */
    private static long stringHash(String text) {
        long hash = 0xcbf29ce484222325L;
        for (int i = 0; i < text.length(); i++) {
            hash = (hash ^ text.charAt(i)) * 0x100000001b3L;
        }
        return hash ^ text.length();
    }

    /** MurmurHash3's 64-bit finaliser: every input bit affects every output bit. */
    private static long mix(long z) {
        z = (z ^ (z >>> 33)) * 0xff51afd7ed558ccdL;
        z = (z ^ (z >>> 33)) * 0xc4ceb9fe1a85ec53L;
        return z ^ (z >>> 33);
    }
}
