package io.brokerconnect.common;

import java.io.IOException;
import java.io.InputStream;
import java.util.Properties;

/** Reads the version Connect reports for a plugin from a properties resource the build filters. */
public final class PluginVersion {

    private PluginVersion() {
    }

    /** The {@code version} property of {@code resource} as seen by {@code owner}'s class loader, or "unknown". */
    public static String read(Class<?> owner, String resource) {
        try (InputStream in = owner.getResourceAsStream(resource)) {
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
