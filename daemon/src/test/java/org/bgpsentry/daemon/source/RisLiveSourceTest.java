package org.bgpsentry.daemon.source;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.bgpsentry.analytics.alert.Alert;
import org.bgpsentry.analytics.alert.AlertStatus;
import org.bgpsentry.analytics.alert.AlertType;
import org.bgpsentry.analytics.event.PeerId;
import org.bgpsentry.daemon.Daemon;
import org.bgpsentry.daemon.DetectionComponent;
import org.bgpsentry.daemon.alert.AlertJson;
import org.bgpsentry.daemon.alert.Receiver;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * RIS Live end to end (docs/operators-guide.md "Public vantage points: RIS Live"): a daemon fed by RIS Live alone, against {@link
 * RisLiveServer} on loopback, alerts to a webhook receiver.
 */
class RisLiveSourceTest {
  static final Duration WAIT = Duration.ofSeconds(60);
  static final RisLiveSource.Timing FAST =
      new RisLiveSource.Timing(Duration.ofSeconds(1), Duration.ofMillis(100), Duration.ofSeconds(1), Duration.ofMillis(5));
  static final String HIJACK = "208.65.153.0/24";

  @TempDir Path dir;
  RisLiveServer server;
  Receiver hook;
  Daemon daemon;
  DetectionComponent detection;
  RisLiveSource ris;
  final HttpClient http = HttpClient.newHttpClient();

  @BeforeEach
  void setUp() throws Exception {
    server = new RisLiveServer(null);
    hook = new Receiver();
  }

  @AfterEach
  void tearDown() throws Exception {
    if (daemon != null) {
      daemon.close();
    }
    server.close();
    hook.close();
    http.close();
  }

  void start(String registry, String risExtra) throws Exception {
    start(registry, risExtra, server.url(false), true);
  }

  void start(String registry, String risExtra, String url, boolean awaitSubscribed) throws Exception {
    Files.writeString(dir.resolve("prefixes.yml"), registry);
    Files.writeString(dir.resolve("bgpsentry.yml"), """
        registry: {file: prefixes.yml}
        http: {listen: "127.0.0.1:0"}
        state_dir: state
        sources:
          ris_live:
            url: "%s"
            stale_after: 10s
        %s
        alerts:
          webhooks:
            - {name: noc, url: "%s", format: json}
        """.formatted(url, risExtra, hook.uri("/hook")));
    Daemon.Loaded loaded = Daemon.load(dir.resolve("bgpsentry.yml"));
    detection = new DetectionComponent();
    ris = new RisLiveSource(detection, FAST);
    daemon = new Daemon(loaded.config(), loaded.registry(), List.of(detection, ris));
    daemon.start();
    if (awaitSubscribed) {
      Receiver.await(() -> server.subscribed().contains("RIS_PEER_STATE"), WAIT, "subscribed");
    }
  }

  static final String YOUTUBE = """
      prefixes:
        - {prefix: 208.65.152.0/22, origin_asns: [36561], upstream_asns: [3356]}
      """;

  static ObjectNode update(String host, String peer, long peerAsn, List<String> announce, List<String> withdraw,
      long... path) {
    ObjectNode d = RisLiveServer.JSON.createObjectNode();
    d.put("timestamp", 1203878865.5);
    d.put("peer", peer);
    d.put("peer_asn", Long.toString(peerAsn));
    d.put("id", "test");
    d.put("host", host);
    d.put("type", "UPDATE");
    if (!announce.isEmpty()) {
      ArrayNode p = d.putArray("path");
      for (long a : path) {
        p.add(a);
      }
      d.put("origin", "IGP");
      ObjectNode a = d.putArray("announcements").addObject();
      a.put("next_hop", peer);
      ArrayNode ps = a.putArray("prefixes");
      announce.forEach(ps::add);
    }
    ArrayNode w = d.putArray("withdrawals");
    withdraw.forEach(w::add);
    return d;
  }

