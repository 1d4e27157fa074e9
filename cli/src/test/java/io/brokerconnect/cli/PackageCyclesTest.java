package io.brokerconnect.cli;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * cli's packages depend on each other without cycles (for example {@code verify} on {@code verify.read},
 * {@code verify.compare} and {@code verify.report}, never the other way round). Reads the main sources: a package
 * depends on another when one of its files names a class there, by an import or by a fully qualified name in code
 * (comments and string literals do not count, so a Javadoc link is no dependency).
 */
class PackageCyclesTest {

    private static final String CLI = "io.brokerconnect.cli";
    private static final Path SOURCES = Path.of("src/main/java/io/brokerconnect/cli");
    /** A cli package name followed by a class name (or the * of an import on demand). */
    private static final Pattern REFERENCE =
        Pattern.compile("(?<![\\w.])io\\.brokerconnect\\.cli((?:\\.[a-z_][a-z0-9_]*)*)(?=\\.[A-Z*])");
    private static final Pattern PACKAGE = Pattern.compile("^package ([\\w.]+);", Pattern.MULTILINE);

    /** Dependencies that close a cycle today and are left for a change of their own (none). */
    private static final Set<String> KNOWN = Set.of();

    @Test
    void cliPackagesDependOnEachOtherWithoutCycles() throws IOException {
        Map<String, Set<String>> graph = dependencies();
        assertTrue(graph.keySet().containsAll(Set.of(CLI, CLI + ".verify", CLI + ".verify.read",
            CLI + ".verify.compare", CLI + ".verify.report", CLI + ".verify.model", CLI + ".quickstart")),
            "the scan found cli's packages: " + graph.keySet());
        for (String known : KNOWN) {
            String[] edge = known.split(" -> ");
            assertTrue(graph.getOrDefault(edge[0], new TreeSet<>()).remove(edge[1]),
                "the known dependency " + known + " is gone: remove it from KNOWN");
        }
        List<String> cycles = new ArrayList<>();
        for (Set<String> component : stronglyConnected(graph)) {
            if (component.size() > 1) {
                StringBuilder edges = new StringBuilder();
                for (String from : component) {
                    for (String to : graph.get(from)) {
                        if (component.contains(to)) {
                            edges.append("\n  ").append(from).append(" -> ").append(to);
                        }
                    }
                }
                cycles.add(component + ":" + edges);
            }
        }
        assertTrue(cycles.isEmpty(), "packages in a dependency cycle:\n" + String.join("\n", cycles));
    }

    @Test
    void findsACycleAndIgnoresCommentsAndStrings() {
        Map<String, Set<String>> graph = new TreeMap<>();
        add(graph, "package io.brokerconnect.cli.a;\nimport io.brokerconnect.cli.b.B;\n"
            + "/** {@link io.brokerconnect.cli.c.C} */ class A { String s = \"io.brokerconnect.cli.c.C // x\"; }");
        add(graph, "package io.brokerconnect.cli.b;\n// io.brokerconnect.cli.c.C\n"
            + "class B { Object o = io.brokerconnect.cli.a.A.class; }");
        add(graph, "package io.brokerconnect.cli.c;\nimport static io.brokerconnect.cli.b.B.f;\nclass C { }");
        assertTrue(graph.get("io.brokerconnect.cli.a").equals(Set.of("io.brokerconnect.cli.b"))
            && graph.get("io.brokerconnect.cli.b").equals(Set.of("io.brokerconnect.cli.a"))
            && graph.get("io.brokerconnect.cli.c").equals(Set.of("io.brokerconnect.cli.b")), graph.toString());
        assertTrue(stronglyConnected(graph).contains(Set.of("io.brokerconnect.cli.a", "io.brokerconnect.cli.b")),
            stronglyConnected(graph).toString());
    }

    private static Map<String, Set<String>> dependencies() throws IOException {
        Map<String, Set<String>> graph = new TreeMap<>();
        try (Stream<Path> files = Files.walk(SOURCES)) {
            for (Path file : files.filter(f -> f.toString().endsWith(".java")).toList()) {
                add(graph, Files.readString(file));
            }
        }
        // Only cli's own main packages are nodes; a name of anything else (say, a test package) is no dependency.
        graph.values().forEach(targets -> targets.retainAll(graph.keySet()));
        return graph;
    }

    private static void add(Map<String, Set<String>> graph, String source) {
        Matcher declaration = PACKAGE.matcher(source);
        if (!declaration.find()) {
            throw new AssertionError("no package declaration in:\n" + source);
        }
        String from = declaration.group(1);
        Set<String> targets = graph.computeIfAbsent(from, p -> new TreeSet<>());
        Matcher reference = REFERENCE.matcher(codeOnly(source));
        while (reference.find()) {
            String to = CLI + reference.group(1);
            if (!to.equals(from)) {
                targets.add(to);
            }
        }
    }

    /** The source without comments and with empty string, text block and character literals. */
    static String codeOnly(String source) {
        StringBuilder code = new StringBuilder(source.length());
        int i = 0;
        while (i < source.length()) {
            if (source.startsWith("\"\"\"", i)) {
                i = source.indexOf("\"\"\"", i + 3) + 3;
                code.append("\"\"");
            } else if (source.charAt(i) == '"' || source.charAt(i) == '\'') {
                char quote = source.charAt(i);
                i++;
                while (source.charAt(i) != quote) {
                    i += source.charAt(i) == '\\' ? 2 : 1;
                }
                i++;
                code.append(quote).append(quote);
            } else if (source.startsWith("//", i)) {
                int end = source.indexOf('\n', i);
                i = end < 0 ? source.length() : end;
            } else if (source.startsWith("/*", i)) {
                i = source.indexOf("*/", i + 2) + 2;
                code.append(' ');
            } else {
                code.append(source.charAt(i++));
            }
        }
        return code.toString();
    }

    /** Tarjan's strongly connected components. */
    private static List<Set<String>> stronglyConnected(Map<String, Set<String>> graph) {
        Map<String, Integer> index = new HashMap<>();
        Map<String, Integer> low = new HashMap<>();
        Deque<String> stack = new ArrayDeque<>();
        Set<String> onStack = new TreeSet<>();
        List<Set<String>> components = new ArrayList<>();
        for (String node : graph.keySet()) {
            if (!index.containsKey(node)) {
                connect(node, graph, index, low, stack, onStack, components);
            }
        }
        return components;
    }

    private static void connect(String node, Map<String, Set<String>> graph, Map<String, Integer> index,
                                Map<String, Integer> low, Deque<String> stack, Set<String> onStack,
                                List<Set<String>> components) {
        index.put(node, index.size());
        low.put(node, index.get(node));
        stack.push(node);
        onStack.add(node);
        for (String next : graph.getOrDefault(node, Set.of())) {
            if (!index.containsKey(next)) {
                connect(next, graph, index, low, stack, onStack, components);
                low.put(node, Math.min(low.get(node), low.get(next)));
            } else if (onStack.contains(next)) {
                low.put(node, Math.min(low.get(node), index.get(next)));
            }
        }
        if (low.get(node).equals(index.get(node))) {
            Set<String> component = new TreeSet<>();
            String member;
            do {
                member = stack.pop();
                onStack.remove(member);
                component.add(member);
            } while (!member.equals(node));
            components.add(component);
        }
    }
}
