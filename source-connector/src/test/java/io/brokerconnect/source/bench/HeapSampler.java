package io.brokerconnect.source.bench;

import java.lang.management.ManagementFactory;
import java.lang.management.MemoryPoolMXBean;
import java.lang.management.MemoryType;
import java.lang.management.MemoryUsage;

/**
 * Samples heap use every 100 ms during a benchmark: the peak of used heap (live data plus garbage not yet
 * collected) and the peak of what the collector left after a collection (the live set the run needed).
 */
final class HeapSampler implements AutoCloseable {

    private final Thread thread;
    private volatile boolean running = true;
    private volatile long peakUsed;
    private volatile long peakAfterGc;

    private HeapSampler() {
        thread = new Thread(this::sample, "heap-sampler");
        thread.setDaemon(true);
    }

    static HeapSampler start() {
        HeapSampler sampler = new HeapSampler();
        sampler.thread.start();
        return sampler;
    }

    private void sample() {
        while (running) {
            peakUsed = Math.max(peakUsed, ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed());
            long afterGc = 0;
            for (MemoryPoolMXBean pool : ManagementFactory.getMemoryPoolMXBeans()) {
                MemoryUsage usage = pool.getCollectionUsage();
                if (pool.getType() == MemoryType.HEAP && usage != null) {
                    afterGc += usage.getUsed();
                }
            }
            peakAfterGc = Math.max(peakAfterGc, afterGc);
            try {
                Thread.sleep(100);
            } catch (InterruptedException e) {
                return;
            }
        }
    }

    long peakUsedBytes() {
        return peakUsed;
    }

    long peakAfterGcBytes() {
        return peakAfterGc;
    }

    @Override
    public void close() {
        running = false;
        thread.interrupt();
    }
}
