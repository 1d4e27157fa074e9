package io.brokerconnect.cli.common;

import io.brokerconnect.common.PluginVersion;
import picocli.CommandLine.IVersionProvider;

/** {@code --version}: the same version string the connectors report to Connect. */
public final class CliVersion implements IVersionProvider {
    @Override
    public String[] getVersion() {
        return new String[] {"broker-connect " + PluginVersion.read(CliVersion.class, "/broker-connect-source.properties")};
    }
}
