package io.brokerconnect.cli.verify.model;

/** The compared fields of a collector: url (may be NULL) and updates_interval (seconds). */
public record CollectorValues(String url, Integer updatesInterval) {
}