  static ObjectNode announce(String host, String peer, long peerAsn, String prefix, long... path) {
    return update(host, peer, peerAsn, List.of(prefix), List.of(), path);
  }

  static ObjectNode withdraw(String host, String peer, long peerAsn, String prefix) {
    return update(host, peer, peerAsn, List.of(), List.of(prefix));
  }

  List<Alert> alerts(AlertType type, AlertStatus status) {
    return hook.posts.stream().map(p -> AlertJson.read(p.body()))
        .filter(a -> a.type() == type && a.status() == status).toList();
  }

  JsonNode routes(String query) throws Exception {
    HttpResponse<String> r = http.send(HttpRequest.newBuilder(
        URI.create("http://127.0.0.1:" + daemon.httpAddress().getPort() + "/api/v1/routes?" + query)).build(),
        HttpResponse.BodyHandlers.ofString());
    assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
    return RisLiveServer.JSON.readTree(r.body()).get("routes");
  }

  /** The RIS peers of {@code /api/v1/peers}. */
  List<JsonNode> risPeers() throws Exception {
    HttpResponse<String> r = http.send(HttpRequest.newBuilder(
        URI.create("http://127.0.0.1:" + daemon.httpAddress().getPort() + "/api/v1/peers")).build(),
        HttpResponse.BodyHandlers.ofString());
    assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
    List<JsonNode> out = new java.util.ArrayList<>();
    RisLiveServer.JSON.readTree(r.body()).path("peers").forEach(p -> {
      if ("ris".equals(p.path("source").asText())) {
        out.add(p);
      }
    });
    return out;
  }

  /** Waits until the routes API shows {@code n} routes for {@code prefix}, then until detection took them. */
  void awaitRoutes(String prefix, int n) throws Exception {
    Receiver.await(() -> {
      try {
        return routes("prefix=" + prefix).size() == n;
      } catch (Exception e) {
        return false;
      }
    }, WAIT, n + " routes for " + prefix);
    detection.analytics().query(e -> e.firing()).get(30, TimeUnit.SECONDS);
  }

  double metric(String name, String... tags) {
    var search = daemon.metrics().registry().find(name).tags(tags);
    Gauge g = search.gauge();
    if (g != null) {
      return g.value();
    }
    Counter c = search.counter();
    return c == null ? -1 : c.count();
  }

  @Test
  void subprefixHijackSeenByThreeRisPeerAsesFiresByTwoItDoesNotAndWithdrawnEverywhereItResolves() throws Exception {
    start(YOUTUBE, "    min_peers: 3");
    assertThat(metric("bgpsentry_source_messages_received", "source", "ris_live")).isZero();
    server.publish(announce("rrc00", "192.0.2.1", 3333, HIJACK, 3333, 3491, 17557));
    server.publish(announce("rrc01", "192.0.2.2", 1299, HIJACK, 1299, 3491, 17557));
    // a second peer of AS1299 on another collector: still two distinct ASes
    server.publish(announce("rrc21", "192.0.2.3", 1299, HIJACK, 1299, 3491, 17557));
    awaitRoutes(HIJACK, 3);
    assertThat(hook.posts).isEmpty();
    assertThat(detection.analytics().query(e -> e.firing()).get(30, TimeUnit.SECONDS)).isEmpty();

    server.publish(announce("rrc00", "192.0.2.4", 6939, HIJACK, 6939, 3491, 17557));
    Receiver.await(() -> !alerts(AlertType.SUBPREFIX_HIJACK, AlertStatus.FIRING).isEmpty(), WAIT, "the hijack");
    Alert fired = alerts(AlertType.SUBPREFIX_HIJACK, AlertStatus.FIRING).getFirst();
    assertThat(fired.originAsn()).isEqualTo(17557);
    assertThat(fired.peers()).extracting(PeerId::name).containsExactly(
        "ris:rrc00:192.0.2.1", "ris:rrc00:192.0.2.4", "ris:rrc01:192.0.2.2", "ris:rrc21:192.0.2.3");
    assertThat(metric("bgpsentry_source_up", "source", "ris_live")).isEqualTo(1);
    assertThat(metric("bgpsentry_source_messages_received", "source", "ris_live")).isGreaterThanOrEqualTo(4);

    server.publish(withdraw("rrc00", "192.0.2.1", 3333, HIJACK));
    server.publish(withdraw("rrc01", "192.0.2.2", 1299, HIJACK));
    server.publish(withdraw("rrc21", "192.0.2.3", 1299, HIJACK));
    awaitRoutes(HIJACK, 1);
    assertThat(alerts(AlertType.SUBPREFIX_HIJACK, AlertStatus.RESOLVED)).as("one RIS peer still shows it").isEmpty();
    server.publish(withdraw("rrc00", "192.0.2.4", 6939, HIJACK));
    Receiver.await(() -> !alerts(AlertType.SUBPREFIX_HIJACK, AlertStatus.RESOLVED).isEmpty(), WAIT, "resolved");
    assertThat(alerts(AlertType.SUBPREFIX_HIJACK, AlertStatus.RESOLVED).getFirst().id()).isEqualTo(fired.id());
    assertThat(hook.posts).hasSize(2);
  }

