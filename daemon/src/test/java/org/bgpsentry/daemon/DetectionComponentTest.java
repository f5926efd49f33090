package org.bgpsentry.daemon;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.bgpsentry.analytics.alert.Alert;
import org.bgpsentry.analytics.alert.AlertStatus;
import org.bgpsentry.analytics.alert.AlertType;
import org.bgpsentry.analytics.alert.Severity;
import org.bgpsentry.analytics.event.EventKind;
import org.bgpsentry.analytics.event.PeerEvent;
import org.bgpsentry.analytics.event.PeerId;
import org.bgpsentry.analytics.event.RouteEvent;
import org.bgpsentry.analytics.prefix.RegisteredPrefix;
import org.bgpsentry.codec.model.attr.AsPathSegment;
import org.bgpsentry.codec.model.attr.OriginType;
import org.bgpsentry.codec.model.attr.PathAttribute;
import org.bgpsentry.codec.model.attr.PathAttributes;
import org.bgpsentry.codec.model.nlri.IpAddress;
import org.bgpsentry.codec.model.nlri.Nlri;
import org.bgpsentry.codec.model.nlri.Prefix;
import org.bgpsentry.daemon.http.ApiViews;
import org.bgpsentry.daemon.http.PrefixStatus;
import org.bgpsentry.daemon.metrics.BgpsentryMetrics;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The detection component without sessions: restored alerts keep their ids and are not sent
 * again (docs/alerts.md), the per-prefix status and metrics follow the routes of registered
 * prefixes only, alerts reach the sink with their UPDATE-to-alert time, RPKI states come from the
 * VRP file, and only routes overlapping the registry pass the event-loop filter.
 */
class DetectionComponentTest {
  static final PeerId EDGE1 = new PeerId("edge1", IpAddress.parse("192.0.2.11"), 64500);
  static final Prefix REGISTERED = Prefix.parse("203.0.113.0/24");

  @TempDir Path dir;

  private static RouteEvent announce(Prefix p, long... path) {
    PathAttributes a = PathAttributes.of(new PathAttribute.Origin(OriginType.IGP),
        new PathAttribute.AsPath(List.of(AsPathSegment.sequence(path))),
        new PathAttribute.NextHop(IpAddress.parse("192.0.2.11")));
    return new RouteEvent(EDGE1, p, Nlri.NO_PATH_ID, a, null, EventKind.ANNOUNCE, Instant.now());
  }

