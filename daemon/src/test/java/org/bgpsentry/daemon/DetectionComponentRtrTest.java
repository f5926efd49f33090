package org.bgpsentry.daemon;

import static org.assertj.core.api.Assertions.assertThat;
import static org.bgpsentry.daemon.ingest.RtrClientTest.await;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import org.bgpsentry.analytics.alert.Alert;
import org.bgpsentry.analytics.alert.AlertStatus;
import org.bgpsentry.analytics.alert.AlertType;
import org.bgpsentry.analytics.event.EventKind;
import org.bgpsentry.analytics.event.PeerEvent;
import org.bgpsentry.analytics.event.PeerId;
import org.bgpsentry.analytics.event.RouteEvent;
import org.bgpsentry.codec.model.attr.AsPathSegment;
import org.bgpsentry.codec.model.attr.OriginType;
import org.bgpsentry.codec.model.attr.PathAttribute;
import org.bgpsentry.codec.model.attr.PathAttributes;
import org.bgpsentry.codec.model.nlri.IpAddress;
import org.bgpsentry.codec.model.nlri.Nlri;
import org.bgpsentry.codec.model.nlri.Prefix;
import org.bgpsentry.daemon.ingest.RtrClientTest;
import org.bgpsentry.daemon.metrics.BgpsentryMetrics;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * RPKI data from a real StayRTR cache through the detection component and its engine: ASPA
 * records that arrive only over RTR version 2 raise and resolve a route_leak, and the VRPs of
 * the cache and of the VRP file are validated and counted as one union, each part replaced on its
 * own (docs/configuration.md {@code rpki}).
 */
class DetectionComponentRtrTest {
  static final ObjectMapper JSON = new ObjectMapper();
  static final PeerId EDGE1 = new PeerId("edge1", IpAddress.parse("192.0.2.11"), 64500);
  static final Prefix REGISTERED = Prefix.parse("203.0.113.0/24");

  @TempDir Path dir;
  private Process stayrtr;
  private DetectionComponent component;

  @AfterEach
  void stop() throws InterruptedException {
    if (component != null) {
      component.close();
    }
    if (stayrtr != null) {
      RtrClientTest.stop(stayrtr);
    }
  }

  private static RouteEvent announce(Prefix p, long... path) {
    PathAttributes a = PathAttributes.of(new PathAttribute.Origin(OriginType.IGP),
        new PathAttribute.AsPath(List.of(AsPathSegment.sequence(path))),
        new PathAttribute.NextHop(IpAddress.parse("192.0.2.11")));
    return new RouteEvent(EDGE1, p, Nlri.NO_PATH_ID, a, null, EventKind.ANNOUNCE, Instant.now());
  }

  /** Starts StayRTR on {@code cache} and the component with {@code rpki} as its config's rpki map. */
  private BgpsentryMetrics start(Path cache, String rpki, List<Alert> sent) throws Exception {
    int port = RtrClientTest.freePort();
    stayrtr = RtrClientTest.startStayrtr(cache, port, 2, dir.resolve("stayrtr.log"));
    Files.writeString(dir.resolve("prefixes.yml"), """
        prefixes:
          - {prefix: 203.0.113.0/24, origin_asns: [64496]}
        """);
    Files.writeString(dir.resolve("bgpsentry.yml"), """
        bgp: {listen: "127.0.0.1:0", local_asn: 65000, router_id: 192.0.2.1}
        peers: [{name: edge1, address: 192.0.2.11, remote_asn: 64500}]
        registry: {file: prefixes.yml}
        rpki: {%s}
        state_dir: state
        """.formatted(rpki.replace("PORT", Integer.toString(port))));
    Daemon.Loaded loaded = Daemon.load(dir.resolve("bgpsentry.yml"));
    BgpsentryMetrics metrics = new BgpsentryMetrics();
    component = new DetectionComponent();
    component.start(new DaemonContext(metrics, sent::add, List.of(), dir.resolve("state"), Clock.systemUTC()),
        loaded.config(), loaded.registry());
    return metrics;
  }

