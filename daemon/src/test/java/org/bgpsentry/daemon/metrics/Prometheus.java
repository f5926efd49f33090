package org.bgpsentry.daemon.metrics;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.net.ServerSocket;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.TimeUnit;

/**
 * A real Prometheus (Debian package {@code prometheus}) on loopback scraping one target every
 * second; stopped by PID on close.
 */
public final class Prometheus implements AutoCloseable {
  public static final Path BINARY = Path.of("/usr/bin/prometheus");
  private final Process process;
  private final int port;
  private final HttpClient client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();

  /**
   * Prometheus listens on an address of its own: on 127.0.0.1 the port found free could become
   * the local port of any outgoing loopback connection on the machine before Prometheus binds it.
   */
  static final String HOST = "127.0.0.91";

  /** Starts scraping {@code 127.0.0.1:targetPort} (job {@code bgpsentry}) with its data in {@code dir}. */
  public Prometheus(Path dir, int targetPort) throws Exception {
    this(dir, "127.0.0.1", targetPort);
  }

  /** Starts scraping {@code targetHost:targetPort} (job {@code bgpsentry}) with its data in {@code dir}. */
  public Prometheus(Path dir, String targetHost, int targetPort) throws Exception {
    try (ServerSocket s = new ServerSocket(0, 1, java.net.InetAddress.getByName(HOST))) {
      port = s.getLocalPort();
    }
    Path config = dir.resolve("prometheus.yml");
    Files.writeString(config, """
        global: {scrape_interval: 1s, evaluation_interval: 1s}
        scrape_configs:
          - job_name: bgpsentry
            static_configs: [{targets: ["%s:%d"]}]
        """.formatted(targetHost, targetPort));
    process = new ProcessBuilder(BINARY.toString(), "--config.file=" + config,
            "--storage.tsdb.path=" + dir.resolve("tsdb"), "--web.listen-address=" + HOST + ":" + port)
        .redirectErrorStream(true).redirectOutput(dir.resolve("prometheus.log").toFile()).start();
  }

  public static boolean installed() {
    return Files.isExecutable(BINARY);
  }

  private JsonNode query(String promql) throws Exception {
    URI u = URI.create("http://" + HOST + ":" + port + "/api/v1/query?query=" + URLEncoder.encode(promql, StandardCharsets.UTF_8));
    HttpResponse<String> r = client.send(HttpRequest.newBuilder(u).build(), HttpResponse.BodyHandlers.ofString());
    return new ObjectMapper().readTree(r.body()).path("data").path("result");
  }

  /**
   * Polls (up to 60 s: the first call also waits for Prometheus to start and scrape) until {@code
   * promql} returns one series with value {@code expected}.
   */
  public void awaitValue(String promql, String expected) throws Exception {
    long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
    String last = null;
    while (true) {
      try {
        JsonNode res = query(promql);
        if (res.size() == 1) {
          last = res.get(0).path("value").get(1).asText();
          if (last.equals(expected)) {
            return;
          }
        }
      } catch (java.io.IOException e) {
        last = e.toString();
      }
      assertThat(System.nanoTime()).as("Prometheus: " + promql + " == " + expected + " (last: " + last + ")").isLessThan(deadline);
      Thread.sleep(200);
    }
  }

  @Override
  public void close() throws InterruptedException {
    process.destroy();
    if (!process.waitFor(10, TimeUnit.SECONDS)) {
      process.destroyForcibly();
    }
    client.close();
  }
}