  /**
   * RIS Live has no replay: withdrawals sent while the client was disconnected are missed. After
   * the reconnect the routes held from before are stale: those RIS sends again stay, the others go
   * after gap_hold, and the alert only they showed resolves.
   */
  @Test
  void routesNotSentAgainAfterAGapGoAfterGapHoldAndTheirAlertResolves() throws Exception {
    start(YOUTUBE, "    gap_hold: 5s");
    long[][] peers = {{1, 3333}, {2, 1299}, {3, 6939}};
    for (long[] p : peers) {
      server.publish(announce("rrc00", "192.0.2." + p[0], p[1], HIJACK, p[1], 3491, 17557));
    }
    server.publish(announce("rrc00", "192.0.2.1", 3333, "208.65.152.0/22", 3333, 3356, 36561));
    Receiver.await(() -> alerts(AlertType.SUBPREFIX_HIJACK, AlertStatus.FIRING).size() == 1, WAIT, "the hijack");
    awaitRoutes("208.65.152.0/22", 1);
    Instant gap = Instant.now();

    server.disconnectAll(); // the hijack's withdrawals would come now: missed
    Receiver.await(() -> server.clientCount() == 1 && server.subscribed().contains("208.65.152.0/22"), WAIT,
        "reconnected");
    assertThat(routes("prefix=" + HIJACK)).as("stale, not gone yet").hasSize(3);
    // the legitimate route is sent again (it changed, or RIS re-announced it): current again
    server.publish(announce("rrc00", "192.0.2.1", 3333, "208.65.152.0/22", 3333, 3356, 36561));

    awaitRoutes(HIJACK, 0);
    assertThat(Duration.between(gap, Instant.now())).as("not before gap_hold").isGreaterThanOrEqualTo(Duration.ofSeconds(5));
    Receiver.await(() -> !alerts(AlertType.SUBPREFIX_HIJACK, AlertStatus.RESOLVED).isEmpty(), WAIT,
        "the hijack resolved once its stale routes went");
    assertThat(routes("prefix=208.65.152.0/22")).as("sent again after the gap: kept").hasSize(1);
    assertThat(alerts(AlertType.SUBPREFIX_HIJACK, AlertStatus.RESOLVED).getFirst().id())
        .isEqualTo(alerts(AlertType.SUBPREFIX_HIJACK, AlertStatus.FIRING).getFirst().id());
  }

