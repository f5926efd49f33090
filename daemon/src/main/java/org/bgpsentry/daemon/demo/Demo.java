package org.bgpsentry.daemon.demo;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.LocalTime;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.bgpsentry.codec.model.nlri.IpAddress;
import org.bgpsentry.daemon.Daemon;
import org.bgpsentry.daemon.DaemonComponent;
import sun.misc.Signal;

/**
 * {@code bgpsentry demo}: writes the embedded config to a temporary directory, starts the real
 * daemon on it, a webhook receiver that prints what the daemon delivers, and the {@link
 * SimulatedPeer}; then prints a live summary read from the daemon's own API until Ctrl-C.
 */
public final class Demo {
  private static final ObjectMapper JSON = new ObjectMapper();

  private final InetSocketAddress bgp;
  private final InetSocketAddress http;
  private final Path stateDir;
  private final Duration pause;
  private final PrintStream out;
  private final List<DaemonComponent> components;
  private final Set<String> delivered = ConcurrentHashMap.newKeySet();
  private final HttpClient client = HttpClient.newHttpClient();
  /** The summary is printed when it changes, else every 30 s. */
  private String lastSummary = "";
  private long lastSummaryAt;

  /** @param components what {@code run} plugs into the daemon (sessions, detection, latency) */
  public Demo(
      InetSocketAddress bgp,
      InetSocketAddress http,
      Path stateDir,
      Duration pause,
      PrintStream out,
      List<DaemonComponent> components) {
    this.components = components;
    this.bgp = bgp;
    this.http = http;
    this.stateDir = stateDir;
    this.pause = pause;
    this.out = out;
  }

  /**
   * Runs until SIGINT/SIGTERM, or with {@code exitWhenDone} until both injected incidents fired
   * and resolved at the webhook; returns false when that did not happen within two minutes.
   */
  public boolean run(boolean exitWhenDone) throws Exception {
    Path dir = Files.createTempDirectory("bgpsentry-demo");
    HttpServer webhook = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
    webhook.createContext("/hooks/bgp", ex -> {
      try (InputStream body = ex.getRequestBody()) {
        printDelivered(JSON.readTree(body));
      }
      ex.sendResponseHeaders(204, -1);
      ex.close();
    });
    webhook.start();
    Path config = writeConfig(dir, webhook.getAddress().getPort());
    CountDownLatch stop = new CountDownLatch(1);
    Signal.handle(new Signal("INT"), s -> stop.countDown());
    Signal.handle(new Signal("TERM"), s -> stop.countDown());
    Daemon.Loaded loaded = Daemon.load(config);
    String api = "http://" + http.getHostString() + ":" + http.getPort();
    Daemon daemon = new Daemon(loaded.config(), loaded.registry(), components);
    SimulatedPeer peer =
        new SimulatedPeer(
            bgp,
            new InetSocketAddress("127.0.0.2", 0),
            DemoScenario.PEER_ASN,
            IpAddress.parse("193.203.0.1"),
            DemoScenario.steps(pause),
            line -> out.println(time() + line));
    out.println("bgpsentry demo: status page at " + api + "/ (open it in a browser)");
    try {
      daemon.start();
      banner(api, dir);
      peer.start();
      long deadline = System.nanoTime() + TimeUnit.MINUTES.toNanos(2);
      while (!stop.await(3, TimeUnit.SECONDS)) {
        summary(api);
        if (exitWhenDone && done()) {
          out.println(time() + "demo: the hijack and the leak fired and resolved; stopping");
          return true;
        }
        if (exitWhenDone && System.nanoTime() > deadline) {
          out.println(time() + "demo: incidents did not fire and resolve within 2 minutes");
          return false;
        }
      }
      out.println(time() + "demo: stopping");
      return true;
    } finally {
      daemon.close(); // before the peer, so its session ending raises no peer_down
      peer.close();
      webhook.stop(0);
      deleteRecursively(dir);
    }
  }

