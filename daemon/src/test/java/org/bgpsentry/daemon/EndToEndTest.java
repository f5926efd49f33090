package org.bgpsentry.daemon;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import org.bgpsentry.analytics.alert.Alert;
import org.bgpsentry.analytics.alert.AlertStatus;
import org.bgpsentry.analytics.alert.AlertType;
import org.bgpsentry.codec.model.nlri.Prefix;
import org.bgpsentry.daemon.alert.AlertJson;
import org.bgpsentry.daemon.alert.Receiver;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The whole daemon in-process (every component as {@code bgpsentry run} wires them), with two
 * {@link ScriptedPeer}s on loopback, so it needs no external daemon: the details the API and
 * /metrics show along a hijack and its resolution. The origin (127.0.0.52, AS 65104) and a
 * transit (127.0.0.53, AS 65101, path [65101 65104]) announce the registered 203.0.113.0/24; the
 * origin then announces 203.0.113.128/25 from AS 17557 and withdraws it. Checked: each peer's
 * route (next hop, AS path, RPKI state), the prefix status (visible peers, best path, open
 * alerts), every field of the firing and resolved alert at the webhook, the alert list, the
 * metrics text, and the Cease/Administrative Shutdown with its RFC 9003 message on close.
 *
 * <p>{@link EndToEndIT} runs the same story through the launcher with BIRD, ExaBGP and a real
 * Prometheus: the 1 s UPDATE-to-webhook bound, what Prometheus scrapes, SIGTERM's exit code.
 */
class EndToEndTest {
  private static final String LOCAL = "127.0.0.51";
  private static final String ORIGIN = "127.0.0.52";
  private static final String TRANSIT = "127.0.0.53";
  private static final Prefix REGISTERED = Prefix.parse("203.0.113.0/24");
  private static final Prefix HIJACK = Prefix.parse("203.0.113.128/25");
  private static final Duration WAIT = Duration.ofSeconds(30);

  @TempDir Path dir;
  private int httpPort;
  private final ApiClient api = new ApiClient(() -> httpPort);
  private boolean closed;

