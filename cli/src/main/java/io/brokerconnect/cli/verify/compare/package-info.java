/**
 * The comparisons: merging the two sorted bucket streams, and comparing meta days, collectors, {@code latest} and the
 * rows of mismatching buckets; they turn what the readers produced into the report's result records. Depends on
 * {@code verify.model} and {@code verify.report}, never on the readers.
 */
package io.brokerconnect.cli.verify.compare;
