package org.bgpsentry.daemon;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.bgpsentry.daemon.session.Bird;
import org.bgpsentry.daemon.session.ExternalDaemon;
import org.bgpsentry.daemon.session.Frr;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Reload with real peers (docs/configuration.md: "peers added/removed/changed are started/stopped/reset
 * individually, untouched sessions stay up"): two BIRD 2 instances (127.0.0.42 AS 65301, 127.0.0.43
 * AS 65302) connect to the daemon on 127.0.0.41. The first config knows only the first; a reload
 * adds the second while the first session stays up; a reload without the first stops it and takes
 * its routes out of the metrics. A registry entry added through the API for a prefix the RIBs
 * already hold raises its alert at once (the sessions re-send those routes to detection).
 */
class DaemonReloadTest {
  static final String SENTRY = "127.0.0.41";
  static final String BIRD_A = "127.0.0.42";
  static final String BIRD_B = "127.0.0.43";
  static final Duration WAIT = Duration.ofSeconds(40);

  @TempDir Path dir;
  private Daemon daemon;
  private final ApiClient api = new ApiClient(() -> daemon.httpAddress().getPort());

  @Test
  void reloadStartsAndStopsPeersIndividuallyAndNewRegistryEntriesSeeRoutesAlreadyHeld() throws Exception {
    int bgpPort = EndToEndIT.freePort(SENTRY);
    Files.writeString(dir.resolve("prefixes.yml"), """
        prefixes:
          - {prefix: 198.51.100.0/24, origin_asns: [65301]}
        """);
    writeConfig(bgpPort, List.of(peer("a", BIRD_A, 65301)));
    List<ExternalDaemon> birds = new ArrayList<>();
    try {
      startDaemon();
      birds.add(bird("a", BIRD_A, 65301, bgpPort, "198.51.100.0/24", "203.0.113.0/24"));
      birds.add(bird("b", BIRD_B, 65302, bgpPort, "192.0.2.0/24"));
      EndToEndIT.await(() -> "peer a established with 2 routes: " + api.json("/api/v1/peers"), WAIT,
          () -> established("a") && api.json("/api/v1/peers").path("peers").get(0).path("routes_ipv4").asInt() == 2);
      assertThat(api.json("/api/v1/peers").path("peers")).hasSize(1);
      EndToEndIT.await("BIRD b refused while unconfigured", WAIT, () -> api.metric("bgpsentry_bgp_refused_connections_total") >= 1);

      writeConfig(bgpPort, List.of(peer("a", BIRD_A, 65301), peer("b", BIRD_B, 65302)));
      assertThat(api.post("/api/v1/reload", "{}")).isEqualTo(200);
      EndToEndIT.await(() -> "peer b established after the reload: " + api.json("/api/v1/peers"), WAIT,
          () -> established("b"));
      assertThat(api.metric("bgpsentry_bgp_session_flaps_total{peer=\"a\"}")).as("a untouched").isZero();
      assertThat(established("a")).isTrue();
      routesAreBoundedAcrossPeers();

      assertThat(api.post("/api/v1/prefixes", """
          {"prefixes": [{"prefix": "203.0.113.0/24", "origin_asns": [64999]}]}""")).isEqualTo(200);
      EndToEndIT.await(() -> "origin_hijack for the route peer a already sent: " + api.json("/api/v1/alerts"), WAIT,
          () -> api.json("/api/v1/alerts?status=firing&type=origin_hijack").path("alerts").size() == 1);
      assertThat(Files.readString(dir.resolve("prefixes.yml"))).contains("203.0.113.0/24");

      writeConfig(bgpPort, List.of(peer("b", BIRD_B, 65302)));
      assertThat(api.post("/api/v1/reload", "{}")).isEqualTo(200);
      EndToEndIT.await(() -> "peer a gone: " + api.json("/api/v1/peers"), WAIT,
          () -> api.json("/api/v1/peers").path("peers").size() == 1);
      assertThat(established("b")).isTrue();
      assertThat(api.metric("bgpsentry_bgp_session_flaps_total{peer=\"b\"}")).as("b untouched").isZero();
      assertThat(api.text("/metrics")).doesNotContain("peer=\"a\"");
      EndToEndIT.await(() -> "the hijack resolved with peer a gone: " + api.json("/api/v1/alerts"), WAIT,
          () -> api.json("/api/v1/alerts?status=firing&type=origin_hijack").path("alerts").isEmpty());
    } finally {
      if (daemon != null) {
        daemon.close();
      }
      for (ExternalDaemon b : birds) {
        b.close();
      }
    }
  }

