package io.brokerconnect.tools.generator;

/**
 * Realistic, deterministic file sizes.
 *
 * <p>Typical compressed sizes today: RIS updates dumps (5 min) a few MB, RouteViews updates
 * (15 min) a few MB to ~15 MB, RIS bviews a few hundred MB, RouteViews RIBs tens to ~150 MB.
 * Each collector gets a fixed scale (big multi-hop collectors such as rrc00 or route-views2 are
 * large, small IXP collectors are small), files shrink going back in time (the Internet routing
 * table grows ~12% a year) and update files are bursty.
 *
 * <p>{@code exact_size} is the true byte count; {@code rough_size} is what the broker parses from
 * the archive's directory listing ("5.2M", "312M": 1024-based, one decimal below 10), so the two
 * are close but rarely equal. About 3% of files have {@code exact_size = 0} and 1% also
 * {@code rough_size = 0}: the broker stores 0 when it does not know a size.
 */
public final class FileSizeModel {

    /** Reference instant for the growth curve, fixed so sizes do not depend on the chosen end time. */
    private static final long GROWTH_REFERENCE = 1_735_689_600L; // 2025-01-01T00:00:00Z
    private static final double YEARLY_GROWTH_LN = Math.log(1.12);
    private static final double SECONDS_PER_YEAR = 365.25 * 86_400;

    private final long seed;

    public FileSizeModel(long seed) {
        this.seed = seed;
    }

    /** Per-file hash that drives both sizes; compute it once per file. */
    public long fileHash(long collectorId, FileType type, long timestamp) {
        return Hashing.hash(seed ^ 0x5151_5151L, collectorId, type.ordinal(), timestamp);
    }

    public long exactSize(long fileHash, long collectorId, BrokerProject project, FileType type, long timestamp) {
        if (zeroClass(fileHash) < 0.03) {
            return 0;
        }
        return trueSize(fileHash, collectorId, project, type, timestamp);
    }

    public long roughSize(long fileHash, long collectorId, BrokerProject project, FileType type, long timestamp) {
        if (zeroClass(fileHash) < 0.01) {
            return 0;
        }
        return listingRounded(trueSize(fileHash, collectorId, project, type, timestamp));
    }

    private static double zeroClass(long fileHash) {
        return (fileHash & 0xFFFF) / 65536.0;
    }

    private long trueSize(long fileHash, long collectorId, BrokerProject project, FileType type, long timestamp) {
        double base = switch (project) {
            case RIPE_RIS -> type == FileType.RIB ? 420e6 : 6e6;
            case ROUTE_VIEWS -> type == FileType.RIB ? 140e6 : 12e6;
        };
        // Collector scale: log-uniform in [0.08, 1.0], fixed per collector.
        double scale = Math.exp(Math.log(0.08) * Hashing.unit(Hashing.hash(seed, 77, collectorId)));
        double years = (GROWTH_REFERENCE - timestamp) / SECONDS_PER_YEAR;
        double growth = Math.exp(-YEARLY_GROWTH_LN * years);
        double u = Hashing.unit(Hashing.mix(fileHash));
        double jitter = type == FileType.RIB ? 0.95 + 0.1 * u : 0.45 + 1.6 * u * u;
        return Math.max(1_000L, (long) (base * scale * growth * jitter));
    }

    /** Mimics an archive listing's human-readable size, parsed back the way the broker does. */
    static long listingRounded(long bytes) {
        double unit;
        if (bytes >= 1L << 30) {
            unit = 1L << 30;
        } else if (bytes >= 1L << 20) {
            unit = 1L << 20;
        } else if (bytes >= 1L << 10) {
            unit = 1L << 10;
        } else {
            return bytes;
        }
        double shown = bytes / unit;
        shown = shown < 10 ? Math.round(shown * 10) / 10.0 : Math.round(shown);
        return (long) (shown * unit);
    }
}
