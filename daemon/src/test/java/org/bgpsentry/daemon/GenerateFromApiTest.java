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
import java.util.ArrayList;
import java.util.List;
import org.bgpsentry.analytics.prefix.RegisteredPrefix;
import org.bgpsentry.codec.model.Update;
import org.bgpsentry.codec.model.attr.PathAttribute;
import org.bgpsentry.codec.model.attr.PathAttributes;
import org.bgpsentry.codec.model.nlri.IpAddress;
import org.bgpsentry.codec.model.nlri.Nlri;
import org.bgpsentry.daemon.cli.BgpsentryCommand;
import org.bgpsentry.daemon.config.RegistryLoader;
import org.bgpsentry.daemon.ingest.MrtRibRoutes;
import org.bgpsentry.daemon.alert.Receiver;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code generate --api} (docs/operators-guide.md "Public vantage points: RIS Live") against a running daemon whose BGP peer (a {@link
 * ScriptedPeer} as AS1853) sends the routes RIS peer 193.203.0.1 (AS1853) held in the rrc05 RIB
 * test data; {@code GET /api/v1/routes?origin_asn=N} is the call it uses.
 */
class GenerateFromApiTest {
  static final String HOST = "127.0.0.1";
  static final String PEER = "127.0.0.3";
  @TempDir Path dir;

  @Test
  void theDaemonsRoutesOfAnOriginBecomeAPrefixList() throws Exception {
    int bgpPort = DaemonTest.freePort(HOST);
    Files.writeString(dir.resolve("bgpsentry.yml"), """
        bgp: {listen: "%s:%d", local_asn: 64512, router_id: 192.0.2.1}
        peers:
          - {name: rrc05-as1853, address: %s, remote_asn: 1853}
        http: {listen: "%s:0"}
        state_dir: state
        """.formatted(HOST, bgpPort, PEER, HOST));
    Daemon.Loaded loaded = Daemon.load(dir.resolve("bgpsentry.yml"));
    DetectionComponent detection = new DetectionComponent();
    List<MrtRibRoutes.Route> routes = new ArrayList<>();
    new MrtRibRoutes().read(Path.of(getClass().getResource("/mrt/rrc05-bview.20020722.2337-trimmed.gz").toURI()),
        r -> {
          if (r.peerAddress().equals(IpAddress.parse("193.203.0.1"))) {
            routes.add(r);
          }
        });
    assertThat(routes).hasSizeGreaterThan(100);
    try (Daemon daemon = new Daemon(loaded.config(), loaded.registry(),
            List.of(detection, new SessionsComponent(detection)));
        HttpClient http = HttpClient.newHttpClient()) {
      daemon.start();
      String api = "http://" + HOST + ":" + daemon.httpAddress().getPort();
      try (ScriptedPeer peer = new ScriptedPeer(PEER, HOST, bgpPort, 1853)) {
        Receiver.await(peer::established, Duration.ofSeconds(60), "session Established");
        for (MrtRibRoutes.Route r : routes) {
          PathAttributes a = r.attributes();
          peer.send(new Update(List.of(), PathAttributes.of(new PathAttribute.Origin(a.origin()),
              a.find(PathAttribute.AsPath.class), new PathAttribute.NextHop(IpAddress.parse(PEER))),
              List.of(Nlri.of(r.prefix()))));
        }
        String last = routes.getLast().prefix().toString();
        Receiver.await(() -> routes(http, api + "/api/v1/routes?prefix=" + last).size() == 1, Duration.ofSeconds(60),
            "the last route");

        JsonNode own = routes(http, api + "/api/v1/routes?origin_asn=16305");
        List<String> prefixes = new ArrayList<>();
        own.forEach(r -> prefixes.add(r.get("prefix").asText() + " " + r.get("origin_asn").asLong()));
        assertThat(prefixes).containsExactlyInAnyOrder("194.48.124.0/22 16305", "194.48.128.0/22 16305",
            "194.48.132.0/22 16305", "194.48.132.0/24 16305", "194.48.136.0/22 16305");
        HttpResponse<String> bad = http.send(HttpRequest.newBuilder(URI.create(api + "/api/v1/routes?origin_asn=AS1")).build(),
            HttpResponse.BodyHandlers.ofString());
        assertThat(bad.statusCode()).isEqualTo(400);
        assertThat(bad.body()).contains("invalid origin_asn 'AS1' (expected: an AS number 0..4294967295)");

        org.bgpsentry.daemon.cli.Cli.Run g = org.bgpsentry.daemon.cli.Cli.run("generate", "--asn", "16305", "--api", api);
        assertThat(g.code()).as(g.err()).isZero();
        String yml = g.out();
        assertThat(yml).contains("# source: the daemon at " + api + " (1 peers)");
        Files.writeString(dir.resolve("prefixes.yml"), yml);
        List<RegisteredPrefix> reg = RegistryLoader.load(dir.resolve("prefixes.yml"));
        assertThat(reg).extracting(e -> e.prefix() + " " + e.originAsns() + " " + e.upstreamAsns() + " " + e.maxLength())
            .containsExactly(
                "194.48.124.0/22 [16305] [8447] 22",
                "194.48.128.0/22 [16305] [6461] 22",
                "194.48.132.0/22 [16305] [1901, 8447] 24",
                "194.48.136.0/22 [16305] [1901] 22");
        assertThat(BgpsentryCommand.execute("generate", "--asn", "64999", "--api", api)).isEqualTo(1);
      } finally {
        daemon.close();
      }
    }
  }

  private static JsonNode routes(HttpClient http, String url) {
    try {
      HttpResponse<String> r = http.send(HttpRequest.newBuilder(URI.create(url)).build(), HttpResponse.BodyHandlers.ofString());
      assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
      return new ObjectMapper().readTree(r.body()).get("routes");
    } catch (Exception e) {
      throw new IllegalStateException(e);
    }
  }
}
