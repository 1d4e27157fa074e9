package io.brokerconnect.tools.generator;

/**
 * One row of the broker's {@code collectors} table.
 *
 * @param id              {@code collectors.id} (the rowid)
 * @param name            collector name, e.g. {@code rrc00}; {@code null} only for the deliberately damaged row
 * @param url             archive root URL as in the broker's collector config
 * @param project         the project, which fixes the cadence
 * @param projectSpelling the exact text stored in {@code collectors.project} (canonical or an alias)
 */
public record Collector(long id, String name, String url, BrokerProject project, String projectSpelling) {

    public static Collector canonical(long id, String name, String url, BrokerProject project) {
        return new Collector(id, name, url, project, project.canonicalName());
    }

    /** Value of {@code collectors.updates_interval}. */
    public int updatesInterval() {
        return project.updatesInterval();
    }

    /** Same collector with its project written as the broker's input alias. */
    public Collector withAliasSpelling() {
        return new Collector(id, name, url, project, project.alias());
    }
}
