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
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import org.bgpsentry.analytics.alert.Alert;
import org.bgpsentry.analytics.alert.AlertStatus;
import org.bgpsentry.analytics.alert.AlertType;
import org.bgpsentry.daemon.alert.AlertJson;
import org.bgpsentry.daemon.alert.Receiver;
import org.bgpsentry.daemon.metrics.Prometheus;
import org.bgpsentry.daemon.session.Exabgp;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The real daemon process ({@code Main run --config}, what {@code bin/bgpsentry run} execs) with
 * every component wired: BIRD (127.0.0.53, AS65101, transit) and ExaBGP (127.0.0.52, AS65104,
 * the origin) peer with it on loopback and announce a registered prefix correctly; then ExaBGP
 * announces a more specific with a foreign origin; the webhook receives
 * the firing subprefix_hijack within 1 s of the UPDATE, the API lists it and a real Prometheus
 * sees {@code bgpsentry_alerts_firing} go to 1; the withdrawal delivers the resolved alert.
 */
class EndToEndTest {
  private static final Path EXABGP = Path.of("/usr/sbin/exabgp");
  private static final String LOCAL = "127.0.0.51";
  private static final String PEER = "127.0.0.52";
  private static final Path BIRD = Path.of("/usr/sbin/bird");
  private static final String BIRD_PEER = "127.0.0.53";
  @TempDir Path dir;
  private final HttpClient client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();

