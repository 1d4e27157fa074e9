package io.brokerconnect.common.retry;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.time.Duration;
import org.junit.jupiter.api.Test;

/** The retry budget's arithmetic on a driven clock. */
class RetryBudgetTest {

    private static final long S = 1_000_000_000L;

    @Test
    void backoffDoublesUpToItsCapAndTheBudgetEndsTheOutage() {
        RetryBudget budget = new RetryBudget(Duration.ofSeconds(100), Duration.ofSeconds(1), Duration.ofSeconds(30), -1);
        assertEquals(1_000, budget.failed(0));
        assertEquals(2_000, budget.failed(1 * S));
        assertEquals(4_000, budget.failed(3 * S));
        assertEquals(8_000, budget.failed(7 * S));
        assertEquals(16_000, budget.failed(15 * S));
        assertEquals(30_000, budget.failed(31 * S), "capped");
        assertEquals(30_000, budget.failed(61 * S));
        assertEquals(9_000, budget.failed(91 * S), "the last attempt comes at the end of the budget");
        assertEquals(-1, budget.failed(100 * S), "100 s of outage: spent");
    }

    @Test
    void callsDuringTheBackoffAreNotAttempts() {
        RetryBudget budget = new RetryBudget(Duration.ofSeconds(10), Duration.ofSeconds(1), Duration.ofSeconds(30), 2);
        assertEquals(1_000, budget.failed(0));
        assertEquals(1_000, budget.waiting(0));
        assertEquals(500, budget.waiting(S / 2), "half of it left");
        assertEquals(0, budget.waiting(S), "over");
        assertEquals(1, budget.failures(), "waiting spends nothing");
        assertEquals(2_000, budget.failed(S));
        assertEquals(-1, budget.failed(3 * S), "max.retries=2: the third retry is refused");
    }

    @Test
    void aSuccessEndsTheOutageAndTheNextOneHasItsOwnBudget() {
        RetryBudget budget = new RetryBudget(Duration.ofSeconds(5), Duration.ofSeconds(1), Duration.ofSeconds(30), -1);
        budget.failed(0);
        budget.failed(4 * S);
        budget.succeeded();
        assertEquals(0, budget.waiting(4 * S));
        assertEquals(1_000, budget.failed(100 * S), "a new outage starts from the first backoff");
        assertEquals(Duration.ofSeconds(2), budget.outage(102 * S));
    }
}
