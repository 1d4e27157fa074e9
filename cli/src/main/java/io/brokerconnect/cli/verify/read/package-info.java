/**
 * Reads the broker's SQLite database (as the source connector sees it) and PostgreSQL (through the target layout's
 * relations) into comparable snapshots and per-day bucket streams, with the same content checksum computed in SQL on
 * both sides. Depends only on {@code verify.model}.
 */
package io.brokerconnect.cli.verify.read;