  @Test
  void theServerRestartsTheClientResubscribesAndNothingFiresTwice() throws Exception {
    start(YOUTUBE, "");
    long[][] peers = {{1, 3333}, {2, 1299}, {3, 6939}};
    for (long[] p : peers) {
      server.publish(announce("rrc00", "192.0.2." + p[0], p[1], HIJACK, p[1], 3491, 17557));
    }
    Receiver.await(() -> alerts(AlertType.SUBPREFIX_HIJACK, AlertStatus.FIRING).size() == 1, WAIT, "the hijack");
    int port = server.port();
    server.stop();
    Receiver.await(() -> metric("bgpsentry_source_up", "source", "ris_live") == 0, WAIT, "source down");
    server.start(port);
    Receiver.await(() -> server.subscribed().contains("208.65.152.0/22"), WAIT, "subscribed again");
    assertThat(server.received.stream().filter(m -> m.path("type").asText().equals("ris_subscribe")
        && m.path("data").path("prefix").asText().equals("208.65.152.0/22"))).hasSize(2);
    // after a reconnect RIS sends the routes again as they change: the same routes change nothing
    for (long[] p : peers) {
      server.publish(announce("rrc00", "192.0.2." + p[0], p[1], HIJACK, p[1], 3491, 17557));
    }
    server.publish(announce("rrc00", "192.0.2.9", 174, HIJACK, 174, 3491, 17557));
    awaitRoutes(HIJACK, 4);
    assertThat(alerts(AlertType.SUBPREFIX_HIJACK, AlertStatus.FIRING)).hasSize(1);
    assertThat(hook.posts).hasSize(1);
    assertThat(metric("bgpsentry_source_up", "source", "ris_live")).isEqualTo(1);
  }

  @Test
  void aQuietStreamRaisesNoVisibilityLossAndSetsSourceUpTo0AndPeerDownWithdrawsWithoutPeerDown() throws Exception {
    start(YOUTUBE, "");
    for (long[] p : new long[][] {{1, 3333}, {2, 1299}, {3, 6939}}) {
      server.publish(announce("rrc00", "192.0.2." + p[0], p[1], "208.65.152.0/22", p[1], 3356, 36561));
    }
    awaitRoutes("208.65.152.0/22", 3);
    Receiver.await(() -> metric("bgpsentry_source_up", "source", "ris_live") == 1, WAIT, "source up");
    // the RIS peers are listed in /api/v1/peers with "source": "ris"
    List<JsonNode> listed = risPeers();
    assertThat(listed).extracting(p -> p.get("name").asText())
        .containsExactly("ris:rrc00:192.0.2.1", "ris:rrc00:192.0.2.2", "ris:rrc00:192.0.2.3");
    assertThat(listed).extracting(p -> p.get("asn").asLong()).containsExactly(3333L, 1299L, 6939L);
    assertThat(listed).allSatisfy(p -> {
      assertThat(p.get("state").asText()).isEqualTo("established");
      assertThat(p.get("routes_ipv4").asInt()).isEqualTo(1);
      assertThat(p.get("address").asText()).startsWith("192.0.2.");
    });
    // RIS_PEER_STATE down of one RIS peer: its route goes, and no peer_down
    ObjectNode state = RisLiveServer.JSON.createObjectNode();
    state.put("timestamp", 1203878900.0).put("peer", "192.0.2.1").put("peer_asn", "3333").put("id", "x")
        .put("host", "rrc00").put("type", "RIS_PEER_STATE").put("state", "down");
    assertThat(server.publish(state)).isEqualTo(1);
    awaitRoutes("208.65.152.0/22", 2);
    assertThat(risPeers()).extracting(p -> p.get("name").asText())
        .as("a RIS peer down is no longer listed")
        .containsExactly("ris:rrc00:192.0.2.2", "ris:rrc00:192.0.2.3");
    // then nothing at all for longer than stale_after (10 s)
    Receiver.await(() -> metric("bgpsentry_source_up", "source", "ris_live") == 0, WAIT, "source down when quiet");
    Receiver.await(() -> metric("bgpsentry_source_errors", "source", "ris_live", "reason", "stale") >= 1,
        WAIT, "stale counted");
    assertThat(detection.analytics().query(e -> e.firing()).get(30, TimeUnit.SECONDS))
        .as("no visibility_loss, no peer_down").isEmpty();
    assertThat(hook.posts).isEmpty();
    HttpResponse<String> ready = http.send(HttpRequest.newBuilder(
        URI.create("http://127.0.0.1:" + daemon.httpAddress().getPort() + "/readyz")).build(),
        HttpResponse.BodyHandlers.ofString());
    assertThat(ready.statusCode()).isEqualTo(200);
  }