  /**
   * draft-ietf-sidrops-aspa-verification §6.2 downstream (the peer has no role) with ASPAs only
   * from the cache: AS64496 attests AS64501 alone and AS64500 attests AS64502, so AS64510 between
   * them passed the route from a non-customer to a non-customer. When AS64496 adds AS64510 to its
   * providers while connected, the leak resolves.
   */
  @Test
  void aspaOverRtrOnlyRaisesARouteLeakAndAChangedAspaResolvesIt() throws Exception {
    Path cache = dir.resolve("cache.json");
    ArrayNode roas = JSON.createArrayNode();
    roas.addObject().put("prefix", "192.0.2.0/24").put("maxLength", 24).put("asn", 64499);
    RtrClientTest.write(cache, roas, Map.of(64496L, List.of(64501L), 64500L, List.of(64502L)));
    List<Alert> sent = new CopyOnWriteArrayList<>();
    start(cache, "rtr: \"" + RtrClientTest.CACHE_HOST + ":PORT\"", sent);

    component.offer(new PeerEvent.Established(EDGE1, Instant.now()));
    component.offer(announce(REGISTERED, 64500, 64510, 64496));
    String key = "route_leak|203.0.113.0/24|203.0.113.0/24|64510";
    await(() -> "route_leak by ASPA from RTR, sent " + sent, () -> sent.stream().anyMatch(a -> a.key().equals(key)));
    Alert leak = sent.stream().filter(a -> a.key().equals(key)).findFirst().orElseThrow();
    assertThat(leak.type()).isEqualTo(AlertType.ROUTE_LEAK);
    assertThat(leak.status()).isEqualTo(AlertStatus.FIRING);
    assertThat(leak.details()).containsEntry("rule", "aspa").containsEntry("after_asn", 64500L);

    RtrClientTest.write(cache, roas, Map.of(64496L, List.of(64501L, 64510L), 64500L, List.of(64502L)));
    await(() -> "the leak resolved after the ASPA change, sent " + sent,
        () -> sent.stream().anyMatch(a -> a.key().equals(key) && a.status() == AlertStatus.RESOLVED));
    assertThat(sent).filteredOn(a -> a.type() == AlertType.ROUTE_LEAK).hasSize(2);
  }

  /**
   * With {@code vrp_file} and {@code rtr}, validation and {@code bgpsentry_rpki_vrps} use the
   * union (a VRP in both counts once); an RTR update replaces only the cache's part, a new file
   * only the file's part.
   */
  @Test
  void vrpFileAndRtrAreOneUnionEachPartReplacedOnItsOwn() throws Exception {
    Path file = dir.resolve("vrps.json");
    Files.writeString(file, """
        {"roas": [{"prefix": "203.0.113.0/24", "maxLength": 24, "asn": 64496},
                  {"prefix": "198.51.100.0/24", "maxLength": 24, "asn": 64497}]}
        """);
    Path cache = dir.resolve("cache.json");
    RtrClientTest.write(cache, roas("203.0.113.0/24", 64496, "192.0.2.0/24", 64499));
    BgpsentryMetrics metrics = start(cache, "vrp_file: vrps.json, rtr: \"" + RtrClientTest.CACHE_HOST + ":PORT\"", new CopyOnWriteArrayList<>());

    await(() -> "3 distinct IPv4 VRPs, scrape " + vrpGauges(metrics), () -> ipv4Vrps(metrics) == 3);
    assertThat(component.rpkiState(Prefix.parse("192.0.2.0/24"), 64499)).as("from RTR").isEqualTo("valid");
    assertThat(component.rpkiState(Prefix.parse("198.51.100.0/24"), 64497)).as("from the file").isEqualTo("valid");

    // the cache drops 203.0.113.0/24 and adds 192.0.2.128/25: the file still has the former
    RtrClientTest.write(cache, roas("192.0.2.0/24", 64499, "192.0.2.128/25", 64499));
    await(() -> "4 distinct IPv4 VRPs, scrape " + vrpGauges(metrics), () -> ipv4Vrps(metrics) == 4);
    assertThat(component.rpkiState(REGISTERED, 64496)).isEqualTo("valid");
    assertThat(component.rpkiState(REGISTERED, 64666)).isEqualTo("invalid");

    // a new file replaces the file's part only
    Files.writeString(file, """
        {"roas": [{"prefix": "198.18.0.0/15", "maxLength": 24, "asn": 64498}]}
        """);
    Daemon.Loaded reloaded = Daemon.load(dir.resolve("bgpsentry.yml"));
    component.prepareReload(reloaded.config(), reloaded.registry()).apply();
    await(() -> "3 distinct IPv4 VRPs after the reload, scrape " + vrpGauges(metrics), () -> ipv4Vrps(metrics) == 3);
    assertThat(component.rpkiState(REGISTERED, 64496)).as("in neither source now").isEqualTo("not_found");
    assertThat(component.rpkiState(Prefix.parse("192.0.2.128/25"), 64499)).isEqualTo("valid");
    assertThat(component.rpkiState(Prefix.parse("198.18.1.0/24"), 64498)).isEqualTo("valid");
  }

  private static ArrayNode roas(Object... prefixAsn) {
    ArrayNode out = JSON.createArrayNode();
    for (int i = 0; i < prefixAsn.length; i += 2) {
      Prefix p = Prefix.parse((String) prefixAsn[i]);
      out.addObject().put("prefix", p.toString()).put("maxLength", p.length()).put("asn", (Integer) prefixAsn[i + 1]);
    }
    return out;
  }

  private static String vrpGauges(BgpsentryMetrics metrics) {
    return new String(metrics.scrape(null).body()).lines().filter(l -> l.startsWith("bgpsentry_rpki_vrps")).toList()
        .toString();
  }

  private static int ipv4Vrps(BgpsentryMetrics metrics) {
    return new String(metrics.scrape(null).body()).lines()
        .filter(l -> l.startsWith("bgpsentry_rpki_vrps{afi=\"ipv4\"}"))
        .mapToInt(l -> (int) Double.parseDouble(l.substring(l.lastIndexOf(' ') + 1)))
        .findFirst().orElse(-1);
  }
}
