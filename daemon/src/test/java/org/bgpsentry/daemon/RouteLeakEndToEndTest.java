package org.bgpsentry.daemon;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import org.bgpsentry.analytics.alert.Alert;
import org.bgpsentry.analytics.alert.AlertStatus;
import org.bgpsentry.daemon.alert.AlertJson;
import org.bgpsentry.daemon.alert.Receiver;
import org.bgpsentry.daemon.session.Exabgp;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * docs/alerts.md route_leak end to end, with the leaker leading the path: the whole daemon
 * in-process (local AS 65000) with a real ExaBGP peer, AS65201, configured as our customer, and a
 * real webhook receiver. By the AS relationships data AS3356 is the provider of both AS65201 and
 * the origin AS65104, so AS65201 passing the route it learnt from its provider up to us is a
 * valley (RFC 7908 type 4); it was sent to the receiving network, so {@code after_asn} is our
 * {@code bgp.local_asn}. The withdrawal resolves it.
 */
class RouteLeakEndToEndTest {
  private static final String LOCAL = "127.0.0.63";
  private static final String CUSTOMER = "127.0.0.64";
  private static final Duration WAIT = Duration.ofSeconds(60);
  private static final String KEY = "route_leak|203.0.113.0/24|203.0.113.0/24|65201";

  @TempDir Path dir;
  private int httpPort;
  private final ApiClient api = new ApiClient(() -> httpPort);

  @Test
  void aLeakByTheCustomerPeerNamesOurAsAsAfterAsnAtTheWebhook() throws Exception {
    int bgpPort = DaemonTest.freePort(LOCAL);
    try (Receiver hook = new Receiver()) {
      Files.writeString(dir.resolve("prefixes.yml"), """
          prefixes:
            - {prefix: 203.0.113.0/24, customer: contoso, origin_asns: [65104]}
          """);
      Files.writeString(dir.resolve("as-rel.txt"), "3356|65201|-1\n3356|65104|-1\n");
      Files.writeString(dir.resolve("bgpsentry.yml"), """
          bgp: {listen: "%s:%d", local_asn: 65000, router_id: %s}
          peers:
            - {name: cust, address: %s, remote_asn: 65201, role: customer}
          registry: {file: prefixes.yml}
          data: {as_relationships: as-rel.txt}
          http: {listen: "127.0.0.1:0"}
          state_dir: state
          alerts:
            webhooks:
              - {name: noc, url: "%s", format: json}
          """.formatted(LOCAL, bgpPort, LOCAL, CUSTOMER, hook.uri("/hook")));
      Daemon daemon = Daemons.startWithSessions(dir.resolve("bgpsentry.yml"));
      httpPort = daemon.httpAddress().getPort();
      Files.createDirectories(dir.resolve("cust"));
      try (Exabgp cust = Exabgp.start(dir.resolve("cust"), CUSTOMER, 65201, LOCAL, 65000, bgpPort, "ipv4 unicast;", "")) {
        Receiver.await(this::established, WAIT, "the ExaBGP session Established");

        cust.command("announce route 203.0.113.0/24 next-hop 192.0.2.1 as-path [65201 3356 65104]");
        Receiver.await(() -> find(hook, AlertStatus.FIRING) != null, WAIT, "route_leak firing\n" + cust.log());
        Alert firing = find(hook, AlertStatus.FIRING);
        assertThat(firing.details())
            .containsEntry("rule", "valley_free")
            .containsEntry("leaker_asn", 65201)
            .containsEntry("before_asn", 3356)
            .containsEntry("after_asn", 65000);
        assertThat(firing.peers()).singleElement().satisfies(p -> assertThat(p.name()).isEqualTo("cust"));

        cust.command("withdraw route 203.0.113.0/24 next-hop 192.0.2.1");
        Receiver.await(() -> find(hook, AlertStatus.RESOLVED) != null, WAIT, "route_leak resolved\n" + cust.log());
        assertThat(find(hook, AlertStatus.RESOLVED).id()).isEqualTo(firing.id());
      } finally {
        daemon.close();
      }
    }
  }

  private boolean established() {
    for (JsonNode p : api.json("/api/v1/peers").path("peers")) {
      if (p.path("state").asText().equals("established")) {
        return true;
      }
    }
    return false;
  }

  private static Alert find(Receiver hook, AlertStatus status) {
    return hook.posts.stream().map(p -> AlertJson.read(p.body()))
        .filter(a -> a.key().equals(KEY) && a.status() == status).findFirst().orElse(null);
  }
}