  /** {@code limit} on {@code /api/v1/routes} over real Adj-RIBs-In: a holds 2 routes, b holds 1. */
  private void routesAreBoundedAcrossPeers() throws InterruptedException {
    EndToEndIT.await(() -> "peer b's route: " + api.json("/api/v1/peers"), WAIT,
        () -> api.json("/api/v1/peers").path("peers").get(1).path("routes_ipv4").asInt() == 1);
    String all = "/api/v1/routes?prefix=0.0.0.0/0&more_specifics=true";
    JsonNode r = api.json(all);
    assertThat(r.path("routes")).extracting(n -> n.path("prefix").asText())
        .containsExactlyInAnyOrder("198.51.100.0/24", "203.0.113.0/24", "192.0.2.0/24");
    assertThat(r.path("truncated").asBoolean(true)).isFalse();
    r = api.json(all + "&limit=3");
    assertThat(r.path("routes")).hasSize(3);
    assertThat(r.path("truncated").asBoolean(true)).isFalse();
    r = api.json(all + "&limit=2"); // fills up on peer a; b's route is left out
    assertThat(r.path("routes")).extracting(n -> n.path("peer").asText()).containsExactly("a", "a");
    assertThat(r.path("truncated").asBoolean()).isTrue();
    r = api.json(all + "&limit=1&peer=b");
    assertThat(r.path("routes")).extracting(n -> n.path("prefix").asText()).containsExactly("192.0.2.0/24");
    assertThat(r.path("truncated").asBoolean(true)).isFalse();
    r = api.json("/api/v1/routes?prefix=203.0.113.0/24&limit=1");
    assertThat(r.path("routes")).hasSize(1);
    assertThat(r.path("truncated").asBoolean(true)).isFalse();
    assertThat(api.json(all + "&limit=0").path("error").asText()).contains("invalid limit");
  }

  /** The daemon with detection and sessions, from {@code bgpsentry.yml} in the test directory. */
  private void startDaemon() throws Exception {
    Daemon.Loaded loaded = Daemon.load(dir.resolve("bgpsentry.yml"));
    DetectionComponent detection = new DetectionComponent();
    daemon = new Daemon(loaded.config(), loaded.registry(), List.of(detection, new SessionsComponent(detection)));
    daemon.start();
  }

  private static String peer(String name, String address, long asn) {
    return "  - {name: " + name + ", address: " + address + ", remote_asn: " + asn + "}\n";
  }

  private void writeConfig(int bgpPort, List<String> peers) throws IOException {
    writeConfig(List.of(bgpPort), "90s", SENTRY, peers);
  }

  private void writeConfig(List<Integer> ports, String holdTime, String routerId, List<String> peers)
      throws IOException {
    String listen = String.join(", ", ports.stream().map(p -> "\"" + SENTRY + ":" + p + "\"").toList());
    Files.writeString(dir.resolve("bgpsentry.yml"), """
        bgp:
          listen: [%s]
          local_asn: 65000
          router_id: %s
          hold_time: %s
        peers:
        %sregistry: {file: prefixes.yml}
        http: {listen: "127.0.0.1:0"}
        state_dir: %s
        """.formatted(listen, routerId, holdTime, String.join("", peers), dir.resolve("state")));
  }

