package io.brokerconnect.deploy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import com.fasterxml.jackson.dataformat.yaml.YAMLParser;
import java.io.IOException;
import java.io.Reader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Properties;
import java.util.SortedSet;
import java.util.TreeSet;

/** The deployment files shipped in {@code deploy/}, read the way Connect, Docker Compose and Kubernetes read them. */
final class DeployFiles {

    static final ObjectMapper JSON = new ObjectMapper();
    private static final YAMLFactory YAML_FACTORY = new YAMLFactory();
    private static final ObjectMapper YAML = new ObjectMapper(YAML_FACTORY);

    private DeployFiles() {
    }

    /** The deploy module's directory ({@code deploy.dir} from the build, else the working directory). */
    static Path dir() {
        return Path.of(System.getProperty("deploy.dir", ".")).toAbsolutePath().normalize();
    }

    static Path file(String relative) {
        Path file = dir().resolve(relative);
        if (!Files.isRegularFile(file)) {
            throw new IllegalStateException("Missing deployment file " + file);
        }
        return file;
    }

    /** A connector file in the REST API's create format: {"name": ..., "config": {...}}. */
    record ConnectorFile(String name, Map<String, String> config) {
    }

    static ConnectorFile restConnector(String relative) {
        JsonNode root = json(relative);
        JsonNode config = root.get("config");
        if (!root.hasNonNull("name") || config == null || !config.isObject()) {
            throw new IllegalStateException(relative + " is not {\"name\": ..., \"config\": {...}}");
        }
        Map<String, String> values = new LinkedHashMap<>();
        config.properties().forEach(e -> {
            if (!e.getValue().isTextual()) {
                throw new IllegalStateException(relative + ": " + e.getKey() + " must be a JSON string, as Connect expects");
            }
            values.put(e.getKey(), e.getValue().asText());
        });
        return new ConnectorFile(root.get("name").asText(), values);
    }

    static JsonNode json(String relative) {
        try {
            return JSON.readTree(file(relative).toFile());
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot parse " + relative + " as JSON", e);
        }
    }

    /** Every document of a (multi-document) YAML file. */
    static List<JsonNode> yaml(String relative) {
        try (YAMLParser parser = YAML_FACTORY.createParser(file(relative).toFile())) {
            List<JsonNode> documents = new ArrayList<>();
            Iterator<JsonNode> it = YAML.readValues(parser, JsonNode.class);
            while (it.hasNext()) {
                documents.add(it.next());
            }
            return documents;
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot parse " + relative + " as YAML", e);
        }
    }

    /** A properties file as java.util.Properties (and so Connect) reads it, in a map. */
    static Map<String, String> properties(String relative) {
        Properties properties = new Properties();
        try (Reader reader = Files.newBufferedReader(file(relative), StandardCharsets.UTF_8)) {
            properties.load(reader);
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot read " + relative, e);
        }
        Map<String, String> values = new LinkedHashMap<>();
        properties.stringPropertyNames().forEach(name -> values.put(name, properties.getProperty(name)));
        return values;
    }

    /** The keys on which two configurations differ, as "key: expected X, found Y" (empty when equal). */
    static List<String> differences(Map<String, String> expected, Map<String, String> actual) {
        SortedSet<String> keys = new TreeSet<>(expected.keySet());
        keys.addAll(actual.keySet());
        List<String> differences = new ArrayList<>();
        for (String key : keys) {
            if (!Objects.equals(expected.get(key), actual.get(key))) {
                differences.add(key + ": expected " + expected.get(key) + ", found " + actual.get(key));
            }
        }
        return differences;
    }

    /** A YAML mapping of scalars (a KafkaConnector's spec.config) as Connect sees it: every value a string. */
    static Map<String, String> stringMap(JsonNode mapping, String what) {
        if (mapping == null || !mapping.isObject()) {
            throw new IllegalStateException(what + " is not a mapping");
        }
        Map<String, String> values = new LinkedHashMap<>();
        mapping.properties().forEach(e -> values.put(e.getKey(), e.getValue().asText()));
        return values;
    }
}
