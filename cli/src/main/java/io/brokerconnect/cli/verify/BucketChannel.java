package io.brokerconnect.cli.verify;

import io.brokerconnect.cli.verify.model.Bucket;
import io.brokerconnect.cli.verify.read.BucketSink;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.NoSuchElementException;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CancellationException;
import java.util.concurrent.TimeUnit;

/**
 * Hands buckets from a reader thread to the merging thread through a bounded queue, so that both databases
 * aggregate at the same time while memory stays bounded: a reader that gets ahead simply waits.
 *
 * <p>Buckets travel in chunks to keep the hand-over cheap. The reader ends with {@link #finish()} or
 * {@link #fail(Throwable)}; the consumer may {@link #cancel()} (for example when the other side failed), which
 * makes a waiting reader stop with a {@link CancellationException} instead of blocking forever.
 */
final class BucketChannel<K> implements BucketSink<K>, Iterator<Bucket<K>> {

    private static final int CHUNK = 512;
    private static final Object END = new Object();

    private record Failure(Throwable cause) {
    }

    private final BlockingQueue<Object> queue;
    private final String side;
    private List<Bucket<K>> pending = new ArrayList<>(CHUNK);
    private Iterator<Bucket<K>> current = List.<Bucket<K>>of().iterator();
    private boolean ended;
    private volatile boolean cancelled;

    BucketChannel(String side, int capacityInChunks) {
        this.side = side;
        this.queue = new ArrayBlockingQueue<>(capacityInChunks);
    }

    // ---- reader side

    @Override
    public void accept(Bucket<K> bucket) throws InterruptedException {
        pending.add(bucket);
        if (pending.size() >= CHUNK) {
            handOver(pending);
            pending = new ArrayList<>(CHUNK);
        }
    }

    void finish() throws InterruptedException {
        if (!pending.isEmpty()) {
            handOver(pending);
            pending = new ArrayList<>();
        }
        handOver(END);
    }

    void fail(Throwable cause) {
        try {
            handOver(new Failure(cause));
        } catch (InterruptedException | CancellationException e) {
            Thread.currentThread().interrupt();
        }
    }

    private void handOver(Object item) throws InterruptedException {
        while (!queue.offer(item, 100, TimeUnit.MILLISECONDS)) {
            if (cancelled) {
                throw new CancellationException("the " + side + " buckets are no longer wanted");
            }
        }
    }

    // ---- consumer side

    void cancel() {
        cancelled = true;
        queue.clear();
    }

    @Override
    @SuppressWarnings("unchecked")
    public boolean hasNext() {
        while (!current.hasNext()) {
            if (ended) {
                return false;
            }
            Object item;
            try {
                item = queue.take();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new CancellationException("interrupted while waiting for " + side + " buckets");
            }
            if (item == END) {
                ended = true;
            } else if (item instanceof Failure failure) {
                ended = true;
                throw new ReaderFailedException(side, failure.cause());
            } else {
                current = ((List<Bucket<K>>) item).iterator();
            }
        }
        return true;
    }

    @Override
    public Bucket<K> next() {
        if (!hasNext()) {
            throw new NoSuchElementException();
        }
        return current.next();
    }

    /** The reader of one side failed; the cause is that reader's exception. */
    static final class ReaderFailedException extends RuntimeException {
        private static final long serialVersionUID = 1L;

        ReaderFailedException(String side, Throwable cause) {
            super("reading the " + side + " side failed: " + cause.getMessage(), cause);
        }
    }
}
