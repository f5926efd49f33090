package org.bgpsentry.daemon;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import org.bgpsentry.analytics.alert.Alert;
import org.bgpsentry.analytics.alert.AlertStatus;
import org.bgpsentry.analytics.alert.AlertType;
import org.bgpsentry.daemon.alert.AlertJson;
import org.bgpsentry.daemon.alert.Receiver;
import org.bgpsentry.daemon.metrics.Prometheus;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The real daemon process ({@code Main run --config}, what {@code bin/bgpsentry run} execs) with
 * every component wired: ExaBGP (127.0.0.52, AS65104) peers with it on loopback, announces a
 * registered prefix correctly, then a more specific with a foreign origin; the webhook receives
 * the firing subprefix_hijack within 1 s of the UPDATE, the API lists it and a real Prometheus
 * sees {@code bgpsentry_alerts_firing} go to 1; the withdrawal delivers the resolved alert.
 */
class EndToEndExabgpTest {
  private static final Path EXABGP = Path.of("/usr/sbin/exabgp");
  private static final String LOCAL = "127.0.0.51";
  private static final String PEER = "127.0.0.52";
  @TempDir Path dir;
  private final HttpClient client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();

  private void command(String line) throws Exception {
    Files.writeString(dir.resolve("commands"), line + "\n", StandardOpenOption.APPEND);
  }

