package org.bgpsentry.daemon;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.bgpsentry.codec.bmp.BmpCodec;
import org.bgpsentry.codec.bmp.BmpMessage;
import org.bgpsentry.codec.bmp.InformationTlv;
import org.bgpsentry.codec.bmp.PeerType;
import org.bgpsentry.codec.bmp.PerPeerHeader;
import org.bgpsentry.codec.error.UpdateResult;
import org.bgpsentry.codec.model.OpaqueBytes;
import org.bgpsentry.codec.model.Open;
import org.bgpsentry.codec.model.Update;
import org.bgpsentry.codec.model.attr.AsPathSegment;
import org.bgpsentry.codec.model.attr.OriginType;
import org.bgpsentry.codec.model.attr.PathAttribute;
import org.bgpsentry.codec.model.attr.PathAttributes;
import org.bgpsentry.codec.model.cap.Capability;
import org.bgpsentry.codec.model.nlri.Family;
import org.bgpsentry.codec.model.nlri.IpAddress;
import org.bgpsentry.codec.model.nlri.Nlri;
import org.bgpsentry.codec.model.nlri.Prefix;
import org.bgpsentry.codec.wire.DecodeContext;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The BMP station in a running daemon (docs/operators-guide.md "Monitoring routers with BMP"), fed over real sockets by routers played
 * here (BMP encoded by the project's codec): views per monitored peer, detection naming the router's
 * peer, Peer Down as peer_down, broken routers closed alone, unknown addresses refused.
 */
class BmpStationTest {
  static final String HOST = "127.0.0.93";
  static final String R1 = "127.0.0.94";
  static final String R2 = "127.0.0.95";
  static final String STRANGER = "127.0.0.96";
  static final Duration WAIT = Duration.ofSeconds(30);
  static final IpAddress NEIGHBOUR = IpAddress.parse("192.0.2.1");
  static final long ROUTER_AS = 65000;
  static final long NEIGHBOUR_AS = 65001;

  @TempDir Path dir;

  /** A router played by the test: a socket from {@code source} to the station. */
  static final class Router implements AutoCloseable {
    final Socket socket = new Socket();
    final OutputStream out;

    Router(String source, int port) throws IOException {
      socket.bind(new InetSocketAddress(InetAddress.getByName(source), 0));
      socket.connect(new InetSocketAddress(InetAddress.getByName(HOST), port), 5_000);
      out = socket.getOutputStream();
    }

    void send(BmpMessage... messages) throws IOException {
      ByteBuf buf = Unpooled.buffer();
      try {
        for (BmpMessage m : messages) {
          BmpCodec.encode(m, h -> DecodeContext.FOUR_OCTET_AS, buf);
        }
        byte[] b = new byte[buf.readableBytes()];
        buf.readBytes(b);
        out.write(b);
        out.flush();
      } finally {
        buf.release();
      }
    }

    void sendRaw(byte[] b) throws IOException {
      out.write(b);
      out.flush();
    }

    /** True once the station closed the connection (read returns EOF or fails). */
    boolean closedByStation() {
      try {
        socket.setSoTimeout(50);
        return socket.getInputStream().read() < 0;
      } catch (java.net.SocketTimeoutException e) {
        return false;
      } catch (IOException e) {
        return true;
      }
    }

    @Override
    public void close() throws IOException {
      socket.close();
    }
  }

  static PerPeerHeader peer(int flags) {
    return new PerPeerHeader(PeerType.GLOBAL_INSTANCE, flags, 0, NEIGHBOUR, NEIGHBOUR_AS, NEIGHBOUR, 0, 0);
  }

  static Open open(long asn, String id) {
    return Open.of(asn, 90, IpAddress.parse(id), List.of(
        new Capability.Multiprotocol(Family.IPV4_UNICAST), new Capability.FourOctetAs(asn)));
  }

  static BmpMessage.PeerUp peerUp() {
    return new BmpMessage.PeerUp(peer(0), IpAddress.parse("192.0.2.254"), 179, 40000,
        open(ROUTER_AS, "192.0.2.254"), open(NEIGHBOUR_AS, "192.0.2.1"), List.of());
  }

  static BmpMessage.RouteMonitoring announce(int flags, String prefix, long... path) {
    Update u = new Update(List.of(),
        PathAttributes.of(new PathAttribute.Origin(OriginType.IGP),
            new PathAttribute.AsPath(List.of(AsPathSegment.sequence(path))),
            new PathAttribute.NextHop(NEIGHBOUR)),
        List.of(Nlri.of(Prefix.parse(prefix))));
    return new BmpMessage.RouteMonitoring(peer(flags), UpdateResult.ok(u));
  }

  static BmpMessage.RouteMonitoring withdraw(String prefix) {
    return new BmpMessage.RouteMonitoring(peer(0),
        UpdateResult.ok(new Update(List.of(Nlri.of(Prefix.parse(prefix))), PathAttributes.EMPTY, List.of())));
  }

  static BmpMessage.Initiation initiation(String name) {
    return new BmpMessage.Initiation(List.of(InformationTlv.of(InformationTlv.SYS_NAME, name),
        InformationTlv.of(InformationTlv.SYS_DESCR, "played by BmpStationTest")));
  }

  @Test
  void viewsDetectionPeerDownAndBadRouters() throws Exception {
    int bmpPort = DaemonTest.freePort(HOST);
    config(bmpPort, "detect: [adj-rib-in-pre]");
    try (Daemon daemon = start()) {
      ApiClient api = new ApiClient(HOST, () -> daemon.httpAddress().getPort());
      try (Router r1 = new Router(R1, bmpPort); Router r2 = new Router(R2, bmpPort)) {
        r1.send(initiation("edge-one"), peerUp(),
            announce(0, "203.0.113.0/24", NEIGHBOUR_AS, 64496),
            announce(PerPeerHeader.FLAG_L, "203.0.113.0/24", NEIGHBOUR_AS, 64496),
            // FRR before 10.7 prepends the router's own AS: corrected
            announce(0, "198.51.100.0/24", ROUTER_AS, NEIGHBOUR_AS, 64497));
        await(api, "r1's views", () -> api.json("/api/v1/peers").path("peers").size() == 2);
        JsonNode routers = api.json("/api/v1/routers").path("routers");
        assertThat(routers.get(0).path("name").asText()).isEqualTo("r1");
        assertThat(routers.get(0).path("state").asText()).isEqualTo("up");
        assertThat(routers.get(0).path("sys_name").asText()).isEqualTo("edge-one");
        assertThat(routers.get(0).path("peers").asInt()).isEqualTo(1);
        assertThat(routers.get(0).path("routes").asInt()).isEqualTo(3);
        assertThat(routers.get(1).path("state").asText()).isEqualTo("up");
        System.gc(); // the gauges must survive a collection (Micrometer holds gauge objects weakly)
        String m = api.text("/metrics");
        assertThat(m).contains("bgpsentry_bmp_routes{afi=\"ipv4\",rib=\"adj-rib-in-pre\",router=\"r1\"} 2.0");
        assertThat(m).contains("bgpsentry_bmp_routes{afi=\"ipv4\",rib=\"adj-rib-in-post\",router=\"r1\"} 1.0");
        assertThat(m).contains("bgpsentry_bmp_routes{afi=\"ipv6\",rib=\"loc-rib\",router=\"r2\"} 0.0");
        assertThat(m).contains("bgpsentry_bmp_router_up{router=\"r2\"} 1.0");
        assertThat(m).contains("bgpsentry_bmp_messages_received_total{router=\"r1\",type=\"route_monitoring\"} 3.0");

        JsonNode routes = api.json("/api/v1/routes?prefix=203.0.113.0/24").path("routes");
        assertThat(routes).hasSize(2);
        for (JsonNode r : routes) {
          assertThat(r.path("peer").asText()).isEqualTo("r1:192.0.2.1");
          assertThat(r.path("source").asText()).isEqualTo("bmp");
          assertThat(r.path("router").asText()).isEqualTo("r1");
          assertThat(r.path("as_path").toString()).isEqualTo("[65001,64496]");
        }
        assertThat(routes.findValuesAsText("rib")).containsExactlyInAnyOrder("adj-rib-in-pre", "adj-rib-in-post");
        assertThat(api.json("/api/v1/routes?prefix=198.51.100.0/24").path("routes").get(0).path("as_path").toString())
            .isEqualTo("[65001,64497]");
        assertThat(api.text("/metrics")).contains("bgpsentry_bmp_as_path_corrections_total{router=\"r1\"} 1.0");
        // A prefix registered after its route came: the view's route reaches detection then.
        java.net.http.HttpResponse<String> posted = java.net.http.HttpClient.newHttpClient().send(
            java.net.http.HttpRequest.newBuilder(java.net.URI.create(
                    "http://" + HOST + ":" + daemon.httpAddress().getPort() + "/api/v1/prefixes"))
                .header("Content-Type", "application/json")
                .POST(java.net.http.HttpRequest.BodyPublishers.ofString(
                    "{\"prefixes\":[{\"prefix\":\"198.51.100.0/24\",\"origin_asns\":[64500]}]}"))
                .build(),
            java.net.http.HttpResponse.BodyHandlers.ofString());
        assertThat(posted.statusCode()).as(posted.body()).isEqualTo(200);
        await(api, "origin_hijack of the newly registered prefix", () -> firing(api, "origin_hijack") != null);
        assertThat(firing(api, "origin_hijack").path("prefix").asText()).isEqualTo("198.51.100.0/24");
        r1.send(withdraw("198.51.100.0/24"));
        await(api, "resolved", () -> firing(api, "origin_hijack") == null);

        // A hijack announced by the neighbour: an alert naming the router's peer.
        r1.send(announce(0, "203.0.113.0/24", NEIGHBOUR_AS, 666));
        await(api, "origin_hijack", () -> firing(api, "origin_hijack") != null);
        assertThat(firing(api, "origin_hijack").path("peers").get(0).path("name").asText()).isEqualTo("r1:192.0.2.1");
        // Withdrawn: resolved.
        r1.send(withdraw("203.0.113.0/24"));
        await(api, "origin_hijack resolved", () -> firing(api, "origin_hijack") == null);
        assertThat(api.json("/api/v1/routes?prefix=203.0.113.0/24").path("routes")).hasSize(1); // post-policy view

        // Garbage from r2: r2 closed and counted, r1 streams on.
        r2.sendRaw(new byte[] {3, 0, 0, 0, 5, 4}); // a length shorter than the common header
        await(api, "r2 closed", r2::closedByStation);
        assertThat(api.text("/metrics")).contains("bgpsentry_bmp_errors_total{kind=\"framing\",router=\"r2\"} 1.0");
        // A message type beyond RFC 7854's, well framed: skipped and counted, r1 stays.
        r1.sendRaw(new byte[] {3, 0, 0, 0, 8, 9, 1, 2});
        await(api, "unknown type counted",
            () -> api.text("/metrics").contains("bgpsentry_bmp_errors_total{kind=\"malformed\",router=\"r1\"} 1.0"));
        r1.send(announce(0, "203.0.113.0/24", NEIGHBOUR_AS, 64496));
        await(api, "r1 still streaming", () -> api.json("/api/v1/routes?prefix=203.0.113.0/24").path("routes").size() == 2);

        // An address that is no router: closed and counted.
        assertThat(closedAtOnce(STRANGER, bmpPort, new byte[0])).isTrue();
        await(api, "refused counted", () -> api.text("/metrics").contains("bgpsentry_bmp_refused_connections_total 1.0"));

        // Peer Down: peer_down naming the peer, its views withdrawn.
        r1.send(new BmpMessage.PeerDown(peer(0), BmpMessage.PeerDown.REMOTE_NO_DATA, null, -1, List.of(), OpaqueBytes.EMPTY));
        await(api, "peer_down", () -> firing(api, "peer_down") != null);
        assertThat(firing(api, "peer_down").path("key").asText()).endsWith("r1:192.0.2.1");
        assertThat(api.json("/api/v1/routes?prefix=203.0.113.0/24").path("routes")).isEmpty();
      }
    }
  }

  @Test
  void frrHeaderOnlyPeerUpStillGetsItsOwnAsPrependRemoved() throws Exception {
    int bmpPort = DaemonTest.freePort(HOST);
    config(bmpPort, "");
    try (Daemon daemon = start()) {
      ApiClient api = new ApiClient(HOST, () -> daemon.httpAddress().getPort());
      Router r1 = new Router(R1, bmpPort);
      // As FRR 8.4.4 sends it for a session up before BMP was configured: 19-octet OPENs.
      r1.send(new BmpMessage.PeerUp(peer(0), IpAddress.parse("192.0.2.254"), 179, 40000, null, null, List.of()),
          announce(0, "198.51.100.0/24", ROUTER_AS, NEIGHBOUR_AS, 64497),
          announce(0, "203.0.113.0/24", ROUTER_AS, NEIGHBOUR_AS, 64496));
      await(api, "both routes", () -> api.json("/api/v1/routes?prefix=203.0.113.0/24").path("routes").size() == 1
          && api.json("/api/v1/routes?prefix=198.51.100.0/24").path("routes").size() == 1);
      assertThat(api.json("/api/v1/routes?prefix=198.51.100.0/24").path("routes").get(0).path("as_path").toString())
          .isEqualTo("[65001,64497]");
      assertThat(api.json("/api/v1/routes?prefix=203.0.113.0/24").path("routes").get(0).path("as_path").toString())
          .isEqualTo("[65001,64496]");
      assertThat(api.text("/metrics")).contains("bgpsentry_bmp_as_path_corrections_total{router=\"r1\"} 2.0");
      r1.close();
    }
  }

  /** The peer's OPEN (received) and the router's (sent) with ADD-PATH entries for IPv4 unicast. */
  static BmpMessage.PeerUp peerUpWithAddPath(int routerSendReceive, int peerSendReceive) {
    return new BmpMessage.PeerUp(peer(0), IpAddress.parse("192.0.2.254"), 179, 40000,
        addPath(open(ROUTER_AS, "192.0.2.254"), routerSendReceive),
        addPath(open(NEIGHBOUR_AS, "192.0.2.1"), peerSendReceive), List.of());
  }

  static Open addPath(Open o, int sendReceive) {
    List<Capability> caps = new java.util.ArrayList<>(o.capabilities());
    caps.add(new Capability.AddPath(List.of(new Capability.AddPath.Entry(Family.IPV4_UNICAST, sendReceive))));
    return Open.of(o.asn(), o.holdTime(), o.bgpIdentifier(), caps);
  }

  /** {@code m} encoded with ADD-PATH Path Identifiers in IPv4 unicast NLRI, or without. */
  static byte[] encode(BmpMessage m, boolean addPath) {
    ByteBuf buf = Unpooled.buffer();
    try {
      DecodeContext ctx = addPath ? DecodeContext.FOUR_OCTET_AS.withAddPath(Family.IPV4_UNICAST) : DecodeContext.FOUR_OCTET_AS;
      BmpCodec.encode(m, h -> ctx, buf);
      byte[] b = new byte[buf.readableBytes()];
      buf.readBytes(b);
      return b;
    } finally {
      buf.release();
    }
  }

  static BmpMessage.RouteMonitoring announcePath(int flags, String prefix, long pathId, long... path) {
    BmpMessage.RouteMonitoring plain = announce(flags, prefix, path);
    Update u = plain.update().update();
    return new BmpMessage.RouteMonitoring(plain.peer(),
        UpdateResult.ok(new Update(List.of(), u.attributes(), List.of(new Nlri(Prefix.parse(prefix), pathId)))));
  }

  @Test
  void rfc7911_addPathPerDirectionAndRfc7606InsideBmp() throws Exception {
    int bmpPort = DaemonTest.freePort(HOST);
    config(bmpPort, "detect: [adj-rib-in-pre, adj-rib-out-pre]");
    try (Daemon daemon = start()) {
      ApiClient api = new ApiClient(HOST, () -> daemon.httpAddress().getPort());
      try (Router r1 = new Router(R1, bmpPort)) {
        // The peer sends paths, the router receives them: Adj-RIB-In NLRI carry Path Identifiers.
        // The router advertised no "send": its Adj-RIB-Out NLRI (O flag) carry none.
        r1.sendRaw(encode(peerUpWithAddPath(Capability.AddPath.RECEIVE, Capability.AddPath.BOTH), false));
        r1.sendRaw(encode(announcePath(0, "203.0.113.0/24", 1, NEIGHBOUR_AS, 64496), true));
        r1.sendRaw(encode(announcePath(0, "203.0.113.0/24", 2, NEIGHBOUR_AS, 64511, 64496), true));
        r1.sendRaw(encode(announce(PerPeerHeader.FLAG_O, "198.51.100.0/24", ROUTER_AS, 64500), false));
        await(api, "two paths in, one route out", () ->
            api.json("/api/v1/routes?prefix=203.0.113.0/24").path("routes").size() == 2
                && api.json("/api/v1/routes?prefix=198.51.100.0/24").path("routes").size() == 1);
        assertThat(api.json("/api/v1/routes?prefix=198.51.100.0/24").path("routes").get(0).path("rib").asText())
            .isEqualTo("adj-rib-out-pre");
        assertThat(api.json("/api/v1/routes?prefix=198.51.100.0/24").path("routes").get(0).path("as_path").toString())
            .isEqualTo("[65000,64500]"); // Adj-RIB-Out: the router's own AS leads, rightly, and stays

        // RFC 7606 §7.1 inside BMP: an undefined ORIGIN is treat-as-withdraw for that view.
        byte[] bad = encode(announcePath(0, "192.0.2.128/25", 3, NEIGHBOUR_AS, 64496), true);
        r1.sendRaw(encode(announcePath(0, "192.0.2.128/25", 3, NEIGHBOUR_AS, 64496), true));
        await(api, "192.0.2.128/25", () -> api.json("/api/v1/routes?prefix=192.0.2.128/25").path("routes").size() == 1);
        int origin = 6 + PerPeerHeader.LENGTH + 19 + 2 + 2; // common header, per-peer, BGP header, lengths
        assertThat(bad[origin + 1]).isEqualTo((byte) 1); // type code ORIGIN
        bad[origin + 3] = 7;
        r1.sendRaw(bad);
        await(api, "treat-as-withdraw", () -> api.json("/api/v1/routes?prefix=192.0.2.128/25").path("routes").isEmpty());
        assertThat(api.text("/metrics")).contains(
            "bgpsentry_bgp_update_errors_total{action=\"treat_as_withdraw\",peer=\"r1:192.0.2.1\"} 1.0");
        assertThat(r1.closedByStation()).isFalse();
        assertThat(api.json("/api/v1/routes?prefix=203.0.113.0/24").path("routes")).hasSize(2);
      }
    }
  }

  @Test
  void lostRouterKeepsRoutesForStaleAfterThenPeerDownUnlessBack() throws Exception {
    int bmpPort = DaemonTest.freePort(HOST);
    config(bmpPort, "stale_after: 3s");
    try (Daemon daemon = start()) {
      ApiClient api = new ApiClient(HOST, () -> daemon.httpAddress().getPort());
      BmpMessage.RouteMonitoring eor = new BmpMessage.RouteMonitoring(peer(0),
          UpdateResult.ok(Update.endOfRib(Family.IPV4_UNICAST)));
      try (Router r1 = new Router(R1, bmpPort)) {
        r1.send(initiation("edge-one"), peerUp(), announce(0, "203.0.113.0/24", NEIGHBOUR_AS, 64496), eor);
        await(api, "the route", () -> api.json("/api/v1/routes?prefix=203.0.113.0/24").path("routes").size() == 1);
      }
      // Lost, and back within stale_after with the same table: nothing goes, nothing fires twice.
      await(api, "r1 down", () -> api.json("/api/v1/routers").path("routers").get(0).path("state").asText().equals("down"));
      assertThat(api.json("/api/v1/routes?prefix=203.0.113.0/24").path("routes")).hasSize(1);
      try (Router again = new Router(R1, bmpPort)) {
        again.send(initiation("edge-one"), peerUp(), announce(0, "203.0.113.0/24", NEIGHBOUR_AS, 64496), eor);
        await(api, "r1 up", () -> api.json("/api/v1/routers").path("routers").get(0).path("state").asText().equals("up"));
        Thread.sleep(4_000); // past stale_after: the deadline must find the peer reported again
        assertThat(firing(api, "peer_down")).isNull();
        assertThat(api.json("/api/v1/routes?prefix=203.0.113.0/24").path("routes")).hasSize(1);
        assertThat(api.text("/metrics")).doesNotContain("bgpsentry_alerts_total{severity=\"warning\",type=\"peer_down\"} 1.0");
      }
      // Lost for good: after stale_after, peer_down for its peer and its routes withdrawn.
      await(api, "peer_down after stale_after", () -> firing(api, "peer_down") != null);
      assertThat(firing(api, "peer_down").path("key").asText()).endsWith("r1:192.0.2.1");
      assertThat(api.json("/api/v1/routes?prefix=203.0.113.0/24").path("routes")).isEmpty();
    }
  }

  @Test
  void badInputClosesOnlyThatConnectionAndAThousandOfThemKeepMemoryFlat() throws Exception {
    int bmpPort = DaemonTest.freePort(HOST);
    config(bmpPort, "");
    try (Daemon daemon = start()) {
      ApiClient api = new ApiClient(HOST, () -> daemon.httpAddress().getPort());
      try (Router good = new Router(R1, bmpPort)) {
        good.send(initiation("good"), peerUp());
        byte[][] bad = {
          {1, 0, 0, 0, 6, 4}, // version 1
          {3, 0, 0x10, 0, 1, 0}, // 1 MiB + 1
          {3, 0, 0, 0, 5, 4}, // shorter than the header
          {3, -1, -1, -1, -1, 0}, // 4 GiB - 1 (an unknown type in a good header is skipped instead)
          "GET / HTTP/1.1\r\n\r\n".getBytes(java.nio.charset.StandardCharsets.US_ASCII), // garbage
        };
        for (byte[] b : bad) {
          try (Router r2 = new Router(R2, bmpPort)) {
            r2.sendRaw(b);
            await(api, "closed after " + java.util.HexFormat.of().formatHex(b), r2::closedByStation);
          }
        }
        // Truncated: a message cut short, then the router closes; nothing of it is taken.
        try (Router r2 = new Router(R2, bmpPort)) {
          r2.sendRaw(new byte[] {3, 0, 0, 0, 40, 4, 0, 2});
        }
        assertThat(api.text("/metrics")).contains("bgpsentry_bmp_errors_total{kind=\"framing\",router=\"r2\"} 5.0");
        Runtime rt = Runtime.getRuntime();
        System.gc();
        long before = rt.totalMemory() - rt.freeMemory();
        for (int i = 0; i < 1_000; i++) {
          if (i % 2 == 0) {
            try (Router r2 = new Router(R2, bmpPort)) {
              r2.sendRaw(new byte[] {3, 0, 0x0f, 0, 0, 0}); // ~1 MiB announced, never sent: we close
            }
          } else {
            assertThat(closedAtOnce(STRANGER, bmpPort, new byte[0])).isTrue();
          }
        }
        await(api, "1,000 connections handled", () -> api.text("/metrics").contains("bgpsentry_bmp_refused_connections_total 500.0"));
        System.gc();
        long after = rt.totalMemory() - rt.freeMemory();
        assertThat(after - before).as("heap growth after 1,000 bad connections").isLessThan(32L << 20);
        // The good router was never disturbed.
        good.send(announce(0, "203.0.113.0/24", NEIGHBOUR_AS, 64496));
        await(api, "good router still streaming",
            () -> api.json("/api/v1/routes?prefix=203.0.113.0/24").path("routes").size() == 1);
        assertThat(api.json("/api/v1/routers").path("routers").get(0).path("state").asText()).isEqualTo("up");
      }
    }
  }

  /**
   * Connects from {@code source}, sends {@code bytes} and closes; true when the station closed (or
   * reset) the connection first, which a refused address sees at once.
   */
  static boolean closedAtOnce(String source, int port, byte[] bytes) {
    try (Router r = new Router(source, port)) {
      if (bytes.length > 0) {
        r.sendRaw(bytes);
      }
      r.socket.setSoTimeout(10_000);
      return r.socket.getInputStream().read() < 0;
    } catch (IOException e) {
      return true; // reset by the station
    }
  }

  /**
   * Writes {@code dir/bgpsentry.yml}: the station on {@code bmpPort} with routers r1 and r2, the
   * {@code bmp:} lines {@code extra} (newline-separated), a registry of 203.0.113.0/24 (AS64496).
   */
  @Test
  void aReloadAddsAndRemovesRoutersLiveAndANewDetectMakesThemSendAgain() throws Exception {
    int bmpPort = DaemonTest.freePort(HOST);
    config(bmpPort, "");
    try (Daemon daemon = start()) {
      ApiClient api = new ApiClient(HOST, () -> daemon.httpAddress().getPort());
      try (Router r1 = new Router(R1, bmpPort); Router r2 = new Router(R2, bmpPort)) {
        r1.send(initiation("edge-one"), peerUp(), announce(0, "203.0.113.0/24", NEIGHBOUR_AS, 64496));
        r2.send(initiation("edge-two"), peerUp(), announce(0, "203.0.113.0/24", NEIGHBOUR_AS, 64496));
        await(api, "both routers' routes",
            () -> api.json("/api/v1/routes?prefix=203.0.113.0/24").path("routes").size() == 2);
        // r2's view gets an update error series
        r2.sendRaw(undefinedOrigin());
        await(api, "r2's update error", () -> api.text("/metrics").contains(
            "bgpsentry_bgp_update_errors_total{action=\"treat_as_withdraw\",peer=\"r2:192.0.2.1\"} 1.0"));
        assertThat(api.text("/metrics")).contains("bgpsentry_bmp_router_up{router=\"r2\"} 1.0");

        // r2 removed, r3 added, stale_after changed: r2 closed and its view gone, r1 untouched
        config(bmpPort, "stale_after: 7s", "r1", R1, "r3", STRANGER);
        assertThat(api.post("/api/v1/reload", "{}")).isEqualTo(200);
        await(api, "r2 closed by the station", r2::closedByStation);
        assertThat(api.json("/api/v1/routers").path("routers").findValuesAsText("name")).containsExactly("r1", "r3");
        JsonNode left = api.json("/api/v1/routes?prefix=203.0.113.0/24").path("routes");
        assertThat(left).hasSize(1);
        assertThat(left.get(0).path("peer").asText()).isEqualTo("r1:192.0.2.1");
        assertThat(firing(api, "peer_down")).as("a router removed raises no peer_down").isNull();
        assertThat(api.text("/metrics")).as("a router removed has no series, nor have its views")
            .doesNotContain("router=\"r2\"").doesNotContain("peer=\"r2:")
            .contains("bgpsentry_bmp_router_up{router=\"r1\"} 1.0", "bgpsentry_bmp_router_up{router=\"r3\"} 0.0");
        assertThat(r1.closedByStation()).as("r1 stays connected").isFalse();
        r1.send(withdraw("203.0.113.0/24"));
        await(api, "r1 still streaming", () -> api.json("/api/v1/routes?prefix=203.0.113.0/24").path("routes").isEmpty());

        try (Router r3 = new Router(STRANGER, bmpPort)) {
          r3.send(initiation("edge-three"), peerUp(), announce(0, "203.0.113.0/24", NEIGHBOUR_AS, 64496));
          await(api, "r3's route", () -> api.json("/api/v1/routes?prefix=203.0.113.0/24").path("routes").size() == 1);
          assertThat(api.json("/api/v1/routes?prefix=203.0.113.0/24").path("routes").get(0).path("router").asText())
              .isEqualTo("r3");
          assertThat(api.text("/metrics")).contains("bgpsentry_bmp_router_up{router=\"r3\"} 1.0")
              .contains("bgpsentry_bmp_routes{afi=\"ipv4\",rib=\"adj-rib-in-pre\",router=\"r3\"} 1.0");

          // a new detect: every router's views go and its connection closes, to be sent again
          config(bmpPort, "stale_after: 7s\ndetect: [adj-rib-in-post]", "r1", R1, "r3", STRANGER);
          assertThat(api.post("/api/v1/reload", "{}")).isEqualTo(200);
          await(api, "r1 closed for the new detect", r1::closedByStation);
          await(api, "r3 closed for the new detect", r3::closedByStation);
          assertThat(api.json("/api/v1/routes?prefix=203.0.113.0/24").path("routes")).isEmpty();
        }
        // and r1 comes back under the new detect
        try (Router again = new Router(R1, bmpPort)) {
          again.send(initiation("edge-one"), peerUp(), announce(PerPeerHeader.FLAG_L, "203.0.113.0/24", NEIGHBOUR_AS, 64496));
          await(api, "r1's post-policy view", () -> api.json("/api/v1/peers").path("peers").size() == 1);
          assertThat(api.json("/api/v1/peers").path("peers").get(0).path("rib").asText()).isEqualTo("adj-rib-in-post");
          assertThat(api.json("/api/v1/peers").path("peers").get(0).path("name").asText()).isEqualTo("r1:192.0.2.1");
        }
      }
    }
  }

  @Test
  void aPeerGoneForGoodLosesItsSeriesAFlappingOneKeepsItsCounters() throws Exception {
    int bmpPort = DaemonTest.freePort(HOST);
    config(bmpPort, "stale_after: 2s");
    String errors = "bgpsentry_bgp_update_errors_total{action=\"treat_as_withdraw\",peer=\"r1:192.0.2.1\"} ";
    String statistic = "bgpsentry_bmp_router_statistic{peer=\"r1:192.0.2.1\",router=\"r1\",stat=\"0\"} 5.0";
    BmpMessage.StatisticsReport report = new BmpMessage.StatisticsReport(peer(0),
        List.of(new org.bgpsentry.codec.bmp.Statistic(0, null, 5, OpaqueBytes.of(new byte[] {0, 0, 0, 5}))));
    BmpMessage.PeerDown peerDown =
        new BmpMessage.PeerDown(peer(0), BmpMessage.PeerDown.REMOTE_NO_DATA, null, -1, List.of(), OpaqueBytes.EMPTY);
    try (Daemon daemon = start()) {
      ApiClient api = new ApiClient(HOST, () -> daemon.httpAddress().getPort());
      try (Router r1 = new Router(R1, bmpPort)) {
        r1.send(initiation("edge-one"), peerUp(), report);
        r1.sendRaw(undefinedOrigin());
        await(api, "the peer's series", () -> api.text("/metrics").contains(errors + "1.0")
            && api.text("/metrics").contains(statistic));

        // A flap: Peer Down, Peer Up at once. Its series stay past stale_after, its counter goes on.
        r1.send(peerDown, peerUp());
        await(api, "peer_down", () -> firing(api, "peer_down") != null);
        Thread.sleep(3_000); // past stale_after after the Peer Down: the peer is back, nothing goes
        r1.sendRaw(undefinedOrigin());
        await(api, "the error counted on", () -> api.text("/metrics").contains(errors + "2.0"));
        assertThat(api.text("/metrics")).contains(statistic);

        // Down for good: stale_after after its Peer Down its series are gone, the router's stay.
        r1.send(peerDown);
        await(api, "the peer's series gone", () -> !api.text("/metrics").contains("peer=\"r1:192.0.2.1\""));
        assertThat(api.text("/metrics")).contains(
            "bgpsentry_bmp_router_up{router=\"r1\"} 1.0",
            "bgpsentry_bmp_messages_received_total{router=\"r1\",type=\"peer_down\"} 2.0");

        // Back after all: its series start again.
        r1.send(peerUp(), report);
        r1.sendRaw(undefinedOrigin());
        await(api, "the peer's series again", () -> api.text("/metrics").contains(errors + "1.0")
            && api.text("/metrics").contains(statistic));
      }
    }
  }

  /** A Route Monitoring message whose UPDATE has an undefined ORIGIN (RFC 7606 §7.1: treat-as-withdraw). */
  static byte[] undefinedOrigin() {
    byte[] bad = encode(announce(0, "192.0.2.128/25", NEIGHBOUR_AS, 64496), false);
    int origin = 6 + PerPeerHeader.LENGTH + 19 + 2 + 2; // common header, per-peer, BGP header, lengths
    assertThat(bad[origin + 1]).isEqualTo((byte) 1); // type code ORIGIN
    bad[origin + 3] = 7;
    return bad;
  }

  private void config(int bmpPort, String extra) throws IOException {
    config(bmpPort, extra, "r1", R1, "r2", R2);
  }

  /** {@code routers}: name, address, name, address, ... */
  private void config(int bmpPort, String extra, String... routers) throws IOException {
    Files.writeString(dir.resolve("prefixes.yml"), "prefixes:\n  - {prefix: 203.0.113.0/24, origin_asns: [64496]}\n");
    StringBuilder list = new StringBuilder();
    for (int i = 0; i < routers.length; i += 2) {
      list.append("    - {name: ").append(routers[i]).append(", address: ").append(routers[i + 1]).append("}\n");
    }
    StringBuilder bmp = new StringBuilder();
    for (String line : extra.isEmpty() ? new String[0] : extra.split("\n")) {
      bmp.append("  ").append(line).append('\n');
    }
    Files.writeString(dir.resolve("bgpsentry.yml"), """
        bmp:
          listen: "%s:%d"
          routers:
        %s%sregistry: {file: prefixes.yml}
        http: {listen: "%s:0"}
        state_dir: state
        """.formatted(HOST, bmpPort, list, bmp, HOST));
  }

  /** The daemon of {@code dir/bgpsentry.yml} with detection, sessions and the BMP station, started. */
  private Daemon start() throws Exception {
    return Daemons.startWithBmp(dir.resolve("bgpsentry.yml"));
  }

  static JsonNode firing(ApiClient api, String type) {
    for (JsonNode a : api.json("/api/v1/alerts?status=firing&type=" + type).path("alerts")) {
      return a;
    }
    return null;
  }

  static void await(ApiClient api, String what, java.util.function.BooleanSupplier cond) throws InterruptedException {
    org.bgpsentry.daemon.session.ExternalDaemon.await(what, WAIT, cond);
  }
}