  @Test
  void registryAddAndRemoveChangeTheSubscriptions() throws Exception {
    start(YOUTUBE, "");
    assertThat(server.subscribed()).contains("208.65.152.0/22", "84.205.64.0/24", "2001:7fb:fe00::/48");
    assertThat(server.handshakes).singleElement().isEqualTo("/v1/ws/?client=bgpsentry-test");
    JsonNode sub = server.received.stream().filter(m -> m.path("data").path("prefix").asText().equals("208.65.152.0/22"))
        .findFirst().orElseThrow();
    assertThat(sub.toString()).isEqualTo("{\"type\":\"ris_subscribe\",\"data\":{\"prefix\":\"208.65.152.0/22\","
        + "\"moreSpecific\":true,\"type\":\"UPDATE\",\"socketOptions\":{\"includeRaw\":true,\"acknowledge\":true}}}");
    String base = "http://127.0.0.1:" + daemon.httpAddress().getPort() + "/api/v1/prefixes";
    HttpResponse<String> add = http.send(HttpRequest.newBuilder(URI.create(base))
        .header("Content-Type", "application/json")
        .POST(HttpRequest.BodyPublishers.ofString(
            "{\"prefixes\": [{\"prefix\": \"203.0.113.0/24\", \"origin_asns\": [64496]}]}")).build(),
        HttpResponse.BodyHandlers.ofString());
    assertThat(add.statusCode()).as(add.body()).isEqualTo(200);
    Receiver.await(() -> server.subscribed().contains("203.0.113.0/24"), WAIT, "subscribed to the new prefix");
    HttpResponse<String> del = http.send(HttpRequest.newBuilder(URI.create(base + "/203.0.113.0%2F24")).DELETE().build(),
        HttpResponse.BodyHandlers.ofString());
    assertThat(del.statusCode()).as(del.body()).isEqualTo(200);
    Receiver.await(() -> !server.subscribed().contains("203.0.113.0/24"), WAIT, "unsubscribed");
    assertThat(server.received.stream().filter(m -> m.path("type").asText().equals("ris_unsubscribe")))
        .singleElement().satisfies(m -> assertThat(m.path("data").path("prefix").asText()).isEqualTo("203.0.113.0/24"));
    assertThat(server.subscribed()).contains("208.65.152.0/22");
  }

  @Test
  void malformedTrafficIsCountedAndSurvived() throws Exception {
    start(YOUTUBE, "");
    server.sendRaw("this is not JSON");
    server.sendRaw("{\"type\":\"ris_message\",\"data\":{\"type\":\"UPDATE\",\"host\":\"rrc00\",\"peer\":\"192.0.2.1\","
        + "\"peer_asn\":\"3333\",\"timestamp\":1.0,\"path\":[3333],\"announcements\":[{\"next_hop\":\"192.0.2.1\","
        + "\"prefixes\":[\"208.65.153.1/24\"]}]}}");
    server.sendRaw("{\"type\":\"ris_surprise\",\"data\":{}}");
    server.sendRaw("{\"type\":\"ris_error\",\"data\":{\"message\":\"Invalid subscription\"}}");
    Receiver.await(() -> metric("bgpsentry_source_errors", "source", "ris_live", "reason", "ris_error") == 1,
        WAIT, "ris_error counted");
    assertThat(metric("bgpsentry_source_errors", "source", "ris_live", "reason", "malformed")).isEqualTo(2);
    assertThat(metric("bgpsentry_source_errors", "source", "ris_live", "reason", "unknown_type")).isEqualTo(1);

    server.sendRaw("{\"type\":\"pong\",\"pad\":\"" + "x".repeat(RisLiveConnection.MAX_MESSAGE) + "\"}");
    Receiver.await(() -> metric("bgpsentry_source_errors", "source", "ris_live", "reason", "too_large") == 1,
        WAIT, "too_large counted");
    Receiver.await(() -> server.clientCount() == 1 && server.subscribed().contains("208.65.152.0/22"), WAIT,
        "reconnected after the large frame");
    server.closeMidFrame(1000);
    Receiver.await(() -> metric("bgpsentry_source_errors", "source", "ris_live", "reason", "closed_mid_frame") == 1,
        WAIT, "closed_mid_frame counted");
    Receiver.await(() -> server.clientCount() == 1 && server.subscribed().contains("208.65.152.0/22"), WAIT,
        "reconnected after the close");

    for (long[] p : new long[][] {{1, 3333}, {2, 1299}, {3, 6939}}) {
      server.publish(announce("rrc00", "192.0.2." + p[0], p[1], HIJACK, p[1], 3491, 17557));
    }
    Receiver.await(() -> alerts(AlertType.SUBPREFIX_HIJACK, AlertStatus.FIRING).size() == 1, WAIT, "still detecting");
  }

