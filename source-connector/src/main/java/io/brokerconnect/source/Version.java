package io.brokerconnect.source;

import io.brokerconnect.common.PluginVersion;

/** The version Connect reports for this plugin. */
public final class Version {

    private static final String VERSION = PluginVersion.read(Version.class, "/broker-connect-source.properties");

    private Version() {
    }

    public static String get() {
        return VERSION;
    }
}
