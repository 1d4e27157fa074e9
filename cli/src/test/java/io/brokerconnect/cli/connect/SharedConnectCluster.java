package io.brokerconnect.cli.connect;

import io.brokerconnect.testkit.connect.ConnectCluster;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.ExtensionContext.Namespace;
import org.junit.jupiter.api.extension.ParameterContext;
import org.junit.jupiter.api.extension.ParameterResolver;

/**
 * One embedded Kafka + Connect cluster for every integration test class of the test JVM that asks for it, started
 * on first use and stopped when JUnit finishes (a cluster costs ~10 s to start; tests isolate themselves by
 * connector names and topic prefixes instead). Exactly-once source support is on, as in the deployment
 * configuration, so topics carry transaction markers (which a sink never consumes: lag must not count them).
 * Use with {@code @ExtendWith(SharedConnectCluster.class)} and a {@code ConnectCluster} parameter of a
 * {@code @BeforeAll} or test method.
 */
public final class SharedConnectCluster implements ParameterResolver {

    private static final Namespace NAMESPACE = Namespace.create(SharedConnectCluster.class);

    @Override
    public boolean supportsParameter(ParameterContext parameter, ExtensionContext context) {
        return parameter.getParameter().getType() == ConnectCluster.class;
    }

    @Override
    public Object resolveParameter(ParameterContext parameter, ExtensionContext context) {
        // The root store lives as long as the JUnit run and closes AutoCloseable values at its end.
        return context.getRoot().getStore(NAMESPACE)
            .getOrComputeIfAbsent("cluster", key -> ConnectCluster.builder("cli").exactlyOnceSource().start(),
                ConnectCluster.class);
    }

    /** The REST URL of the cluster's (first) worker, e.g. {@code http://127.0.0.1:41234}. */
    public static String restUrl(ConnectCluster cluster) {
        return cluster.connect().workers().iterator().next().url().toString().replaceAll("/+$", "");
    }
}
