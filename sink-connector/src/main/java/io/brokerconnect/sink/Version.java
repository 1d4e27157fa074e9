package io.brokerconnect.sink;

import java.io.IOException;
import java.io.InputStream;
import java.util.Properties;

/** The version Connect reports for the plugin, filtered into a resource by the build. */
public final class Version {

    private static final String VERSION = load();

    private Version() {
    }

    public static String get() {
        return VERSION;
    }

    private static String load() {
        try (InputStream in = Version.class.getResourceAsStream("/broker-connect-sink.properties")) {
            Properties properties = new Properties();
            if (in != null) {
                properties.load(in);
            }
            return properties.getProperty("version", "unknown");
        } catch (IOException e) {
            return "unknown";
        }
    }
}
