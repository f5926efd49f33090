package org.bgpsentry.daemon.session;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.bgpsentry.daemon.Daemon;
import org.bgpsentry.daemon.Daemons;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The BMP station (docs/operators-guide.md "Monitoring routers with BMP") with real routers: FRR 8.4.4's bgpd ({@code -M bmp}) fed by
 * ExaBGP, and GoBGP 3.10 fed by ExaBGP (its neighbour's views after a Peer Up, and its Loc-RIB as
 * peer type 3 without one). Exact routes per view, a withdrawal,
 * a hijack raising an alert that names the router's peer, the router killed with -9 and restarted
 * (re-synced, nothing counted twice), the neighbour going down (peer_down).
 */
class BmpInteropTest {
  static final String STATION = "127.0.0.100";
  static final String FRR = "127.0.0.101";
  static final String EXABGP = "127.0.0.102";
  static final String GOBGP = "127.0.0.110";
  static final String GOBGP_NEIGHBOUR = "127.0.0.111";
  static final Duration WAIT = Duration.ofSeconds(60);
  private static final ObjectMapper JSON = new ObjectMapper();
  private final HttpClient http = HttpClient.newHttpClient();

  @TempDir Path dir;
  private Daemon daemon;

  /** The daemon with a BMP station on {@code listen}, routers {@code routers} (YAML list items). */
  private Daemon daemon(String listen, String routers, String detect) throws Exception {
    Files.writeString(dir.resolve("prefixes.yml"), "prefixes:\n  - {prefix: 203.0.113.0/24, origin_asns: [3333]}\n");
    Files.writeString(dir.resolve("bgpsentry.yml"), """
        bmp:
          listen: %s
          routers:
        %s
          detect: %s
          stale_after: 30s
        registry: {file: prefixes.yml}
        http: {listen: "%s:0"}
        state_dir: state
        """.formatted(listen, routers, detect, STATION));
    return Daemons.startWithBmp(dir.resolve("bgpsentry.yml"));
  }

  private JsonNode get(String path) {
    try {
      String body = http.send(HttpRequest.newBuilder(URI.create("http://" + STATION + ":" + daemon.httpAddress().getPort()
          + path)).build(), HttpResponse.BodyHandlers.ofString()).body();
      return JSON.readTree(body);
    } catch (IOException e) {
      return JSON.createObjectNode();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return JSON.createObjectNode();
    }
  }

  private String metrics() {
    try {
      return http.send(HttpRequest.newBuilder(URI.create("http://" + STATION + ":" + daemon.httpAddress().getPort()
          + "/metrics")).build(), HttpResponse.BodyHandlers.ofString()).body();
    } catch (IOException | InterruptedException e) {
      return "";
    }
  }

  /** "rib as_path" of each route for {@code prefix}, sorted. */
  private List<String> routes(String prefix) {
    List<String> out = new ArrayList<>();
    for (JsonNode r : get("/api/v1/routes?prefix=" + prefix).path("routes")) {
      out.add(r.path("peer").asText() + " " + r.path("rib").asText() + " " + r.path("as_path"));
    }
    out.sort(null);
    return out;
  }

  private JsonNode firing(String type) {
    for (JsonNode a : get("/api/v1/alerts?status=firing&type=" + type).path("alerts")) {
      return a;
    }
    return null;
  }

  private JsonNode router(String name) {
    for (JsonNode r : get("/api/v1/routers").path("routers")) {
      if (r.path("name").asText().equals(name)) {
        return r;
      }
    }
    return JSON.createObjectNode();
  }