  private JsonNode get(int port, String path) throws Exception {
    HttpResponse<String> r = client.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path)).build(),
        HttpResponse.BodyHandlers.ofString());
    return new ObjectMapper().readTree(r.body());
  }

  private static void await(String what, Duration timeout, BooleanSupplier cond) throws InterruptedException {
    Receiver.await(cond, timeout, what);
  }

  private static boolean has(Receiver r, AlertStatus status) {
    return post(r, status) != null;
  }

  /** The first sub-prefix hijack post with {@code status} (AS 64666 also raises as_path_anomaly). */
  private static Receiver.Post post(Receiver r, AlertStatus status) {
    return r.posts.stream()
        .filter(p -> AlertJson.read(p.body()) instanceof Alert a
            && a.type() == AlertType.SUBPREFIX_HIJACK && a.status() == status)
        .findFirst().orElse(null);
  }

  @Test
  void hijackFromExabgpFiresThenResolvesThroughWebhookApiAndMetrics() throws Exception {
    Assumptions.assumeTrue(Files.isExecutable(EXABGP), "exabgp not installed (apt-get install exabgp); skipping");
    int bgpPort = DaemonTest.freePort();
    int httpPort = DaemonTest.freePort();
    try (Receiver hook = new Receiver()) {
      Files.writeString(dir.resolve("prefixes.yml"), """
          prefixes:
            - {prefix: 203.0.113.0/24, customer: contoso, origin_asns: [65104]}
          """);
      Path config = dir.resolve("bgpsentry.yml");
      Files.writeString(config, """
          bgp: {listen: "%s:%d", local_asn: 65000, router_id: %s}
          peers:
            - {name: exabgp, address: %s, remote_asn: 65104}
          registry: {file: prefixes.yml}
          http: {listen: "127.0.0.1:%d"}
          state_dir: state
          alerts:
            webhooks:
              - {name: noc, url: "%s", format: json}
          """.formatted(LOCAL, bgpPort, LOCAL, PEER, httpPort, hook.uri("/hook")));
      Files.writeString(dir.resolve("commands"), "");
      Files.writeString(dir.resolve("exabgp.conf"), """
          process commands {
            run /usr/bin/tail -s 0.05 -n +1 -F %s;
            encoder text;
          }
          neighbor %s {
            router-id %s;
            local-address %s;
            local-as 65104;
            peer-as 65000;
            connect %d;
            hold-time 30;
            family { ipv4 unicast; }
            api { processes [ commands ]; }
            static {
              route 203.0.113.0/24 next-hop 192.0.2.4 as-path [65104];
            }
          }
          """.formatted(dir.resolve("commands"), LOCAL, PEER, PEER, bgpPort));
      String java = ProcessHandle.current().info().command().orElse("java");
      Process daemon = new ProcessBuilder(java, "-cp", System.getProperty("java.class.path"),
              "org.bgpsentry.daemon.Main", "run", "--config", config.toString())
          .redirectErrorStream(true).redirectOutput(dir.resolve("daemon.log").toFile()).start();
      try (Prometheus prom = Prometheus.installed() ? new Prometheus(dir, httpPort) : null) {
        await("daemon running", Duration.ofSeconds(30), () -> log("daemon.log").contains("bgpsentry running"));
        Process exabgp = new ProcessBuilder("env", "exabgp_daemon_user=root", "exabgp_daemon_drop=false",
                "exabgp_api_cli=false", "exabgp_api_ack=false", "exabgp_tcp_bind=", "exabgp_log_destination=stdout",
                EXABGP.toString(), dir.resolve("exabgp.conf").toString())
            .redirectErrorStream(true).redirectOutput(dir.resolve("exabgp.log").toFile()).start();
        try {
          await("session up and the legitimate route received", Duration.ofSeconds(60),
              () -> routes(httpPort, "203.0.113.0/24") == 1);
          JsonNode peer = get(httpPort, "/api/v1/peers").get("peers").get(0);
          assertThat(peer.get("state").asText()).isEqualTo("established");
          assertThat(peer.get("routes_ipv4").asInt()).isEqualTo(1);
          assertThat(hook.posts).isEmpty();

          command("announce route 203.0.113.128/25 next-hop 192.0.2.4 as-path [65104 64666]");
          await("firing subprefix_hijack delivered", Duration.ofSeconds(30), () -> has(hook, AlertStatus.FIRING));
          Receiver.Post firingPost = post(hook, AlertStatus.FIRING);
          Alert firing = AlertJson.read(firingPost.body());
          // first_seen is when the UPDATE was read; the post arrived within 1 s of it.
          Duration updateToWebhook = Duration.between(firing.firstSeen(), firingPost.at());
          System.out.println("UPDATE read -> webhook received: " + updateToWebhook.toMillis() + " ms");
          assertThat(updateToWebhook).isLessThan(Duration.ofSeconds(1));
          assertThat(firing.key()).isEqualTo("subprefix_hijack|203.0.113.0/24|203.0.113.128/25|64666");
          assertThat(firing.originAsn()).isEqualTo(64666);
          assertThat(firing.customer()).isEqualTo("contoso");
          assertThat(firing.peers()).singleElement().satisfies(p -> assertThat(p.name()).isEqualTo("exabgp"));
          JsonNode listed = get(httpPort, "/api/v1/alerts?status=firing&type=subprefix_hijack").get("alerts");
          assertThat(listed.size()).isEqualTo(1);
          assertThat(listed.get(0).get("id").asText()).isEqualTo(firing.id());
          if (prom != null) {
            prom.awaitValue("bgpsentry_alerts_firing{type=\"subprefix_hijack\"}", "1");
            prom.awaitValue("bgpsentry_alerts_total{type=\"subprefix_hijack\",severity=\"critical\"}", "1");
            prom.awaitValue("bgpsentry_bgp_session_up{peer=\"exabgp\"}", "1");
            prom.awaitValue("bgpsentry_bgp_routes{peer=\"exabgp\",afi=\"ipv4\"}", "2");
          }

          command("withdraw route 203.0.113.128/25 next-hop 192.0.2.4");
          await("resolved subprefix_hijack delivered", Duration.ofSeconds(30), () -> has(hook, AlertStatus.RESOLVED));
          Alert resolved = AlertJson.read(post(hook, AlertStatus.RESOLVED).body());
          assertThat(resolved.id()).isEqualTo(firing.id());
          assertThat(resolved.resolvedAt()).isNotNull();
          if (prom != null) {
            prom.awaitValue("bgpsentry_alerts_firing{type=\"subprefix_hijack\"}", "0");
          }
        } finally {
          exabgp.destroy();
          if (!exabgp.waitFor(10, TimeUnit.SECONDS)) {
            exabgp.destroyForcibly();
          }
        }
      } finally {
        daemon.destroy();
        if (!daemon.waitFor(10, TimeUnit.SECONDS)) {
          daemon.destroyForcibly();
        }
      }
      assertThat(daemon.exitValue()).as("exit code after SIGTERM").isZero();
      assertThat(log("daemon.log")).contains("stopped");
    }
  }

  private String log(String name) {
    try {
      return Files.readString(dir.resolve(name));
    } catch (java.io.IOException e) {
      return "";
    }
  }

  private int routes(int port, String prefix) {
    try {
      return get(port, "/api/v1/routes?prefix=" + prefix).get("routes").size();
    } catch (Exception e) {
      return -1;
    }
  }
}
