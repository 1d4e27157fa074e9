package io.brokerconnect.testkit.postgres;

import java.util.Objects;
import java.util.function.Consumer;

import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.BeforeEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.ExtensionContext.Namespace;
import org.junit.jupiter.api.extension.ParameterContext;
import org.junit.jupiter.api.extension.ParameterResolver;

/**
 * Gives a test class a {@link PostgresServer}. Register it on a <b>static</b> field:
 *
 * <pre>{@code
 * @RegisterExtension
 * static final PostgresExtension POSTGRES = PostgresExtension.shared();   // or perClass()
 *
 * @Test
 * void writesRows(PostgresDatabase db) throws SQLException {   // a fresh, empty database for this test
 *     try (Connection c = db.connect()) { ... }
 *     POSTGRES.server().stop();                                // fault injection, if supportsRestart()
 * }
 * }</pre>
 *
 * <ul>
 *   <li>{@link #shared()}: one server for every class of the test JVM (a Failsafe run), started by the first class
 *       that needs it and closed when JUnit finishes. Start-up costs ~1-2 s, so this is the default choice; isolation
 *       comes from a fresh database per test, not a fresh server.</li>
 *   <li>{@link #perClass()}: a server of the class's own, closed after its last test. Use it when the class changes
 *       server settings ({@link #perClass(Consumer)}) or does something that should not leak into other classes.</li>
 * </ul>
 *
 * <p>Before each test the server is started again if an earlier test stopped it and did not restart it, so that a
 * failed fault test does not fail every test after it.
 *
 * <p>Test and lifecycle methods may declare parameters of type {@link PostgresServer} (the server) and
 * {@link PostgresDatabase} (a new database named after the test, created for that parameter).
 */
public final class PostgresExtension implements BeforeAllCallback, AfterAllCallback, BeforeEachCallback,
    ParameterResolver {

    private static final Namespace NAMESPACE = Namespace.create(PostgresExtension.class);
    private static final String SHARED_KEY = "shared-server";

    private final boolean shared;
    private final Consumer<PostgresServer.Builder> customizer;
    private volatile PostgresServer server;

    private PostgresExtension(boolean shared, Consumer<PostgresServer.Builder> customizer) {
        this.shared = shared;
        this.customizer = customizer;
    }

    /** One server for the whole test JVM, with default settings. */
    public static PostgresExtension shared() {
        return new PostgresExtension(true, builder -> { });
    }

    /** A server for this test class only, with default settings. */
    public static PostgresExtension perClass() {
        return perClass(builder -> { });
    }

    /** A server for this test class only, configured by {@code customizer}, e.g. {@code b -> b.setting(...)}. */
    public static PostgresExtension perClass(Consumer<PostgresServer.Builder> customizer) {
        return new PostgresExtension(false, Objects.requireNonNull(customizer, "customizer"));
    }

    /** The server; available from the class's {@code @BeforeAll} methods on. */
    public PostgresServer server() {
        PostgresServer current = server;
        if (current == null) {
            throw new IllegalStateException("No PostgreSQL server: register PostgresExtension with @RegisterExtension"
                + " on a static field (an instance field is not called before the class's tests)");
        }
        return current;
    }

    @Override
    public void beforeAll(ExtensionContext context) {
        if (shared) {
            // The root store lives as long as the JUnit run and closes AutoCloseable values at its end.
            server = context.getRoot().getStore(NAMESPACE)
                .getOrComputeIfAbsent(SHARED_KEY, key -> startServer(), PostgresServer.class);
        } else {
            server = startServer();
        }
    }

    @Override
    public void afterAll(ExtensionContext context) {
        PostgresServer current = server;
        server = null;
        if (!shared && current != null) {
            current.close();
        }
    }

    @Override
    public void beforeEach(ExtensionContext context) {
        PostgresServer current = server();
        if (current.supportsRestart() && !current.isRunning()) {
            current.start();
        }
    }

    @Override
    public boolean supportsParameter(ParameterContext parameterContext, ExtensionContext extensionContext) {
        Class<?> type = parameterContext.getParameter().getType();
        return type == PostgresServer.class || type == PostgresDatabase.class;
    }

    @Override
    public Object resolveParameter(ParameterContext parameterContext, ExtensionContext extensionContext) {
        if (parameterContext.getParameter().getType() == PostgresServer.class) {
            return server();
        }
        String prefix = extensionContext.getTestMethod().map(method -> method.getName())
            .orElseGet(() -> extensionContext.getRequiredTestClass().getSimpleName());
        return server().createUniqueDatabase(prefix);
    }

    private PostgresServer startServer() {
        PostgresServer.Builder builder = PostgresServer.builder();
        customizer.accept(builder);
        return builder.start();
    }
}