  @Test
  void restoredAlertsKeepTheirIdsStatusAndMetricsFollowRegisteredPrefixesRpkiFromTheFile() throws Exception {
    Files.writeString(dir.resolve("prefixes.yml"), """
        prefixes:
          - {prefix: 203.0.113.0/24, origin_asns: [64496]}
          - {prefix: 198.51.100.0/24, origin_asns: [64497]}
        """);
    Files.writeString(dir.resolve("vrps.json"), """
        {"roas": [{"prefix": "203.0.113.0/24", "maxLength": 24, "asn": 64496}]}
        """);
    Files.writeString(dir.resolve("bgpsentry.yml"), """
        bgp: {listen: "127.0.0.1:0", local_asn: 65000, router_id: 192.0.2.1}
        peers: [{name: edge1, address: 192.0.2.11, remote_asn: 64500}]
        registry: {file: prefixes.yml}
        rpki: {vrp_file: vrps.json}
        state_dir: state
        """);
    Daemon.Loaded loaded = Daemon.load(dir.resolve("bgpsentry.yml"));
    Instant before = Instant.now().minusSeconds(3600);
    Alert restored = new Alert("01JD2Q4M8X9Z6V0K7T3N5R1C2B",
        "origin_hijack|198.51.100.0/24|198.51.100.0/24|64666", AlertType.ORIGIN_HIJACK, Severity.CRITICAL,
        AlertStatus.FIRING, "restored", "198.51.100.0/24", "198.51.100.0/24", "", "", "", List.of(64497L), 64666,
        List.of(64500L, 64666L), List.of(EDGE1), before, before, null, Map.of());
    List<Alert> sent = new CopyOnWriteArrayList<>();
    BgpsentryMetrics metrics = new BgpsentryMetrics();
    DetectionComponent d = new DetectionComponent();
    d.start(new DaemonContext(metrics, sent::add, List.of(restored), dir.resolve("state"), Clock.systemUTC()),
        loaded.config(), loaded.registry());
    try {
      ApiViews views = d.contribute(ApiViews.empty());
      assertThat(d.firing()).extracting(Alert::id).containsExactly(restored.id());
      assertThat(views.prefixStatus().status(Prefix.parse("198.51.100.0/24")).openAlerts())
          .containsExactly(restored.id());

      assertThat(d.relevant(Prefix.parse("203.0.113.128/25"))).isTrue();
      assertThat(d.relevant(Prefix.parse("192.0.2.0/24"))).as("not near the registry").isFalse();

      d.offer(new PeerEvent.Established(EDGE1, Instant.now()));
      d.offer(announce(REGISTERED, 64500, 64500, 64496));
      d.offer(announce(Prefix.parse("203.0.113.0/25"), 64500, 64666));
      d.analytics().query(e -> null).get(30, TimeUnit.SECONDS);

      PrefixStatus status = views.prefixStatus().status(REGISTERED);
      assertThat(status.visiblePeers()).containsExactly("edge1");
      assertThat(status.bestPath()).as("prepends removed").containsExactly(64500L, 64496L);
      assertThat(sent).extracting(Alert::key).contains("subprefix_hijack|203.0.113.0/24|203.0.113.0/25|64666");
      assertThat(sent).extracting(Alert::key).doesNotContain(restored.key());
      String hijackId = sent.stream().filter(a -> a.type() == AlertType.SUBPREFIX_HIJACK).findFirst().orElseThrow().id();
      assertThat(status.openAlerts()).contains(hijackId);

      String scrape = new String(metrics.scrape(null).body());
      assertThat(scrape).contains("bgpsentry_prefix_visible_peers{prefix=\"203.0.113.0/24\"} 1.0")
          .contains("bgpsentry_prefix_best_path_length{prefix=\"203.0.113.0/24\"} 2.0")
          .contains("bgpsentry_prefix_changes_total{prefix=\"203.0.113.0/24\"} 2.0")
          .contains("bgpsentry_rpki_vrps{afi=\"ipv4\"} 1.0")
          .doesNotContain("prefix=\"203.0.113.0/25\"");
      assertThat(scrape).containsPattern("bgpsentry_update_to_alert_seconds_count [1-9]");

      assertThat(d.rpkiState(REGISTERED, 64496)).isEqualTo("valid");
      assertThat(d.rpkiState(Prefix.parse("203.0.113.0/25"), 64666)).isEqualTo("invalid");
      assertThat(d.rpkiState(Prefix.parse("192.0.2.0/24"), 64666)).isEqualTo("not_found");
    } finally {
      d.close();
    }
  }

  /** The config {@link #startedWithOnePeerAndOnePrefix} loaded. */
  private Daemon.Loaded loaded;

  /** Detection started on a config with peer edge1 (AS64500) and 203.0.113.0/24 registered for AS64496. */
  private DetectionComponent startedWithOnePeerAndOnePrefix() throws Exception {
    Files.writeString(dir.resolve("prefixes.yml"), """
        prefixes:
          - {prefix: 203.0.113.0/24, origin_asns: [64496]}
        """);
    Files.writeString(dir.resolve("bgpsentry.yml"), """
        bgp: {listen: "127.0.0.1:0", local_asn: 65000, router_id: 192.0.2.1}
        peers: [{name: edge1, address: 192.0.2.11, remote_asn: 64500}]
        registry: {file: prefixes.yml}
        state_dir: state
        """);
    loaded = Daemon.load(dir.resolve("bgpsentry.yml"));
    DetectionComponent d = new DetectionComponent();
    d.start(new DaemonContext(new BgpsentryMetrics(), a -> {}, List.of(), dir.resolve("state"), Clock.systemUTC()),
        loaded.config(), loaded.registry());
    return d;
  }

