/**
 * The {@code verify} command and its orchestration: {@link io.brokerconnect.cli.verify.Verifier} runs both readers
 * ({@code verify.read}) concurrently, merges and compares what they produce ({@code verify.compare}), samples the
 * mismatching buckets and assembles the {@code verify.report}. The subpackages never depend on this one.
 */
package io.brokerconnect.cli.verify;