  /**
   * bgp settings on reload: a new listen address is bound and a dropped one closed while the
   * sessions stay up; a new hold_time goes into the OPEN of new sessions only; a new router_id
   * resets every session (BIRD sees the new BGP Identifier).
   */
  @Test
  void reloadRebindsListenersAppliesHoldTimeToNewSessionsAndResetsOnANewIdentity() throws Exception {
    int p1 = EndToEndIT.freePort(SENTRY);
    int p2 = EndToEndIT.freePort(SENTRY);
    Files.writeString(dir.resolve("prefixes.yml"), "prefixes: []\n");
    writeConfig(List.of(p1), "90s", SENTRY, List.of(peer("a", BIRD_A, 65301)));
    List<ExternalDaemon> birds = new ArrayList<>();
    try {
      startDaemon();
      birds.add(bird("a", BIRD_A, 65301, p1, "198.51.100.0/24"));
      EndToEndIT.await(() -> "peer a established: " + api.json("/api/v1/peers"), WAIT, () -> established("a"));
      assertThat(birdHoldTime("a")).isEqualTo(90);
      assertThat(accepts(p2)).as("port 2 not yet bound").isFalse();

      try (java.net.ServerSocket blocker = new java.net.ServerSocket(0, 1, java.net.InetAddress.getByName(SENTRY))) {
        int taken = blocker.getLocalPort();
        writeConfig(List.of(p1, taken), "90s", SENTRY, List.of(peer("a", BIRD_A, 65301)));
        assertThat(api.post("/api/v1/reload", "{}")).as("a listen address in use: refused").isEqualTo(400);
        assertThat(accepts(p1)).as("the old listener stays").isTrue();
        assertThat(established("a")).isTrue();
      }

      birds.add(bird("b", BIRD_B, 65302, p2, "192.0.2.0/24"));
      writeConfig(List.of(p1, p2), "30s", SENTRY, List.of(peer("a", BIRD_A, 65301), peer("b", BIRD_B, 65302)));
      assertThat(api.post("/api/v1/reload", "{}")).isEqualTo(200);
      EndToEndIT.await(() -> "peer b established on the new listener: " + api.json("/api/v1/peers"), WAIT,
          () -> established("b"));
      assertThat(birdHoldTime("b")).as("new session: new hold time").isEqualTo(30);
      assertThat(birdHoldTime("a")).as("established session keeps its hold time").isEqualTo(90);
      assertThat(api.metric("bgpsentry_bgp_session_flaps_total{peer=\"a\"}")).as("a untouched").isZero();
      birdc("a", "disable", "sentry");
      EndToEndIT.await(() -> "peer a down: " + api.json("/api/v1/peers"), WAIT, () -> !established("a"));
      birdc("a", "enable", "sentry");
      EndToEndIT.await(() -> "peer a back: " + api.json("/api/v1/peers"), WAIT, () -> established("a"));
      assertThat(birdHoldTime("a")).as("a's next session: new hold time").isEqualTo(30);

      writeConfig(List.of(p2), "30s", SENTRY, List.of(peer("a", BIRD_A, 65301), peer("b", BIRD_B, 65302)));
      assertThat(api.post("/api/v1/reload", "{}")).isEqualTo(200);
      assertThat(accepts(p1)).as("port 1 closed").isFalse();
      assertThat(accepts(p2)).isTrue();
      assertThat(established("a")).as("a's session outlives its listener").isTrue();
      assertThat(api.metric("bgpsentry_bgp_session_flaps_total{peer=\"a\"}")).isEqualTo(1);
      assertThat(api.metric("bgpsentry_bgp_session_flaps_total{peer=\"b\"}")).isZero();

      writeConfig(List.of(p2), "30s", "192.0.2.99", List.of(peer("a", BIRD_A, 65301), peer("b", BIRD_B, 65302)));
      assertThat(api.post("/api/v1/reload", "{}")).isEqualTo(200);
      EndToEndIT.await(() -> "BIRD b sees the new BGP Identifier: " + birdc("b"), WAIT,
          () -> birdc("b").contains("Neighbor ID:      192.0.2.99") && established("b"));
      assertThat(established("a")).as("a was reset and cannot come back: its port is gone").isFalse();
    } finally {
      if (daemon != null) {
        daemon.close();
      }
      for (ExternalDaemon b : birds) {
        b.close();
      }
    }
  }

  static final String FRR = "127.0.0.44";

