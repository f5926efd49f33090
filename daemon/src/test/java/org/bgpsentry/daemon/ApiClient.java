package org.bgpsentry.daemon;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.function.IntSupplier;

/**
 * The daemon's HTTP API on a loopback address (127.0.0.1 unless told) for tests. A daemon that
 * does not answer (still starting, already stopped) reads as an empty body, an empty JSON object
 * or status -1, so a wait can poll through start-up.
 */
final class ApiClient {
  private static final ObjectMapper JSON = new ObjectMapper();
  private final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
  private final String host;
  private final IntSupplier port;

  /** @param port read on every request (the port may be known only once the daemon runs) */
  ApiClient(IntSupplier port) {
    this("127.0.0.1", port);
  }

  ApiClient(String host, IntSupplier port) {
    this.host = host;
    this.port = port;
  }

  private URI uri(String path) {
    return URI.create("http://" + host + ":" + port.getAsInt() + path);
  }

  /** The body of {@code GET path}, "" when the daemon does not answer. */
  String text(String path) {
    try {
      return http.send(HttpRequest.newBuilder(uri(path)).build(), HttpResponse.BodyHandlers.ofString()).body();
    } catch (IOException e) {
      return "";
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return "";
    }
  }

  /** {@code GET path} as JSON, an empty object when the daemon does not answer. */
  JsonNode json(String path) {
    try {
      String body = text(path);
      return body.isEmpty() ? JSON.createObjectNode() : JSON.readTree(body);
    } catch (IOException e) {
      return JSON.createObjectNode();
    }
  }

  /** The status of {@code GET path}, -1 when the daemon does not answer. */
  int status(String path) {
    try {
      return http.send(HttpRequest.newBuilder(uri(path)).build(), HttpResponse.BodyHandlers.discarding()).statusCode();
    } catch (IOException e) {
      return -1;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return -1;
    }
  }

  /** The status of {@code POST path} with a JSON body. */
  int post(String path, String body) throws IOException, InterruptedException {
    return http.send(HttpRequest.newBuilder(uri(path)).header("Content-Type", "application/json")
        .POST(HttpRequest.BodyPublishers.ofString(body)).build(), HttpResponse.BodyHandlers.discarding()).statusCode();
  }

  /** The status of {@code DELETE path}. */
  int delete(String path) throws IOException, InterruptedException {
    return http.send(HttpRequest.newBuilder(uri(path)).DELETE().build(), HttpResponse.BodyHandlers.discarding())
        .statusCode();
  }

  /** The /metrics lines starting with {@code name}. */
  String metricLines(String name) {
    return String.join("\n", text("/metrics").lines().filter(l -> l.startsWith(name)).toList());
  }

  /** One sample's value from /metrics, 0 when absent. */
  double metric(String series) {
    for (String line : text("/metrics").lines().toList()) {
      if (line.startsWith(series + " ")) {
        return Double.parseDouble(line.substring(series.length() + 1).trim());
      }
    }
    return 0;
  }
}