  @Test
  void aReloadTurnsRisLiveOffAndOnAndItsMinPeersApplies() throws Exception {
    start(YOUTUBE, "    min_peers: 3");
    Path cfg = dir.resolve("bgpsentry.yml");
    String withRis = Files.readString(cfg);
    String without = withRis.substring(0, withRis.indexOf("sources:")) + withRis.substring(withRis.indexOf("alerts:"));
    Files.writeString(cfg, "bgp: {listen: \"127.0.0.1:0\", local_asn: 64512, router_id: 192.0.2.1}\npeers: []\n"
        + without);
    // (run needs bgp without sources; this daemon has no sessions component, so bgp is unused)
    assertThat(daemon.reload()).isEmpty();
    Receiver.await(() -> server.clientCount() == 0, WAIT, "disconnected: RIS Live off");
    assertThat(metric("bgpsentry_source_up", "source", "ris_live")).isZero();
    Files.writeString(cfg, withRis.replace("min_peers: 3", "min_peers: 2"));
    assertThat(daemon.reload()).isEmpty();
    Receiver.await(() -> server.handshakes.size() == 2 && server.subscribed().contains("208.65.152.0/22"), WAIT,
        "reconnected with the new settings");
    server.publish(announce("rrc00", "192.0.2.1", 3333, HIJACK, 3333, 3491, 17557));
    server.publish(announce("rrc01", "192.0.2.2", 1299, HIJACK, 1299, 3491, 17557));
    Receiver.await(() -> alerts(AlertType.SUBPREFIX_HIJACK, AlertStatus.FIRING).size() == 1, WAIT,
        "fired by two RIS peer ASes with min_peers 2");
  }

  @Test
  void onlyTheConfiguredHostsCount() throws Exception {
    start(YOUTUBE, "    hosts: [rrc00, rrc01]");
    server.publish(announce("rrc00", "192.0.2.1", 3333, HIJACK, 3333, 3491, 17557));
    server.publish(announce("rrc01", "192.0.2.2", 1299, HIJACK, 1299, 3491, 17557));
    server.publish(announce("rrc21", "192.0.2.3", 6939, HIJACK, 6939, 3491, 17557));
    server.publish(announce("rrc00", "192.0.2.4", 174, "208.65.152.0/22", 174, 3356, 36561));
    awaitRoutes("208.65.152.0/22", 1);
    assertThat(routes("prefix=" + HIJACK)).extracting(r -> r.get("peer").asText())
        .containsExactlyInAnyOrder("ris:rrc00:192.0.2.1", "ris:rrc01:192.0.2.2");
    assertThat(routes("prefix=" + HIJACK)).extracting(r -> r.get("source").asText())
        .containsOnly("ris"); // docs/operators-guide.md "Monitoring routers with BMP": every route says where it came from
    assertThat(hook.posts).isEmpty();
  }
}