  /**
   * Soft reconfiguration with FRR (issue 4: "route refresh ... after a soft reconfiguration"): a new
   * max_prefixes is applied to the running session, which FRR sees as one ROUTE-REFRESH per family
   * (RFC 2918) on the same connection, answered within BoRR/EoRR (RFC 7313) with every route; a
   * limit below the routes held closes the session with Cease 6/1 (RFC 4486 §4) at once; a new
   * hold_time or remote_asn, which the OPENs carry, still resets it.
   */
  @Test
  void reloadAppliesMaxPrefixesInPlaceWithRouteRefreshAndResetsOnHoldTimeOrAsn() throws Exception {
    int bgpPort = EndToEndIT.freePort();
    Files.writeString(dir.resolve("prefixes.yml"), "prefixes: []\n");
    writeConfig(bgpPort, List.of(frrPeer(65303, "max_prefixes: 1000")));
    ExternalDaemon frr = null;
    try {
      startDaemon();
      frr = frr(bgpPort);
      ExternalDaemon f = frr;
      EndToEndIT.await(() -> "peer frr established with 30 + 10 routes: " + api.json("/api/v1/peers") + f.log(), WAIT,
          () -> established("frr") && routes("frr", "routes_ipv4") == 30 && routes("frr", "routes_ipv6") == 10);
      String before = frrNeighbor();
      assertThat(frrCounter(before, "Route Refresh", 2)).as("FRR received no ROUTE-REFRESH yet").isZero();
      assertThat(frrConnections(before)).isEqualTo("1; dropped 0");

      writeConfig(bgpPort, List.of(frrPeer(65303, "max_prefixes: 200")));
      assertThat(api.post("/api/v1/reload", "{}")).isEqualTo(200);
      EndToEndIT.await(() -> "FRR received a ROUTE-REFRESH per family: " + frrNeighbor(), WAIT,
          () -> frrCounter(frrNeighbor(), "Route Refresh", 2) == 2);
      EndToEndIT.await(() -> "FRR's BoRR and EoRR per family: " + api.text("/metrics"), WAIT,
          () -> api.metric("bgpsentry_bgp_messages_received_total{peer=\"frr\",type=\"route_refresh\"}") == 4);
      String after = frrNeighbor();
      assertThat(frrConnections(after)).as("the same connection").isEqualTo("1; dropped 0");
      assertThat(api.metric("bgpsentry_bgp_session_flaps_total{peer=\"frr\"}")).isZero();
      assertThat(established("frr")).isTrue();
      assertThat(routes("frr", "routes_ipv4")).as("every route still there").isEqualTo(30);
      assertThat(routes("frr", "routes_ipv6")).isEqualTo(10);

      writeConfig(bgpPort, List.of(frrPeer(65303, "max_prefixes: 20")));
      assertThat(api.post("/api/v1/reload", "{}")).isEqualTo(200);
      EndToEndIT.await(() -> "closed at once, 30 routes > 20: " + api.json("/api/v1/peers"), WAIT,
          () -> peer("frr").path("last_error").asText().equals(
              "sent MAXIMUM_NUMBER_OF_PREFIXES_REACHED(6/1): 30 ipv4-unicast routes, max_prefixes 20")
              || frrNeighbor().contains("Maximum Number of Prefixes Reached"));
      EndToEndIT.await(() -> "FRR saw the Cease: " + frrNeighbor(), WAIT,
          () -> frrNeighbor().contains("Maximum Number of Prefixes Reached"));

      writeConfig(bgpPort, List.of(frrPeer(65303, "")));
      assertThat(api.post("/api/v1/reload", "{}")).isEqualTo(200);
      EndToEndIT.await(() -> "back without a limit: " + api.json("/api/v1/peers"), WAIT,
          () -> established("frr") && routes("frr", "routes_ipv4") == 30);
      int connections = frrEstablished(frrNeighbor());

      writeConfig(bgpPort, List.of(frrPeer(65303, "hold_time: 30s")));
      assertThat(api.post("/api/v1/reload", "{}")).isEqualTo(200);
      EndToEndIT.await(() -> "a new session with hold time 30: " + frrNeighbor(), WAIT,
          () -> frrEstablished(frrNeighbor()) == connections + 1 && established("frr")
              && frrNeighbor().contains("Hold time is 30"));

      writeConfig(bgpPort, List.of(frrPeer(65399, "hold_time: 30s")));
      assertThat(api.post("/api/v1/reload", "{}")).isEqualTo(200);
      EndToEndIT.await(() -> "reset, FRR's OPEN now refused: " + api.json("/api/v1/peers"), WAIT,
          () -> peer("frr").path("last_error").asText().contains("BAD_PEER_AS(2/2)"));
      assertThat(established("frr")).isFalse();
    } finally {
      if (daemon != null) {
        daemon.close();
      }
      if (frr != null) {
        frr.close();
      }
    }
  }

  private static String frrPeer(long asn, String extra) {
    return "  - {name: frr, address: " + FRR + ", remote_asn: " + asn + (extra.isEmpty() ? "" : ", " + extra) + "}\n";
  }

  /** FRR's bgpd (AS 65303) connecting to the daemon: 30 IPv4 and 10 IPv6 routes. */
  private ExternalDaemon frr(int port) throws Exception {
    String v4 = Frr.networks(30, 0);
    String v6 = Frr.networks(0, 10);
    Path home = Files.createDirectories(dir.resolve("frr"));
    return Frr.start(home, """
        frr defaults traditional
        hostname reloadtest
        log stdout informational
        router bgp 65303
         bgp router-id %1$s
         no bgp ebgp-requires-policy
         no bgp network import-check
         neighbor %2$s remote-as 65000
         neighbor %2$s port %3$d
         neighbor %2$s update-source %1$s
         neighbor %2$s disable-connected-check
         neighbor %2$s timers connect 1
         address-family ipv4 unicast
        %4$s exit-address-family
         address-family ipv6 unicast
        %5$s  neighbor %2$s activate
         exit-address-family
        """.formatted(FRR, SENTRY, port, v4, v6));
  }