  @Test
  void hijackFiresThenResolvesWithEveryDetailInTheApiMetricsAndWebhook() throws Exception {
    int bgpPort = DaemonTest.freePort(LOCAL);
    try (Receiver hook = new Receiver()) {
      Files.writeString(dir.resolve("prefixes.yml"), """
          prefixes:
            - {prefix: 203.0.113.0/24, customer: contoso, origin_asns: [65104]}
          """);
      Files.writeString(dir.resolve("vrps.json"), """
          {"metadata": {"buildtime": "%s"},
           "roas": [{"prefix": "203.0.113.0/24", "maxLength": 24, "asn": "AS65104"}]}
          """.formatted(Instant.now()));
      Files.writeString(dir.resolve("bgpsentry.yml"), """
          bgp: {listen: "%s:%d", local_asn: 65000, router_id: %s}
          peers:
            - {name: origin, address: %s, remote_asn: 65104}
            - {name: transit, address: %s, remote_asn: 65101}
          registry: {file: prefixes.yml}
          rpki: {vrp_file: vrps.json}
          http: {listen: "127.0.0.1:0"}
          state_dir: state
          alerts:
            webhooks:
              - {name: noc, url: "%s", format: json}
          """.formatted(LOCAL, bgpPort, LOCAL, ORIGIN, TRANSIT, hook.uri("/hook")));
      Daemon daemon = Daemons.startWithSessions(dir.resolve("bgpsentry.yml"));
      httpPort = daemon.httpAddress().getPort();
      try (ScriptedPeer origin = new ScriptedPeer(ORIGIN, LOCAL, bgpPort, 65104);
          ScriptedPeer transit = new ScriptedPeer(TRANSIT, LOCAL, bgpPort, 65101)) {
        Receiver.await(() -> origin.established() && transit.established(), WAIT, "both sessions Established");
        origin.announce(REGISTERED, "192.0.2.4", 65104);
        transit.announce(REGISTERED, "192.0.2.1", 65101, 65104);
        Receiver.await(() -> api.json("/api/v1/routes?prefix=203.0.113.0/24").path("routes").size() == 2, WAIT,
            "the registered prefix from both peers");

        JsonNode viaOrigin = api.json("/api/v1/routes?prefix=203.0.113.0/24&peer=origin").path("routes").get(0);
        assertThat(viaOrigin.path("next_hop").asText()).isEqualTo("192.0.2.4");
        assertThat(viaOrigin.path("as_path").toString()).isEqualTo("[65104]");
        assertThat(viaOrigin.path("origin_asn").asLong()).isEqualTo(65104);
        assertThat(viaOrigin.path("rpki_state").asText()).isEqualTo("valid");
        JsonNode viaTransit = api.json("/api/v1/routes?prefix=203.0.113.0/24&peer=transit").path("routes").get(0);
        assertThat(viaTransit.path("as_path").toString()).isEqualTo("[65101,65104]");
        assertThat(viaTransit.path("rpki_state").asText()).isEqualTo("valid");
        for (JsonNode peer : api.json("/api/v1/peers").path("peers")) {
          assertThat(peer.path("state").asText()).as(peer.toString()).isEqualTo("established");
          assertThat(peer.path("routes_ipv4").asInt()).as(peer.toString()).isEqualTo(1);
        }
        Receiver.await(() -> status().path("visible_peers").size() == 2
            && status().path("best_path").toString().equals("[65104]"), WAIT,
            "prefix status: visible at both peers, best path [65104]");
        assertThat(hook.posts).as("nothing fires while the prefix is announced correctly").isEmpty();

        origin.announce(HIJACK, "192.0.2.4", 65104, 17557);
        Receiver.await(() -> find(hook, AlertStatus.FIRING) != null, WAIT, "the firing subprefix_hijack");
        Alert firing = find(hook, AlertStatus.FIRING);
        assertThat(firing.key()).isEqualTo("subprefix_hijack|203.0.113.0/24|203.0.113.128/25|17557");
        assertThat(firing.originAsn()).isEqualTo(17557);
        assertThat(firing.customer()).isEqualTo("contoso");
        assertThat(firing.expectedOrigins()).containsExactly(65104L);
        assertThat(firing.asPath()).containsExactly(65104L, 17557L);
        assertThat(firing.peers()).singleElement().satisfies(p -> assertThat(p.name()).isEqualTo("origin"));
        assertThat(firing.firstSeen()).isNotNull();
        assertThat(api.json("/api/v1/routes?prefix=203.0.113.0/24&more_specifics=true").path("routes")
            .findValuesAsText("rpki_state")).containsExactlyInAnyOrder("valid", "valid", "invalid");
        JsonNode listed = api.json("/api/v1/alerts?status=firing&type=subprefix_hijack").path("alerts");
        assertThat(listed).hasSize(1);
        assertThat(listed.get(0).path("id").asText()).isEqualTo(firing.id());
        assertThat(status().path("open_alerts").toString()).contains(firing.id());
        String metrics = api.text("/metrics");
        assertThat(metrics)
            .contains("bgpsentry_alerts_firing{type=\"subprefix_hijack\"} 1.0")
            .contains("bgpsentry_alerts_total{severity=\"critical\",type=\"subprefix_hijack\"} 1.0")
            .contains("bgpsentry_bgp_routes{afi=\"ipv4\",peer=\"origin\"} 2.0")
            .contains("bgpsentry_bgp_routes{afi=\"ipv4\",peer=\"transit\"} 1.0")
            .contains("bgpsentry_prefix_visible_peers{prefix=\"203.0.113.0/24\"} 2.0")
            .contains("bgpsentry_prefix_best_path_length{prefix=\"203.0.113.0/24\"} 1.0")
            .contains("bgpsentry_rpki_vrps{afi=\"ipv4\"} 1.0")
            .contains("bgpsentry_bgp_session_up{peer=\"transit\"} 1.0")
            .containsPattern("bgpsentry_update_to_alert_seconds_count [1-9]");

        origin.withdraw(HIJACK);
        Receiver.await(() -> find(hook, AlertStatus.RESOLVED) != null, WAIT, "the resolved subprefix_hijack");
        Alert resolved = find(hook, AlertStatus.RESOLVED);
        assertThat(resolved.id()).isEqualTo(firing.id());
        assertThat(resolved.resolvedAt()).isNotNull().isAfterOrEqualTo(firing.firstSeen());
        Receiver.await(() -> api.text("/metrics").contains("bgpsentry_alerts_firing{type=\"subprefix_hijack\"} 0.0"), WAIT,
            "alerts_firing back to 0");
        assertThat(api.json("/api/v1/alerts?status=firing").path("alerts")).isEmpty();

        daemon.close();
        closed = true;
        for (ScriptedPeer p : List.of(origin, transit)) {
          Receiver.await(p::closedByDaemon, WAIT, "the daemon closing the session");
          assertThat(p.notifications()).singleElement().satisfies(n -> {
            assertThat(n[0]).as("Cease").isEqualTo((byte) 6);
            assertThat(n[1]).as("Administrative Shutdown").isEqualTo((byte) 2);
            // RFC 9003 §2: a length octet, then the UTF-8 message
            assertThat(new String(Arrays.copyOfRange(n, 3, 3 + n[2]), StandardCharsets.UTF_8))
                .isEqualTo("bgpsentry shutting down");
          });
        }
      } finally {
        if (!closed) {
          daemon.close();
        }
      }
    }
  }

  private static Alert find(Receiver hook, AlertStatus status) {
    return hook.posts.stream().map(p -> AlertJson.read(p.body()))
        .filter(a -> a.type() == AlertType.SUBPREFIX_HIJACK && a.status() == status).findFirst().orElse(null);
  }

  private JsonNode status() {
    return api.json("/api/v1/prefixes").path("prefixes").path(0).path("status");
  }
}
