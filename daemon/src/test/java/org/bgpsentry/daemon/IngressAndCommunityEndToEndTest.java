package org.bgpsentry.daemon;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.bgpsentry.analytics.alert.Alert;
import org.bgpsentry.analytics.alert.AlertStatus;
import org.bgpsentry.daemon.alert.AlertJson;
import org.bgpsentry.daemon.alert.Receiver;
import org.bgpsentry.daemon.session.Exabgp;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * docs/alerts.md suboptimal_path rule {@code ingress_location} and {@code community_missing}
 * end to end: the whole daemon in-process with two real ExaBGP peers standing at different
 * {@code location}s, a registered prefix expected to enter in Washington and to carry 65104:100,
 * and a real webhook receiver. P first reaches only the Virginia peer (fires), then the Washington
 * peer with an equally short path (resolves); the Washington route then loses the community
 * (community_missing fires) and gets it back (resolves). The receiver gets both transitions of
 * each alert, and /api/v1/prefixes shows the ingress status along the way.
 */
class IngressAndCommunityEndToEndTest {
  private static final String LOCAL = "127.0.0.60";
  private static final String FAR = "127.0.0.61";
  private static final String NEAR = "127.0.0.62";
  private static final Duration WAIT = Duration.ofSeconds(60);
  private static final String INGRESS_KEY = "suboptimal_path|203.0.113.0/24|203.0.113.0/24|ingress_location";
  private static final String COMMUNITY_KEY = "community_missing|203.0.113.0/24|203.0.113.0/24|";

  @TempDir Path dir;
  private int httpPort;
  private final ApiClient api = new ApiClient(() -> httpPort);

  @Test
  void ingressLocationAndCommunityMissingFireAndResolveAtTheWebhook() throws Exception {
    int bgpPort = DaemonTest.freePort(LOCAL);
    try (Receiver hook = new Receiver()) {
      Files.writeString(dir.resolve("prefixes.yml"), """
          prefixes:
            - prefix: 203.0.113.0/24
              customer: contoso
              location: Washington
              origin_asns: [65104]
              communities: ["65104:100"]
          """);
      Files.writeString(dir.resolve("bgpsentry.yml"), """
          bgp: {listen: "%s:%d", local_asn: 65000, router_id: %s}
          peers:
            - {name: iad, address: %s, remote_asn: 65201, location: Virginia}
            - {name: sea, address: %s, remote_asn: 65202, location: Washington}
          registry: {file: prefixes.yml}
          http: {listen: "127.0.0.1:0"}
          state_dir: state
          alerts:
            webhooks:
              - {name: noc, url: "%s", format: json}
          """.formatted(LOCAL, bgpPort, LOCAL, FAR, NEAR, hook.uri("/hook")));
      Daemon daemon = Daemons.startWithSessions(dir.resolve("bgpsentry.yml"));
      httpPort = daemon.httpAddress().getPort();
      Files.createDirectories(dir.resolve("far"));
      Files.createDirectories(dir.resolve("near"));
      try (Exabgp far = Exabgp.start(dir.resolve("far"), FAR, 65201, LOCAL, 65000, bgpPort, "ipv4 unicast;", "");
          Exabgp near = Exabgp.start(dir.resolve("near"), NEAR, 65202, LOCAL, 65000, bgpPort, "ipv4 unicast;", "")) {
        Receiver.await(() -> established() == 2, WAIT, "both ExaBGP sessions Established");
        assertThat(api.text("/metrics")).as("the new type's series exists at 0 from the start")
            .contains("bgpsentry_alerts_firing{type=\"community_missing\"} 0.0");

        far.command("announce route 203.0.113.0/24 next-hop 192.0.2.1 as-path [65201 65104] community [65104:100]");
        Receiver.await(() -> find(hook, INGRESS_KEY, AlertStatus.FIRING) != null, WAIT,
            "suboptimal_path ingress_location firing\n" + far.log());
        Alert firing = find(hook, INGRESS_KEY, AlertStatus.FIRING);
        assertThat(firing.details())
            .containsEntry("rule", "ingress_location")
            .containsEntry("best_path_locations", List.of("Virginia"))
            .containsEntry("expected_locations", List.of("Washington"))
            .doesNotContainKey("path_length_at_expected");
        assertThat(firing.peers()).singleElement().satisfies(p -> assertThat(p.name()).isEqualTo("iad"));
        assertThat(ingress().path("state").asText()).isEqualTo("elsewhere");
        assertThat(status().path("open_alerts").toString()).isEqualTo("[\"" + firing.id() + "\"]");

        near.command("announce route 203.0.113.0/24 next-hop 192.0.2.2 as-path [65202 65104] community [65104:100]");
        Receiver.await(() -> find(hook, INGRESS_KEY, AlertStatus.RESOLVED) != null, WAIT,
            "suboptimal_path ingress_location resolved\n" + near.log());
        assertThat(find(hook, INGRESS_KEY, AlertStatus.RESOLVED).id()).isEqualTo(firing.id());
        Receiver.await(() -> ingress().path("state").asText().equals("expected"), WAIT, "ingress status expected");
        assertThat(ingress().path("best_path_locations").toString()).isEqualTo("[\"Virginia\",\"Washington\"]");
        assertThat(status().path("open_alerts")).isEmpty();

        near.command("announce route 203.0.113.0/24 next-hop 192.0.2.2 as-path [65202 65104] community [65202:7]");
        Receiver.await(() -> find(hook, COMMUNITY_KEY, AlertStatus.FIRING) != null, WAIT, "community_missing firing");
        Alert missing = find(hook, COMMUNITY_KEY, AlertStatus.FIRING);
        assertThat(missing.peers()).singleElement().satisfies(p -> assertThat(p.name()).isEqualTo("sea"));
        assertThat(missing.details())
            .containsEntry("required", List.of("65104:100"))
            .containsEntry("peers", List.of(java.util.Map.of(
                "peer", "sea", "missing", List.of("65104:100"), "carried", List.of("65202:7"))));
        assertThat(api.text("/metrics"))
            .contains("bgpsentry_alerts_firing{type=\"community_missing\"} 1.0")
            .contains("bgpsentry_alerts_total{severity=\"warning\",type=\"community_missing\"} 1.0");

        near.command("announce route 203.0.113.0/24 next-hop 192.0.2.2 as-path [65202 65104] community [65202:7 65104:100]");
        Receiver.await(() -> find(hook, COMMUNITY_KEY, AlertStatus.RESOLVED) != null, WAIT, "community_missing resolved");
        assertThat(find(hook, COMMUNITY_KEY, AlertStatus.RESOLVED).id()).isEqualTo(missing.id());
        assertThat(hook.posts.stream().map(p -> AlertJson.read(p.body()).key()).distinct())
            .as("nothing else fired").containsExactlyInAnyOrder(INGRESS_KEY, COMMUNITY_KEY);
      } finally {
        daemon.close();
      }
    }
  }

  private long established() {
    JsonNode peers = api.json("/api/v1/peers").path("peers");
    long n = 0;
    for (JsonNode p : peers) {
      n += p.path("state").asText().equals("established") ? 1 : 0;
    }
    return n;
  }

  private JsonNode status() {
    return api.json("/api/v1/prefixes").path("prefixes").path(0).path("status");
  }

  private JsonNode ingress() {
    return status().path("ingress");
  }

  private static Alert find(Receiver hook, String key, AlertStatus status) {
    return hook.posts.stream().map(p -> AlertJson.read(p.body()))
        .filter(a -> a.key().equals(key) && a.status() == status).findFirst().orElse(null);
  }
}
