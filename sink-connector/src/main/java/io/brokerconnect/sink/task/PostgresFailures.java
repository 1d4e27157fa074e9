package io.brokerconnect.sink.task;

import io.brokerconnect.common.retry.RetryBudget;
import io.brokerconnect.sink.config.PostgresSinkConfig;
import java.sql.SQLException;
import org.apache.kafka.connect.errors.ConnectException;
import org.apache.kafka.connect.errors.RetriableException;
import org.apache.kafka.connect.sink.SinkTaskContext;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What a failed PostgreSQL call means for the task: a transient failure becomes a retry after a backoff
 * ({@link RetriableException} plus {@code context.timeout}) within the retry budget; a spent budget or any other
 * failure fails the task with a message naming the database and what to do.
 */
final class PostgresFailures {

    private static final Logger log = LoggerFactory.getLogger(PostgresFailures.class);

    private final RetryBudget retry;
    private final String jdbcUrl;
    private final int maxRetries;
    private final SinkTaskContext context;

    PostgresFailures(PostgresSinkConfig config, String jdbcUrl, SinkTaskContext context) {
        this.retry = config.retryBudget();
        this.jdbcUrl = jdbcUrl;
        this.maxRetries = config.maxRetries();
        this.context = context;
    }

    /** Connect called again before the backoff was over (an offset commit, a rebalance): not an attempt. */
    void throwIfBackingOff() {
        long backoff = retry.waiting(System.nanoTime());
        if (backoff > 0) {
            context.timeout(backoff);
            throw new RetriableException("Still backing off for " + backoff + " ms after " + retry.failures()
                + " failed attempt(s) to reach PostgreSQL (" + jdbcUrl + ")");
        }
    }

    /** A call succeeded: an outage, if any, is over. */
    void succeeded() {
        retry.succeeded();
    }

    /** The exception to throw for {@code e}, which happened while writing {@code where}. */
    RuntimeException of(SQLException e, String where) {
        if (!SqlErrors.isTransient(e)) {
            return new ConnectException("Writing " + where + " to PostgreSQL failed: " + e.getMessage(), e);
        }
        long now = System.nanoTime();
        long backoff = retry.failed(now);
        long outageSeconds = retry.outage(now).toSeconds();
        if (backoff < 0) {
            return new ConnectException("PostgreSQL at " + jdbcUrl + " failed every attempt at " + where
                + " for " + outageSeconds + " s (" + retry.failures() + " attempts; "
                + PostgresSinkConfig.RETRY_MAX_DURATION_CONFIG + "=" + retry.maxDuration().toMillis()
                + (maxRetries >= 0 ? ", " + PostgresSinkConfig.MAX_RETRIES_CONFIG + "=" + maxRetries : "")
                + "); the task stops. Nothing is lost: offsets are committed only for what was written. When "
                + "the database is reachable again, restart the task (POST /connectors/<name>/tasks/<id>/restart), "
                + "or allow longer outages with " + PostgresSinkConfig.RETRY_MAX_DURATION_CONFIG + ". Last error: "
                + e.getMessage(), e);
        }
        log.warn("Transient failure {} (attempt {}, failing for {} s of at most {} s), retrying in {} ms on a new "
            + "connection: {}", where, retry.failures(), outageSeconds, retry.maxDuration().toSeconds(), backoff,
            e.getMessage());
        context.timeout(Math.max(1, backoff));
        return new RetriableException("Transient PostgreSQL failure: " + e.getMessage(), e);
    }
}