  private String frrNeighbor() {
    try {
      return Frr.vtysh(dir.resolve("frr"), "show bgp neighbors " + SENTRY);
    } catch (IOException | InterruptedException e) {
      return e.toString();
    }
  }

  /** A row of FRR's message statistics: column 1 = sent, 2 = received. */
  private static int frrCounter(String neighbor, String row, int column) {
    java.util.regex.Matcher m = java.util.regex.Pattern.compile(row + ":\\s+(\\d+)\\s+(\\d+)").matcher(neighbor);
    assertThat(m.find()).as(row + " in " + neighbor).isTrue();
    return Integer.parseInt(m.group(column));
  }

  private static String frrConnections(String neighbor) {
    java.util.regex.Matcher m = java.util.regex.Pattern.compile("Connections established (\\d+; dropped \\d+)").matcher(neighbor);
    assertThat(m.find()).as("connection counts in " + neighbor).isTrue();
    return m.group(1);
  }

  private static int frrEstablished(String neighbor) {
    return Integer.parseInt(frrConnections(neighbor).split(";")[0]);
  }

  private JsonNode peer(String name) {
    for (JsonNode p : api.json("/api/v1/peers").path("peers")) {
      if (p.path("name").asText().equals(name)) {
        return p;
      }
    }
    return com.fasterxml.jackson.databind.node.MissingNode.getInstance();
  }

  private int routes(String name, String field) {
    return peer(name).path(field).asInt();
  }

  /**
   * Whether something listens on the port: a refused connection says no; the daemon accepting and
   * resetting this unconfigured source at once (possibly before connect() returns) says yes.
   */
  private static boolean accepts(int port) {
    try (java.net.Socket s = new java.net.Socket()) {
      s.connect(new java.net.InetSocketAddress(SENTRY, port), 2000);
      return true;
    } catch (IOException e) {
      return e.getMessage() == null || !e.getMessage().contains("refused");
    }
  }

  private String birdc(String name) {
    return birdc(name, "show", "protocols", "all", "sentry");
  }

  private String birdc(String name, String... command) {
    try {
      return Bird.birdc(dir.resolve("bird-" + name), command);
    } catch (IOException | InterruptedException e) {
      return e.toString();
    }
  }

  /**
   * The hold time BIRD negotiated with us, from {@code birdc show protocols all} once BIRD is
   * Established too: our side is Established on BIRD's KEEPALIVE, BIRD a moment later on ours.
   */
  private int birdHoldTime(String name) throws InterruptedException {
    java.util.regex.Pattern hold = java.util.regex.Pattern.compile("Hold timer:\\s+\\S+/(\\d+)");
    String[] out = {""};
    EndToEndIT.await(() -> "BIRD " + name + " Established with a hold timer: " + out[0], WAIT, () -> {
      out[0] = birdc(name);
      return out[0].matches("(?s).*BGP state:\\s+Established.*") && hold.matcher(out[0]).find();
    });
    java.util.regex.Matcher m = hold.matcher(out[0]);
    assertThat(m.find()).isTrue();
    return Integer.parseInt(m.group(1));
  }

  /** BIRD {@code name} in its own directory {@code bird-<name>} (config, control socket, log). */
  private ExternalDaemon bird(String name, String address, long asn, int port, String... routes)
      throws IOException {
    StringBuilder statics = new StringBuilder();
    for (String r : routes) {
      statics.append("route ").append(r).append(" blackhole; ");
    }
    Path home = Files.createDirectories(dir.resolve("bird-" + name));
    return Bird.start(home, """
        router id %s;
        protocol device {}
        protocol static s4 { ipv4; %s}
        protocol bgp sentry {
          local %s port %d as %d;
          neighbor %s port %d as 65000;
          multihop;
          connect retry time 1;
          error wait time 1, 2;
          ipv4 { import none; export all; next hop address 192.0.2.9; };
        }
        """.formatted(address, statics, address, EndToEndIT.freePort(address), asn, SENTRY, port));
  }

  private boolean established(String peer) {
    for (JsonNode p : api.json("/api/v1/peers").path("peers")) {
      if (p.path("name").asText().equals(peer)) {
        return p.path("state").asText().equals("established");
      }
    }
    return false;
  }


}