  private JsonNode get(int port, String path) throws Exception {
    HttpResponse<String> r = client.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path)).build(),
        HttpResponse.BodyHandlers.ofString());
    return new ObjectMapper().readTree(r.body());
  }

  private static void await(String what, Duration timeout, BooleanSupplier cond) throws InterruptedException {
    Receiver.await(cond, timeout, what);
  }

  private static boolean has(Receiver r, AlertStatus status) {
    return r.posts.stream().map(p -> AlertJson.read(p.body()))
        .anyMatch(a -> a.type() == AlertType.SUBPREFIX_HIJACK && a.status() == status);
  }

  @Test
  void hijackFiresThenResolvesThroughWebhookApiAndPrometheus() throws Exception {
    Assumptions.assumeTrue(Files.isExecutable(EXABGP), "exabgp not installed (apt-get install exabgp); skipping");
    Assumptions.assumeTrue(Files.isExecutable(BIRD), "bird not installed (apt-get install bird2); skipping");
    int bgpPort = DaemonTest.freePort();
    int httpPort = DaemonTest.freePort();
    try (Receiver hook = new Receiver()) {
      Files.writeString(dir.resolve("prefixes.yml"), """
          prefixes:
            - {prefix: 203.0.113.0/24, customer: contoso, origin_asns: [65104]}
          """);
      Files.writeString(dir.resolve("vrps.json"), """
          {"metadata": {"buildtime": "%s"},
           "roas": [{"prefix": "203.0.113.0/24", "maxLength": 24, "asn": "AS65104"}]}
          """.formatted(java.time.Instant.now()));
      Path config = dir.resolve("bgpsentry.yml");
      Files.writeString(config, """
          bgp: {listen: "%s:%d", local_asn: 65000, router_id: %s}
          peers:
            - {name: exabgp, address: %s, remote_asn: 65104}
            - {name: bird, address: %s, remote_asn: 65101}
          registry: {file: prefixes.yml}
          rpki: {vrp_file: vrps.json}
          http: {listen: "127.0.0.1:%d"}
          state_dir: state
          alerts:
            webhooks:
              - {name: noc, url: "%s", format: json}
          """.formatted(LOCAL, bgpPort, LOCAL, PEER, BIRD_PEER, httpPort, hook.uri("/hook")));
      // BIRD carries the legitimate route as a transit: AS path [65101 65104]. It listens on a
      // free port of its own: with another speaker holding port 179, BIRD would not start the
      // protocol ("No listening socket").
      Files.writeString(dir.resolve("bird.conf"), """
          router id %s;
          protocol device {}
          protocol static s4 { ipv4; route 203.0.113.0/24 blackhole; }
          protocol bgp sentry {
            local %s port %d as 65101;
            neighbor %s port %d as 65000;
            multihop;
            connect retry time 1;
            error wait time 1, 2;
            ipv4 { import none; next hop address 192.0.2.1;
                   export filter { bgp_path.prepend(65104); accept; }; };
          }
          """.formatted(BIRD_PEER, BIRD_PEER, DaemonTest.freePort(), LOCAL, bgpPort));
      String java = ProcessHandle.current().info().command().orElse("java");
      Process daemon = new ProcessBuilder(java, "-cp", System.getProperty("java.class.path"),
              "org.bgpsentry.daemon.Main", "run", "--config", config.toString())
          .redirectErrorStream(true).redirectOutput(dir.resolve("daemon.log").toFile()).start();
      try (Prometheus prom = Prometheus.installed() ? new Prometheus(dir, httpPort) : null) {
        await("daemon running", Duration.ofSeconds(30), () -> log("daemon.log").contains("bgpsentry running"));
        Process bird = new ProcessBuilder(BIRD.toString(), "-c", dir.resolve("bird.conf").toString(),
                "-s", dir.resolve("bird.ctl").toString(), "-P", dir.resolve("bird.pid").toString(), "-f")
            .redirectErrorStream(true).redirectOutput(dir.resolve("bird.log").toFile()).start();
        Exabgp exabgp = Exabgp.start(dir, PEER, 65104, LOCAL, 65000, bgpPort, "ipv4 unicast;",
            "    route 203.0.113.0/24 next-hop 192.0.2.4 as-path [65104];");
        try {
          await("both sessions up and the legitimate route received from each", Duration.ofSeconds(60),
              () -> routes(httpPort, "203.0.113.0/24") == 2);
          JsonNode route = get(httpPort, "/api/v1/routes?prefix=203.0.113.0/24&peer=exabgp").get("routes").get(0);
          assertThat(route.get("peer").asText()).isEqualTo("exabgp");
          assertThat(route.get("next_hop").asText()).isEqualTo("192.0.2.4");
          assertThat(route.get("as_path").toString()).isEqualTo("[65104]");
          assertThat(route.get("rpki_state").asText()).isEqualTo("valid");
          JsonNode viaBird = get(httpPort, "/api/v1/routes?prefix=203.0.113.0/24&peer=bird").get("routes").get(0);
          assertThat(viaBird.get("as_path").toString()).isEqualTo("[65101,65104]");
          assertThat(viaBird.get("rpki_state").asText()).isEqualTo("valid");
          for (JsonNode peer : get(httpPort, "/api/v1/peers").get("peers")) {
            assertThat(peer.get("state").asText()).as(peer.toString()).isEqualTo("established");
            assertThat(peer.get("routes_ipv4").asInt()).as(peer.toString()).isEqualTo(1);
          }
          assertThat(hook.posts).isEmpty();
          await("prefix status: visible at both peers, best path [65104]", Duration.ofSeconds(20), () -> {
            JsonNode st = prefixStatus(httpPort);
            return st != null && st.get("visible_peers").size() == 2
                && st.get("best_path").toString().equals("[65104]");
          });

          exabgp.command("announce route 203.0.113.128/25 next-hop 192.0.2.4 as-path [65104 17557]");
          await("firing subprefix_hijack delivered", Duration.ofSeconds(30), () -> has(hook, AlertStatus.FIRING));
          Receiver.Post post = hook.posts.stream()
              .filter(p -> AlertJson.read(p.body()).type() == AlertType.SUBPREFIX_HIJACK).findFirst().orElseThrow();
          Alert firing = AlertJson.read(post.body());
          // first_seen is when the UPDATE was read; the post arrived within 1 s of it.
          Duration updateToWebhook = Duration.between(firing.firstSeen(), post.at());
          System.out.println("UPDATE read -> webhook received: " + updateToWebhook.toMillis() + " ms; "
              + metricsText(httpPort).lines().filter(l -> l.startsWith("bgpsentry_update_to_alert_seconds_sum")).toList());
          assertThat(updateToWebhook).isLessThan(Duration.ofSeconds(1));
          assertThat(firing.key()).isEqualTo("subprefix_hijack|203.0.113.0/24|203.0.113.128/25|17557");
          assertThat(firing.originAsn()).isEqualTo(17557);
          assertThat(firing.customer()).isEqualTo("contoso");
          assertThat(firing.peers()).singleElement().satisfies(p -> assertThat(p.name()).isEqualTo("exabgp"));
          JsonNode hijacked = get(httpPort, "/api/v1/routes?prefix=203.0.113.0/24&more_specifics=true").get("routes");
          assertThat(hijacked.findValuesAsText("rpki_state")).contains("invalid");
          JsonNode listed = get(httpPort, "/api/v1/alerts?status=firing&type=subprefix_hijack").get("alerts");
          assertThat(prefixStatus(httpPort).get("open_alerts").toString()).contains(firing.id());
          assertThat(listed.size()).isEqualTo(1);
          assertThat(listed.get(0).get("id").asText()).isEqualTo(firing.id());
          if (prom != null) {
            prom.awaitValue("bgpsentry_alerts_firing{type=\"subprefix_hijack\"}", "1");
            prom.awaitValue("bgpsentry_alerts_total{type=\"subprefix_hijack\",severity=\"critical\"}", "1");
            prom.awaitValue("bgpsentry_bgp_session_up{peer=\"exabgp\"}", "1");
            prom.awaitValue("bgpsentry_rpki_vrps{afi=\"ipv4\"}", "1");
            prom.awaitValue("bgpsentry_bgp_routes{peer=\"exabgp\",afi=\"ipv4\"}", "2");
            prom.awaitValue("bgpsentry_prefix_visible_peers{prefix=\"203.0.113.0/24\"}", "2");
            prom.awaitValue("bgpsentry_bgp_routes{peer=\"bird\",afi=\"ipv4\"}", "1");
            prom.awaitValue("bgpsentry_prefix_best_path_length{prefix=\"203.0.113.0/24\"}", "1");
            prom.awaitValue("bgpsentry_update_to_alert_seconds_count > bool 0", "1");
            prom.awaitValue("histogram_quantile(1, bgpsentry_update_to_alert_seconds_bucket) < bool 1", "1");
          }

          exabgp.command("withdraw route 203.0.113.128/25 next-hop 192.0.2.4");
          await("resolved subprefix_hijack delivered", Duration.ofSeconds(30), () -> has(hook, AlertStatus.RESOLVED));
          Alert resolved = hook.posts.stream().map(p -> AlertJson.read(p.body()))
              .filter(a -> a.type() == AlertType.SUBPREFIX_HIJACK && a.status() == AlertStatus.RESOLVED).findFirst().orElseThrow();
          assertThat(resolved.id()).isEqualTo(firing.id());
          assertThat(resolved.resolvedAt()).isNotNull();
          if (prom != null) {
            prom.awaitValue("bgpsentry_alerts_firing{type=\"subprefix_hijack\"}", "0");
          }
        } finally {
          exabgp.close();
          bird.destroy();
          if (!bird.waitFor(10, TimeUnit.SECONDS)) {
            bird.destroyForcibly();
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

  private String metricsText(int port) throws Exception {
    return client.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/metrics")).build(),
        HttpResponse.BodyHandlers.ofString()).body();
  }

  private JsonNode prefixStatus(int port) {
    try {
      return get(port, "/api/v1/prefixes").get("prefixes").get(0).get("status");
    } catch (Exception e) {
      return null;
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
