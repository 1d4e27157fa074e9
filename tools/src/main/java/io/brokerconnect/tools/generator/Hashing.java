package io.brokerconnect.tools.generator;

/**
 * Stateless pseudo-random numbers keyed by (seed, inputs).
 *
 * <p>Every random choice of the generator is a pure function of the seed and of what it is about
 * (collector, type, timestamp, round...), instead of being drawn from one shared stream. That keeps
 * output deterministic whatever order rows are produced in, and lets the live writer compute the
 * same size for a file the generator would have produced.
 */
public final class Hashing {

    private Hashing() {
    }

    /** SplitMix64 finaliser: a strong 64-bit mix. */
    public static long mix(long z) {
        z = (z ^ (z >>> 30)) * 0xbf58476d1ce4e5b9L;
        z = (z ^ (z >>> 27)) * 0x94d049bb133111ebL;
        return z ^ (z >>> 31);
    }

    public static long hash(long seed, long a) {
        return mix(mix(seed + 0x9e3779b97f4a7c15L) ^ a);
    }

    public static long hash(long seed, long a, long b) {
        return mix(hash(seed, a) + b * 0x9e3779b97f4a7c15L);
    }

    public static long hash(long seed, long a, long b, long c) {
        return mix(hash(seed, a, b) + c * 0xc2b2ae3d27d4eb4fL);
    }

    /** Uniform double in [0, 1) from the top 53 bits of a hash. */
    public static double unit(long hash) {
        return (hash >>> 11) * 0x1.0p-53;
    }

    /** Uniform long in [0, bound) (bound > 0); the bias is negligible for small bounds. */
    public static long below(long hash, long bound) {
        return Long.remainderUnsigned(hash, bound);
    }
}
