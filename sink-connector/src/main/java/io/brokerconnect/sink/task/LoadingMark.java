package io.brokerconnect.sink.task;

import io.brokerconnect.sink.schema.FirstLoadIndexes;
import java.sql.Connection;
import java.sql.SQLException;

/**
 * This task's "still loading" mark in PostgreSQL ({@link FirstLoadIndexes#markLoading}): set before it writes a
 * bulk put while a first load is pending, removed when its part has caught up, so that another task that caught up sooner
 * does not rebuild the deferred indexes under it. The mark lives in the session: a session closed after a failure
 * takes it along, and the next bulk put sets it on the new one.
 */
final class LoadingMark {

    private final FirstLoadIndexes firstLoad;
    private Connection markedOn;

    LoadingMark(FirstLoadIndexes firstLoad) {
        this.firstLoad = firstLoad;
    }

    void loading(Connection connection) throws SQLException {
        if (markedOn != connection && firstLoad.markLoading(connection)) {
            markedOn = connection;
        }
    }

    void caughtUp(Connection connection) throws SQLException {
        if (markedOn == connection) {
            firstLoad.markCaughtUp(connection);
        }
        markedOn = null;
    }
}
