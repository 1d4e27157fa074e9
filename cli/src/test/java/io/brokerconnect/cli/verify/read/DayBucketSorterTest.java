package io.brokerconnect.cli.verify.read;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.brokerconnect.cli.verify.model.Bucket;
import io.brokerconnect.cli.verify.model.BucketAggregate;
import io.brokerconnect.cli.verify.model.FileBucketKey;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class DayBucketSorterTest {

    @Test
    void sortsEachDayByNameAndSumsBucketsOfTheSameName() throws InterruptedException {
        List<Bucket<FileBucketKey>> out = new ArrayList<>();
        DayBucketSorter sorter = new DayBucketSorter(out::add);
        // As the database returns them: day order only; two ids that name the same collector (rrc01).
        sorter.add(new FileBucketKey(10, "route-views", "route-views2", "rib"), new BucketAggregate(1, 5, 100, 100));
        sorter.add(new FileBucketKey(10, "ripe-ris", "rrc01", "updates"), new BucketAggregate(2, 6, 50, 60));
        sorter.add(new FileBucketKey(10, "ripe-ris", "rrc01", "updates"), new BucketAggregate(3, 7, 40, 55));
        sorter.add(new FileBucketKey(11, "ripe-ris", "rrc00", "rib"), new BucketAggregate(1, 1, 200, 200));
        sorter.finish();
        assertEquals(List.of(
            new Bucket<>(new FileBucketKey(10, "ripe-ris", "rrc01", "updates"), new BucketAggregate(5, 13, 40, 60)),
            new Bucket<>(new FileBucketKey(10, "route-views", "route-views2", "rib"), new BucketAggregate(1, 5, 100, 100)),
            new Bucket<>(new FileBucketKey(11, "ripe-ris", "rrc00", "rib"), new BucketAggregate(1, 1, 200, 200))), out);
    }

    @Test
    void refusesDaysGoingBackwards() throws InterruptedException {
        DayBucketSorter sorter = new DayBucketSorter(bucket -> { });
        sorter.add(new FileBucketKey(11, "ripe-ris", "rrc00", "rib"), new BucketAggregate(1, 1, 1, 1));
        assertThrows(IllegalStateException.class,
            () -> sorter.add(new FileBucketKey(10, "ripe-ris", "rrc00", "rib"), new BucketAggregate(1, 1, 1, 1)));
    }
}