  private ExternalDaemon bgpd(int bgpPort, int bmpPort) throws IOException {
    String bgpd = ExternalDaemon.require("/usr/lib/frr/bgpd", "frr");
    Files.writeString(dir.resolve("bgpd.conf"), """
        frr defaults traditional
        hostname r1
        log stdout informational
        router bgp 65100
         bgp router-id %s
         no bgp ebgp-requires-policy
         neighbor %s remote-as 174
         neighbor %s timers connect 1
         neighbor %s disable-connected-check
         address-family ipv4 unicast
          neighbor %s soft-reconfiguration inbound
         exit-address-family
         bmp targets station
          bmp connect %s port %d min-retry 1000 max-retry 10000
          bmp monitor ipv4 unicast pre-policy
          bmp monitor ipv4 unicast post-policy
          bmp stats interval 1000
         exit
        exit
        """.formatted(FRR, EXABGP, EXABGP, EXABGP, EXABGP, STATION, bmpPort));
    return ExternalDaemon.start("bgpd", dir, List.of(bgpd, "-f", dir.resolve("bgpd.conf").toString(),
        "-i", dir.resolve("bgpd.pid").toString(), "-z", dir.resolve("zserv.api").toString(),
        "--vty_socket", dir.toString(), "-S", "-Z", "-n", "-M", "bmp", "-l", FRR, "-p", Integer.toString(bgpPort)));
  }

  @Test
  void frrPrePostPolicyHijackWithdrawKillRestartAndPeerDown() throws Exception {
    int bmpPort = Loopback.freePort(STATION);
    int bgpPort = Loopback.freePort(FRR);
    ExternalDaemon.require("/usr/lib/frr/bgpd", "frr");
    ExternalDaemon.require("exabgp", "exabgp");
    daemon = daemon("\"" + STATION + ":" + bmpPort + "\"", "    - {name: r1, address: 127.0.0.1}", "[adj-rib-in-pre]");
    Path exaDir = Files.createDirectories(dir.resolve("exabgp"));
    ExternalDaemon[] frr = {bgpd(bgpPort, bmpPort)};
    try (Daemon running = daemon; Exabgp exa = Exabgp.start(exaDir, EXABGP, 174, FRR, 65100, bgpPort, "ipv4 unicast;", """
            route 203.0.113.0/24 next-hop 192.0.2.102 as-path [174 3333];
            route 198.51.100.0/24 next-hop 192.0.2.102 as-path [174 3333];
        """)) {
      String peer = "r1:" + EXABGP;
      List<String> both = List.of(peer + " adj-rib-in-post [174,3333]", peer + " adj-rib-in-pre [174,3333]");
      ExternalDaemon.await(() -> "both views of " + peer + ": " + routes("203.0.113.0/24") + "\n" + frr[0].log(), WAIT,
          () -> routes("203.0.113.0/24").equals(both) && routes("198.51.100.0/24").equals(both));
      JsonNode r1 = router("r1");
      assertThat(r1.path("state").asText()).isEqualTo("up");
      assertThat(r1.path("sys_name").asText()).isEqualTo("r1");
      assertThat(r1.path("sys_descr").asText()).contains("FRRouting");
      // FRR 8.4.4 prepends its own AS (65100) in BMP: removed, so no path is one hop too long.
      assertThat(metrics()).containsPattern("bgpsentry_bmp_as_path_corrections_total\\{router=\"r1\"} [1-9]");
      assertThat(metrics()).contains("bgpsentry_bmp_router_up{router=\"r1\"} 1.0");

      // A hijack from the neighbour: the alert names the router's peer.
      exa.command("announce route 203.0.113.0/24 next-hop 192.0.2.102 as-path [174 666]");
      ExternalDaemon.await("origin_hijack", WAIT, () -> firing("origin_hijack") != null);
      assertThat(firing("origin_hijack").path("peers").get(0).path("name").asText()).isEqualTo(peer);
      assertThat(firing("origin_hijack").path("as_path").toString()).isEqualTo("[174,666]");
      exa.command("announce route 203.0.113.0/24 next-hop 192.0.2.102 as-path [174 3333]");
      ExternalDaemon.await("origin_hijack resolved", WAIT, () -> firing("origin_hijack") == null);

      // A withdrawal reaches both views.
      exa.command("withdraw route 198.51.100.0/24 next-hop 192.0.2.102");
      ExternalDaemon.await("198.51.100.0/24 withdrawn", WAIT, () -> routes("198.51.100.0/24").isEmpty());

      // The router killed with -9 and restarted: its routes stay meanwhile, then it re-syncs.
      frr[0].signal("KILL");
      ExternalDaemon.await("r1 down", WAIT, () -> router("r1").path("state").asText().equals("down"));
      assertThat(routes("203.0.113.0/24")).isEqualTo(both);
      frr[0].close();
      frr[0] = bgpd(bgpPort, bmpPort);
      ExternalDaemon frr2 = frr[0];
      ExternalDaemon.await(() -> "r1 back and re-synced: " + routes("203.0.113.0/24") + "\n" + frr2.log(), WAIT,
          () -> router("r1").path("state").asText().equals("up") && routes("203.0.113.0/24").equals(both));
      assertThat(metrics()).contains("bgpsentry_alerts_total{severity=\"critical\",type=\"origin_hijack\"} 1.0");

      // The neighbour goes down: peer_down for it, its routes gone.
      exa.close();
      ExternalDaemon.await("peer_down for " + peer, WAIT, () -> firing("peer_down") != null
          && firing("peer_down").path("key").asText().endsWith(peer));
      ExternalDaemon.await("routes gone", WAIT, () -> routes("203.0.113.0/24").isEmpty());
    } finally {
      frr[0].close();
    }
  }

