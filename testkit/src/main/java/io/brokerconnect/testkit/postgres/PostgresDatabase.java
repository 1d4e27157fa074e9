package io.brokerconnect.testkit.postgres;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.util.Properties;

/**
 * One database on a test server and everything needed to reach it, in the shape a connector configuration wants
 * (URL, user, password as separate strings).
 *
 * @param name     the database name
 * @param jdbcUrl  JDBC URL of the database, without credentials
 * @param user     user to connect as
 * @param password that user's password
 */
public record PostgresDatabase(String name, String jdbcUrl, String user, String password) {

    /** A new connection to this database; the caller closes it. */
    public Connection connect() throws SQLException {
        Properties properties = new Properties();
        properties.setProperty("user", user);
        properties.setProperty("password", password);
        return DriverManager.getConnection(jdbcUrl, properties);
    }

    /** Leaves the password out, so that test logs and assertion messages do not print it. */
    @Override
    public String toString() {
        return "PostgresDatabase[" + name + " at " + jdbcUrl + " as " + user + "]";
    }
}
