package io.brokerconnect.cli.connect;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Locale;

/** The HTTP side of {@link ConnectRestClient}: JSON requests, error bodies turned into exceptions, 409 retries. */
final class ConnectHttp {

    private final URI baseUrl;
    private final Duration requestTimeout;
    private final Duration rebalanceWait;
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();

    ConnectHttp(URI baseUrl, Duration requestTimeout, Duration rebalanceWait) {
        this.baseUrl = baseUrl;
        this.requestTimeout = requestTimeout;
        this.rebalanceWait = rebalanceWait;
    }

    /** The body of a successful response (an empty object when there is none). */
    JsonNode send(String method, String pathAndQuery, JsonNode body) {
        return request(method, pathAndQuery, body).body();
    }

    record Response(int statusCode, JsonNode body) {
    }

    /** Sends one request, retrying a 409 caused by a rebalance; throws ConnectRestException for any other non-2xx. */
    Response request(String method, String pathAndQuery, JsonNode body) {
        String url = baseUrl + pathAndQuery;
        long deadline = System.nanoTime() + rebalanceWait.toNanos();
        long backoffMillis = 250;
        while (true) {
            HttpResponse<String> response = exchange(method, url, body);
            int status = response.statusCode();
            if (status >= 200 && status < 300) {
                return new Response(status, parse(method, url, status, response.body()));
            }
            String message = errorMessage(response.body());
            if (status == 409 && isRetriableConflict(message) && System.nanoTime() < deadline) {
                ConnectRestClient.sleep(Duration.ofMillis(backoffMillis));
                backoffMillis = Math.min(2_000, backoffMillis * 2);
                continue;
            }
            throw new ConnectRestException(method, url, status, message, null);
        }
    }

    private HttpResponse<String> exchange(String method, String url, JsonNode body) {
        HttpRequest.Builder builder = HttpRequest.newBuilder(URI.create(url))
            .timeout(requestTimeout)
            .header("Accept", "application/json");
        if (body != null) {
            builder.header("Content-Type", "application/json")
                .method(method, HttpRequest.BodyPublishers.ofString(body.toString(), StandardCharsets.UTF_8));
        } else {
            builder.method(method, HttpRequest.BodyPublishers.noBody());
        }
        try {
            return http.send(builder.build(), HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new ConnectRestException(method, url, 0, e.toString(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new ConnectRestException(method, url, 0, "interrupted", e);
        }
    }

    /** Connect answers 409 for "rebalance in progress, try again" and for "already exists"; retry only the first. */
    private static boolean isRetriableConflict(String message) {
        String lower = message == null ? "" : message.toLowerCase(Locale.ROOT);
        return !lower.contains("already exists");
    }

    private static JsonNode parse(String method, String url, int status, String text) {
        if (text == null || text.isBlank()) {
            return ConnectJson.MAPPER.createObjectNode();
        }
        try {
            return ConnectJson.MAPPER.readTree(text);
        } catch (JsonProcessingException e) {
            throw new ConnectRestException(method, url, status, "response is not JSON: " + abbreviate(text), e);
        }
    }

    private static String errorMessage(String text) {
        if (text == null || text.isBlank()) {
            return null;
        }
        try {
            JsonNode node = ConnectJson.MAPPER.readTree(text);
            JsonNode message = node.get("message");
            return message != null && !message.isNull() ? message.asText() : abbreviate(text);
        } catch (JsonProcessingException e) {
            return abbreviate(text);
        }
    }

    private static String abbreviate(String text) {
        String flat = text.strip().replaceAll("\\s+", " ");
        return flat.length() <= 300 ? flat : flat.substring(0, 300) + "...";
    }
}