  @Test
  void gobgpLocRibWithoutPeerUpAndAnExabgpNeighbour() throws Exception {
    ExternalDaemon.require("exabgp", "exabgp");
    int bmpPort = Loopback.freePort("::1");
    int bgpPort = Loopback.freePort(GOBGP);
    daemon = daemon("\"[::1]:" + bmpPort + "\"", "    - {name: r2, address: \"::1\"}", "[adj-rib-in-pre, loc-rib]");
    Gobgp g = Gobgp.start(dir, GOBGP, 65200, bgpPort, GOBGP_NEIGHBOUR, 174, """
        [[bmp-servers]]
          [bmp-servers.config]
            address = "::1"
            port = %d
            route-monitoring-policy = "all"
            statistics-timeout = 15
        """.formatted(bmpPort));
    Path exaDir = Files.createDirectories(dir.resolve("exabgp"));
    try (Daemon running = daemon; Exabgp exa = Exabgp.start(exaDir, GOBGP_NEIGHBOUR, 174, GOBGP, 65200, bgpPort,
        "ipv4 unicast;", "    route 198.51.100.0/24 next-hop 192.0.2.111 as-path [174 3333];\n")) {
      ExternalDaemon.await(() -> "r2 up: " + g.log(), WAIT, () -> router("r2").path("state").asText().equals("up"));
      // The neighbour's route in GoBGP's pre- and post-policy Adj-RIB-In (after its Peer Up) and Loc-RIB.
      String peer = "r2:" + GOBGP_NEIGHBOUR;
      ExternalDaemon.await(() -> "the neighbour's route in every view: " + routes("198.51.100.0/24") + "\n" + g.log(),
          WAIT, () -> routes("198.51.100.0/24").equals(List.of(
              peer + " adj-rib-in-post [174,3333]", peer + " adj-rib-in-pre [174,3333]",
              "r2:loc-rib loc-rib [174,3333]")));

      // Loc-RIB without Peer Up: routes added with the CLI, a hijack, a withdrawal.
      g.add("203.0.113.0/24", "aspath", "65300,3333");
      g.add("203.0.113.128/25", "aspath", "65300,666");
      ExternalDaemon.await(() -> "Loc-RIB routes: " + routes("203.0.113.0/24") + "\n" + g.log(), WAIT,
          () -> routes("203.0.113.0/24").equals(List.of("r2:loc-rib loc-rib [65300,3333]")));
      ExternalDaemon.await("subprefix_hijack", WAIT, () -> firing("subprefix_hijack") != null);
      assertThat(firing("subprefix_hijack").path("peers").get(0).path("name").asText()).isEqualTo("r2:loc-rib");
      g.delete("203.0.113.128/25");
      ExternalDaemon.await("subprefix_hijack resolved", WAIT, () -> firing("subprefix_hijack") == null);
      assertThat(routes("203.0.113.128/25")).isEmpty();

      // The neighbour goes down: peer_down for it, its routes gone from every view.
      exa.close();
      ExternalDaemon.await("peer_down for " + peer, WAIT, () -> firing("peer_down") != null
          && firing("peer_down").path("key").asText().endsWith(peer));
      ExternalDaemon.await("the neighbour's routes gone", WAIT, () -> routes("198.51.100.0/24").isEmpty());
    } finally {
      g.close();
    }
  }
}