  /** The demo's order: the table arrives before any other event names the prefix. */
  @Test
  void statusShowsTheFirstBestPathWithoutAnEarlierChange() throws Exception {
    DetectionComponent d = startedWithOnePeerAndOnePrefix();
    try {
      d.offer(announce(REGISTERED, 64500, 64510, 64496));
      d.analytics().query(e -> null).get(30, TimeUnit.SECONDS);
      assertThat(d.contribute(ApiViews.empty()).prefixStatus().status(REGISTERED).bestPath())
          .containsExactly(64500L, 64510L, 64496L);
    } finally {
      d.close();
    }
  }

  /**
   * Registry changes that queue up behind each other (a shared registry applied through Kafka,
   * partitions gained and lost) cost one re-evaluation of everything, with the newest registry,
   * not one each: events behind them wait for one, not for thousands (issue 14's late alerts
   * after a takeover).
   */
  @Test
  void registryChangesQueuedBehindEachOtherAreOneUpdateWithTheNewest() throws Exception {
    DetectionComponent d = startedWithOnePeerAndOnePrefix();
    Prefix other = Prefix.parse("198.51.100.0/24");
    List<RegisteredPrefix> both = List.of(loaded.registry().getFirst(), RegisteredPrefix.of(other, 64497));
    List<RegisteredPrefix> onlyOther = List.of(RegisteredPrefix.of(other, 64497));
    CountDownLatch busy = new CountDownLatch(1);
    CountDownLatch release = new CountDownLatch(1);
    try {
      d.analytics().submit(e -> {
        busy.countDown();
        try {
          release.await(30, TimeUnit.SECONDS);
        } catch (InterruptedException ie) {
          Thread.currentThread().interrupt();
        }
      });
      assertThat(busy.await(30, TimeUnit.SECONDS)).isTrue();
      for (int i = 0; i < 1_000; i++) {
        d.registryChanged(i % 2 == 0 ? both : loaded.registry());
      }
      d.registryChanged(onlyOther);
      assertThat(d.analytics().pending()).as("one registry update queued for 1,001 changes").isEqualTo(1);
      assertThat(d.relevant(REGISTERED)).as("the sources filter by the newest registry at once").isFalse();
      d.offer(announce(other, 64500, 64497));
      release.countDown();
      d.analytics().query(e -> null).get(30, TimeUnit.SECONDS);
      assertThat(d.analytics().query(e -> e.registry().get(REGISTERED)).get(30, TimeUnit.SECONDS)).isNull();
      assertThat(d.contribute(ApiViews.empty()).prefixStatus().status(other).bestPath()).containsExactly(64500L, 64497L);
      d.registryChanged(both);
      assertThat(d.analytics().query(e -> e.registry().get(REGISTERED)).get(30, TimeUnit.SECONDS))
          .as("a change after the queued update ran is taken too").isNotNull();
    } finally {
      release.countDown();
      d.close();
    }
  }

  private static List<Alert> of(List<Alert> alerts, AlertType type) {
    return alerts.stream().filter(a -> a.type() == type).toList();
  }

