package io.brokerconnect.cli.verify;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.brokerconnect.cli.verify.model.Bucket;
import io.brokerconnect.cli.verify.model.BucketAggregate;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CancellationException;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class BucketChannelTest {

    private final ExecutorService producer = Executors.newSingleThreadExecutor();

    @AfterEach
    void stop() {
        producer.shutdownNow();
    }

    private static Bucket<Long> day(long day) {
        return new Bucket<>(day, new BucketAggregate(1, day, day, day));
    }

    @Test
    void deliversEverythingInOrderThroughASmallQueue() throws Exception {
        BucketChannel<Long> channel = new BucketChannel<>("test", 1);
        producer.submit(() -> {
            for (long d = 0; d < 5_000; d++) {
                channel.accept(day(d));
            }
            channel.finish();
            return null;
        });
        List<Long> received = new ArrayList<>();
        channel.forEachRemaining(bucket -> received.add(bucket.key()));
        assertEquals(5_000, received.size());
        for (int i = 0; i < received.size(); i++) {
            assertEquals(i, received.get(i));
        }
        assertFalse(channel.hasNext());
    }

    @Test
    void aReaderFailureReachesTheConsumer() {
        BucketChannel<Long> channel = new BucketChannel<>("SQLite", 1);
        producer.submit(() -> {
            channel.accept(day(1));
            channel.fail(new IllegalStateException("disk on fire"));
            return null;
        });
        BucketChannel.ReaderFailedException e = assertThrows(BucketChannel.ReaderFailedException.class,
            () -> channel.forEachRemaining(bucket -> { }));
        assertTrue(e.getMessage().contains("SQLite") && e.getMessage().contains("disk on fire"), e.getMessage());
    }

    @Test
    void cancellingReleasesABlockedReader() throws Exception {
        BucketChannel<Long> channel = new BucketChannel<>("PostgreSQL", 1);
        Future<?> reader = producer.submit(() -> {
            for (long d = 0; ; d++) {
                channel.accept(day(d)); // fills the one-chunk queue, then blocks
            }
        });
        channel.cancel();
        ExecutionException e = assertThrows(ExecutionException.class, () -> reader.get(10, TimeUnit.SECONDS));
        assertTrue(e.getCause() instanceof CancellationException, e.toString());
    }
}
