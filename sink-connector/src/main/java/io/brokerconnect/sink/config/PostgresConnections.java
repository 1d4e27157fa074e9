package io.brokerconnect.sink.config;

import java.io.PrintWriter;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.SQLFeatureNotSupportedException;
import java.util.Properties;
import java.util.logging.Logger;
import javax.sql.DataSource;
import org.postgresql.Driver;

/**
 * Opens connections with the resolved settings. Uses the PostgreSQL driver class directly rather than
 * DriverManager's registry, because in a Connect plugin class loader the driver may not be registered where
 * DriverManager looks.
 */
public final class PostgresConnections implements DataSource {

    private static final Driver DRIVER = new Driver();

    private final ConnectionSettings settings;
    private final String applicationName;

    public PostgresConnections(ConnectionSettings settings, String applicationName) {
        this.settings = settings;
        this.applicationName = applicationName;
    }

    public ConnectionSettings settings() {
        return settings;
    }

    @Override
    public Connection getConnection() throws SQLException {
        Properties properties = settings.driverProperties(applicationName);
        Connection connection = DRIVER.connect(settings.jdbcUrl(), properties);
        if (connection == null) {
            throw new SQLException("The PostgreSQL driver does not accept URL " + settings.jdbcUrl());
        }
        return connection;
    }

    @Override
    public Connection getConnection(String username, String password) throws SQLException {
        throw new SQLFeatureNotSupportedException("credentials come from the connector configuration");
    }

    @Override
    public PrintWriter getLogWriter() {
        return DriverManager.getLogWriter();
    }

    @Override
    public void setLogWriter(PrintWriter out) {
        // not used: the driver logs through java.util.logging
    }

    @Override
    public void setLoginTimeout(int seconds) {
        // the connect timeout is a driver property
    }

    @Override
    public int getLoginTimeout() {
        return 10;
    }

    @Override
    public Logger getParentLogger() throws SQLFeatureNotSupportedException {
        throw new SQLFeatureNotSupportedException();
    }

    @Override
    public <T> T unwrap(Class<T> iface) throws SQLException {
        if (iface.isInstance(this)) {
            return iface.cast(this);
        }
        throw new SQLException("not a wrapper for " + iface);
    }

    @Override
    public boolean isWrapperFor(Class<?> iface) {
        return iface.isInstance(this);
    }
}
