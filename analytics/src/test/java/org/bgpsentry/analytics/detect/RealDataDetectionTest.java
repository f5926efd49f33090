package org.bgpsentry.analytics.detect;

import static org.assertj.core.api.Assertions.assertThat;
import static org.bgpsentry.analytics.testing.Routes.peer;
import static org.bgpsentry.analytics.testing.Routes.t;
import static org.bgpsentry.analytics.testing.Routes.up;

import java.io.InputStreamReader;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Random;
import java.util.Set;
import java.util.zip.GZIPInputStream;
import org.bgpsentry.analytics.alert.Alert;
import org.bgpsentry.analytics.alert.AlertStatus;
import org.bgpsentry.analytics.alert.AlertType;
import org.bgpsentry.analytics.asrel.AsRelationships;
import org.bgpsentry.analytics.event.EventClock;
import org.bgpsentry.analytics.event.EventKind;
import org.bgpsentry.analytics.event.PeerEvent;
import org.bgpsentry.analytics.event.PeerId;
import org.bgpsentry.analytics.event.RouteEvent;
import org.bgpsentry.analytics.prefix.PrefixRegistry;
import org.bgpsentry.analytics.prefix.RegisteredPrefix;
import org.bgpsentry.analytics.testing.Pfx2As;
import org.bgpsentry.analytics.testing.Routes;
import org.bgpsentry.codec.testing.TestData;
import org.bgpsentry.codec.model.attr.AsPathSegment;
import org.bgpsentry.codec.model.nlri.Nlri;
import org.junit.jupiter.api.Test;

/** Detection over real registries (CAIDA pfx2as) and real AS relationships (CAIDA 2015). */
class RealDataDetectionTest {
  static final Set<AlertType> HIJACKS =
      EnumSet.of(AlertType.ORIGIN_HIJACK, AlertType.SUBPREFIX_HIJACK, AlertType.MORE_SPECIFIC, AlertType.PATH_HIJACK);

  final List<Alert> sent = new ArrayList<>();

  static RegisteredPrefix register(Pfx2As.Row row) {
    return new RegisteredPrefix(
        row.prefix(), "", "", "", "", row.allAsns(), row.prefix().length(), List.of(), List.of(), 0, null, List.of());
  }

  @Test
  void noHijackAlertsFor40kCorrectlyRegisteredPrefixesIncludingMoasAndAsSets() throws Exception {
    List<Pfx2As.Row> rows =
        Pfx2As.read(TestData.file("pfx2as/mccurtain/routeviews-rv2-20240406.every10th.pfx2as.gz"), 1, 40_000);
    assertThat(rows).hasSize(40_000);
    PrefixRegistry registry = new PrefixRegistry(rows.stream().map(RealDataDetectionTest::register).toList());
    Instant at = t("2024-04-06T00:00:00Z");
    DetectionEngine e =
        new DetectionEngine(
            DetectionSettings.DEFAULTS.withMaxPathLength(8), registry, sent::add, new EventClock(at), new Random(1));
    PeerId rv1 = peer("rv-3356", "128.223.51.102", 3356);
    PeerId rv2 = peer("rv-174", "128.223.51.103", 174);
    e.onPeer(up(rv1, at));
    e.onPeer(up(rv2, at));
    int moas = 0;
    for (Pfx2As.Row row : rows) {
      moas += row.origins().size() > 1 ? 1 : 0;
      for (int i = 0; i < row.origins().size(); i++) {
        long[] origin = row.origins().get(i);
        PeerId peer = i % 2 == 0 ? rv1 : rv2;
        List<AsPathSegment> path =
            origin.length == 1
                ? List.of(AsPathSegment.sequence(peer.asn(), 1299, origin[0]))
                : List.of(AsPathSegment.sequence(peer.asn(), 1299), AsPathSegment.set(origin));
        e.onRoute(
            new RouteEvent(
                peer, row.prefix(), i < 2 ? Nlri.NO_PATH_ID : i, Routes.path(path), null, EventKind.ANNOUNCE, at));
      }
    }
    assertThat(moas).as("MOAS rows exercised").isGreaterThan(100);
    assertThat(sent).filteredOn(a -> HIJACKS.contains(a.type())).isEmpty();
    // what does fire on real data: bogon origins and AS_SETs, nothing else
    assertThat(sent).extracting(Alert::type).containsOnly(AlertType.AS_PATH_ANOMALY);
  }