  /** Reload (SIGHUP, POST /api/v1/reload): detection settings apply at once, alerts are kept. */
  @Test
  void reloadedDetectionSettingsApplyLiveAndKeepAlertState() throws Exception {
    Files.writeString(dir.resolve("prefixes.yml"), """
        prefixes:
          - {prefix: 203.0.113.0/24, origin_asns: [64496]}
        """);
    String config = """
        bgp: {listen: "127.0.0.1:0", local_asn: 65000, router_id: 192.0.2.1}
        peers: [{name: edge1, address: 192.0.2.11, remote_asn: 64500}]
        registry: {file: prefixes.yml}
        state_dir: state
        detection: {min_peers: %d, max_path_length: %d}
        """;
    Files.writeString(dir.resolve("bgpsentry.yml"), config.formatted(2, 3));
    Daemon.Loaded loaded = Daemon.load(dir.resolve("bgpsentry.yml"));
    List<Alert> sent = new CopyOnWriteArrayList<>();
    DetectionComponent d = new DetectionComponent();
    d.start(new DaemonContext(new BgpsentryMetrics(), sent::add, List.of(), dir.resolve("state"), Clock.systemUTC()),
        loaded.config(), loaded.registry());
    try {
      d.offer(new PeerEvent.Established(EDGE1, Instant.now()));
      d.offer(announce(REGISTERED, 64500, 64510, 64496));
      d.offer(announce(Prefix.parse("203.0.113.0/25"), 64500, 64666));
      d.analytics().query(e -> null).get(30, TimeUnit.SECONDS);
      assertThat(sent).as("min_peers 2, one peer shows the hijack").isEmpty();

      Files.writeString(dir.resolve("bgpsentry.yml"), config.formatted(1, 1));
      Daemon.Loaded next = Daemon.load(dir.resolve("bgpsentry.yml"));
      d.prepareReload(next.config(), next.registry()).apply();
      d.analytics().query(e -> null).get(30, TimeUnit.SECONDS);
      assertThat(of(sent, AlertType.SUBPREFIX_HIJACK)).extracting(Alert::status).containsExactly(AlertStatus.FIRING);
      assertThat(of(sent, AlertType.SUBOPTIMAL_PATH)).extracting(Alert::status).containsExactly(AlertStatus.FIRING);
      String hijack = of(sent, AlertType.SUBPREFIX_HIJACK).getFirst().id();
      int firing = d.firing().size();

      Files.writeString(dir.resolve("bgpsentry.yml"), config.formatted(2, 3));
      next = Daemon.load(dir.resolve("bgpsentry.yml"));
      d.prepareReload(next.config(), next.registry()).apply();
      d.analytics().query(e -> null).get(30, TimeUnit.SECONDS);
      assertThat(of(sent, AlertType.SUBOPTIMAL_PATH)).extracting(Alert::status)
          .containsExactly(AlertStatus.FIRING, AlertStatus.RESOLVED);
      assertThat(of(sent, AlertType.SUBPREFIX_HIJACK)).as("min_peers back to 2: the firing hijack stays").hasSize(1);
      assertThat(d.firing()).extracting(Alert::id).contains(hijack).hasSize(firing - 1);
    } finally {
      d.close();
    }
  }

  /** docs/configuration.md `peers` and `bmp`: a BGP peer stands at its own location, a BMP view at its router's. */
  @Test
  void peersStandAtTheirLocationAndBmpViewsAtTheirRouters() throws Exception {
    Path c = dir.resolve("locations.yml");
    Files.writeString(c, """
        bgp: {local_asn: 64512, router_id: 192.0.2.1}
        peers:
          - {name: sea, address: 192.0.2.11, remote_asn: 64500, location: Washington}
          - {name: iad, address: 192.0.2.12, remote_asn: 64501}
        bmp:
          listen: "127.0.0.1:11019"
          routers:
            - {name: pdx, address: 192.0.2.20, location: Oregon}
            - {name: ord, address: 192.0.2.21}
        """);
    var cfg = org.bgpsentry.daemon.config.ConfigLoader.load(c, org.bgpsentry.daemon.config.BgpsentryConfig.Purpose.RUN);
    var where = DetectionComponent.locations(cfg);
    IpAddress a = IpAddress.parse("192.0.2.99");
    assertThat(where.locationOf(new PeerId("sea", a, 64500))).isEqualTo("Washington");
    assertThat(where.locationOf(new PeerId("iad", a, 64501))).isNull();
    assertThat(where.locationOf(new PeerId("pdx:192.0.2.99", a, 65001))).isEqualTo("Oregon");
    assertThat(where.locationOf(new PeerId("pdx:loc-rib", a, 65001))).isEqualTo("Oregon");
    assertThat(where.locationOf(new PeerId("ord:192.0.2.99", a, 65001))).isNull();
    assertThat(org.bgpsentry.daemon.config.IngressCheck.knownLocations(cfg)).containsExactly("Oregon", "Washington");
  }
}
