package io.brokerconnect.testkit.postgres;

/**
 * A PostgreSQL JDBC URL split into the part before the database name, the database name and the query string.
 *
 * <p>Needed because an external server is given as one URL (BROKER_CONNECT_TEST_PG_URL) that names one database,
 * while tests ask for URLs of databases they create. Swapping only the database part keeps whatever host list and
 * driver parameters (sslmode, ...) the person who set the variable chose.
 *
 * <p>Accepted forms are the ones pgjdbc accepts: {@code jdbc:postgresql://host[:port][,host2...][/database][?params]}
 * and the short {@code jdbc:postgresql:database[?params]}.
 */
final class JdbcUrl {

    static final String PREFIX = "jdbc:postgresql:";
    static final int DEFAULT_PORT = 5432;

    private final String beforeDatabase;
    private final String database;
    private final String query;
    private final String host;
    private final int port;

    private JdbcUrl(String beforeDatabase, String database, String query, String host, int port) {
        this.beforeDatabase = beforeDatabase;
        this.database = database;
        this.query = query;
        this.host = host;
        this.port = port;
    }

    /** The URL of {@code database} on a server listening on {@code host:port}. */
    static JdbcUrl of(String host, int port, String database) {
        return new JdbcUrl(PREFIX + "//" + host + ":" + port + "/", database, "", host, port);
    }

    static JdbcUrl parse(String url) {
        if (url == null || !url.startsWith(PREFIX)) {
            throw new IllegalArgumentException("Not a PostgreSQL JDBC URL (must start with " + PREFIX + "): " + url);
        }
        int queryStart = url.indexOf('?');
        String query = queryStart < 0 ? "" : url.substring(queryStart);
        String withoutQuery = queryStart < 0 ? url : url.substring(0, queryStart);
        String rest = withoutQuery.substring(PREFIX.length());
        if (!rest.startsWith("//")) {
            // Short form: the database on localhost:5432.
            return new JdbcUrl(PREFIX, rest, query, "localhost", DEFAULT_PORT);
        }
        int slash = rest.indexOf('/', 2);
        String hosts = slash < 0 ? rest.substring(2) : rest.substring(2, slash);
        String database = slash < 0 ? "" : rest.substring(slash + 1);
        String firstHost = hosts.split(",", -1)[0];
        return new JdbcUrl(PREFIX + "//" + hosts + "/", database, query, hostOf(firstHost), portOf(firstHost));
    }

    /** The same server and parameters, another database. */
    JdbcUrl withDatabase(String otherDatabase) {
        return new JdbcUrl(beforeDatabase, otherDatabase, query, host, port);
    }

    /** The database named in the URL; empty when the URL names none (the driver then uses the user name). */
    String database() {
        return database;
    }

    /** The first host of the URL; with several hosts, that is the one a test talks about. */
    String host() {
        return host;
    }

    int port() {
        return port;
    }

    @Override
    public String toString() {
        return beforeDatabase + database + query;
    }

    private static String hostOf(String hostAndPort) {
        if (hostAndPort.startsWith("[")) { // IPv6 literal: [::1]:5432
            return hostAndPort.substring(0, hostAndPort.indexOf(']') + 1);
        }
        int colon = hostAndPort.lastIndexOf(':');
        String host = colon < 0 ? hostAndPort : hostAndPort.substring(0, colon);
        return host.isEmpty() ? "localhost" : host;
    }

    private static int portOf(String hostAndPort) {
        int bracket = hostAndPort.lastIndexOf(']');
        int colon = hostAndPort.lastIndexOf(':');
        if (colon < 0 || colon < bracket) {
            return DEFAULT_PORT;
        }
        String port = hostAndPort.substring(colon + 1);
        try {
            return port.isEmpty() ? DEFAULT_PORT : Integer.parseInt(port);
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("Bad port in JDBC URL host '" + hostAndPort + "'", e);
        }
    }
}