  @Test
  void valleyFreeLeakOfAFullTableRaisesOneLeakPerPrefixAndResolvesWhenThePeerGoesDown() throws Exception {
    AsRelationships rel;
    try (Reader r =
        new InputStreamReader(
            new GZIPInputStream(Files.newInputStream(TestData.file("asrel/20150201.as-rel.txt.gz"))),
            StandardCharsets.US_ASCII)) {
      rel = AsRelationships.parse(r);
    }
    // AS41478 is a customer of both AS8359 and AS43103 (CAIDA 2015): it leaks what it learns
    // from 8359 to 43103.
    Set<Long> onPath = Set.of(41478L, 8359L, 43103L, 3356L);
    List<Pfx2As.Row> rows =
        Pfx2As.read(TestData.file("pfx2as/caida-pyipmeta/routeviews-rv2-20170329-0200.every7th.pfx2as.gz"), 1, 30_000)
            .stream()
            .filter(r -> r.origins().size() == 1 && r.origins().get(0).length == 1)
            .filter(r -> !onPath.contains(r.origins().get(0)[0]))
            .filter(r -> AsPathAnomalyDetector.bogonKind(r.origins().get(0)[0]) == null)
            .limit(20_000)
            .toList();
    PrefixRegistry registry = new PrefixRegistry(rows.stream().map(RealDataDetectionTest::register).toList());
    Instant at = t("2017-03-29T02:00:00Z");
    DetectionEngine e =
        new DetectionEngine(DetectionSettings.DEFAULTS, registry, sent::add, new EventClock(at), new Random(1));
    e.updateRelationships(rel);
    PeerId healthy = peer("ris-3356", "193.0.0.1", 3356);
    PeerId leaky = peer("ris-43103", "193.0.0.2", 43103);
    e.onPeer(up(healthy, at));
    e.onPeer(up(leaky, at));
    for (Pfx2As.Row row : rows) {
      long origin = row.origins().get(0)[0];
      e.onRoute(Routes.announce(healthy, row.prefix().toString(), at, 3356, origin));
    }
    assertThat(sent).isEmpty();
    Instant leakAt = at.plusSeconds(600);
    for (Pfx2As.Row row : rows) {
      long origin = row.origins().get(0)[0];
      e.onRoute(Routes.announce(leaky, row.prefix().toString(), leakAt, 43103, 41478, 8359, origin));
    }
    assertThat(sent).hasSize(rows.size());
    assertThat(sent).allSatisfy(a -> {
      assertThat(a.type()).isEqualTo(AlertType.ROUTE_LEAK);
      assertThat(a.key()).endsWith("|41478");
      assertThat(a.details()).containsEntry("before_asn", 8359L).containsEntry("after_asn", 43103L);
    });
    sent.clear();
    Instant downAt = leakAt.plusSeconds(600);
    e.onPeer(new PeerEvent.Down(leaky, "session reset", downAt));
    for (Pfx2As.Row row : rows) {
      e.onRoute(new RouteEvent(leaky, row.prefix(), Nlri.NO_PATH_ID, null, null, EventKind.PEER_DOWN, downAt));
    }
    assertThat(sent.get(0).type()).isEqualTo(AlertType.PEER_DOWN);
    assertThat(sent.subList(1, sent.size()))
        .hasSize(rows.size())
        .allSatisfy(a -> assertThat(a.status()).isEqualTo(AlertStatus.RESOLVED));
  }
}
