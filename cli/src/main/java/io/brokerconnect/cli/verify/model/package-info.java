/**
 * The small values that the readers produce and the comparisons consume: bucket keys and aggregates, collectors and
 * latest rows by natural key, time ranges and the {@link io.brokerconnect.cli.verify.model.CompareScope} that the
 * SQLite side fixes before either side aggregates. Depends on no other verify package.
 */
package io.brokerconnect.cli.verify.model;
