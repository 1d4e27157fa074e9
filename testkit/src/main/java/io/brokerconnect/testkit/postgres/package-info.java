/**
 * A real, throwaway PostgreSQL server for integration tests: {@link io.brokerconnect.testkit.postgres.PostgresServer}
 * (start, stop, restart, fresh databases) and the JUnit 5 extension
 * {@link io.brokerconnect.testkit.postgres.PostgresExtension}.
 *
 * <p>Everything else in the package is an implementation detail with one job each: {@code EmbeddedBackend} (run the
 * server from zonky's binaries), {@code ExternalBackend} (use a server named by BROKER_CONNECT_TEST_PG_URL),
 * {@code ServerSettings} (postgresql.conf parameters, PostgreSQL defaults unless asked), {@code ServerFiles} (where
 * data, log and bookkeeping live), {@code PostmasterProcess} (is it still running, end it),
 * {@code StaleServerReaper} (clean up after killed JVMs), {@code LoopbackPorts}, {@code JdbcUrl},
 * {@code DatabaseNames}, {@code BuildDirectory} and {@code Poll} (wait on a condition with a deadline).
 */
package io.brokerconnect.testkit.postgres;