  private static void deleteRecursively(Path dir) throws IOException {
    try (var paths = Files.walk(dir)) {
      for (Path p : paths.sorted(java.util.Comparator.reverseOrder()).toList()) {
        Files.deleteIfExists(p);
      }
    }
  }

  private boolean done() {
    return delivered.containsAll(
        Set.of("firing subprefix_hijack", "resolved subprefix_hijack", "firing route_leak", "resolved route_leak"));
  }

  private Path writeConfig(Path dir, int webhookPort) throws IOException {
    String yml =
        resource("/demo/bgpsentry.yml")
            .replace("${BGP_PORT}", Integer.toString(bgp.getPort()))
            .replace("${HTTP_PORT}", Integer.toString(http.getPort()))
            .replace("${WEBHOOK_PORT}", Integer.toString(webhookPort))
            .replace("${STATE_DIR}", (stateDir != null ? stateDir : dir.resolve("state")).toString());
    Files.writeString(dir.resolve("prefixes.yml"), resource("/demo/prefixes.yml"));
    Path config = dir.resolve("bgpsentry.yml");
    Files.writeString(config, yml);
    return config;
  }

  private static String resource(String name) {
    try (InputStream in = Demo.class.getResourceAsStream(name)) {
      if (in == null) {
        throw new IllegalStateException(name + " missing from the jar");
      }
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private void banner(String api, Path dir) {
    out.println();
    out.println("bgpsentry demo: the daemon is running on an embedded config (" + dir.resolve("bgpsentry.yml") + ")");
    out.println("  status page " + api + "/");
    out.println("  BGP        127.0.0.1:" + bgp.getPort() + "  (a simulated router, AS1853, connects from 127.0.0.2)");
    out.println("  metrics    " + api + "/metrics");
    out.println("  peers      " + api + "/api/v1/peers");
    out.println("  prefixes   " + api + "/api/v1/prefixes");
    out.println("  alerts     " + api + "/api/v1/alerts");
    out.println("  routes     " + api + "/api/v1/routes?prefix=18.0.0.0/8&more_specifics=true");
    out.println("Press Ctrl-C to stop.");
    out.println();
  }

  private void printDelivered(JsonNode alert) {
    String status = alert.path("status").asText();
    String type = alert.path("type").asText();
    delivered.add(status + " " + type);
    out.println(
        time() + "webhook <- " + status.toUpperCase(java.util.Locale.ROOT) + " " + alert.path("severity").asText()
            + " " + type + ": " + alert.path("summary").asText());
  }

  private void summary(String api) {
    try {
      JsonNode peers = get(api + "/api/v1/peers").path("peers");
      JsonNode alerts = get(api + "/api/v1/alerts").path("alerts");
      int established = 0;
      long routes = 0;
      for (JsonNode p : peers) {
        established += "established".equalsIgnoreCase(p.path("state").asText()) ? 1 : 0;
        routes += p.path("routes_ipv4").asLong() + p.path("routes_ipv6").asLong();
      }
      int firing = 0;
      int resolved = 0;
      for (JsonNode a : alerts) {
        if ("firing".equals(a.path("status").asText())) {
          firing++;
        } else {
          resolved++;
        }
      }
      String line =
          String.format(
              "sessions %d/%d established | routes %,d | alerts firing %d, resolved %d",
              established, peers.size(), routes, firing, resolved);
      long now = System.nanoTime();
      if (!line.equals(lastSummary) || now - lastSummaryAt > TimeUnit.SECONDS.toNanos(30)) {
        out.println(time() + line);
        lastSummary = line;
        lastSummaryAt = now;
      }
    } catch (IOException e) {
      out.println(time() + "API not answering yet: " + e.getMessage());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  private JsonNode get(String url) throws IOException, InterruptedException {
    HttpResponse<String> r =
        client.send(
            HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(10)).build(),
            HttpResponse.BodyHandlers.ofString());
    return JSON.readTree(r.body());
  }

  private static String time() {
    return "[" + LocalTime.now().truncatedTo(ChronoUnit.SECONDS) + "] ";
  }
}
