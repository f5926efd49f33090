package org.bgpsentry.analytics.detect;

import static org.assertj.core.api.Assertions.assertThat;
import static org.bgpsentry.analytics.testing.Routes.announce;
import static org.bgpsentry.analytics.testing.Routes.down;
import static org.bgpsentry.analytics.testing.Routes.path;
import static org.bgpsentry.analytics.testing.Routes.peer;
import static org.bgpsentry.analytics.testing.Routes.peerDownRoute;
import static org.bgpsentry.analytics.testing.Routes.replace;
import static org.bgpsentry.analytics.testing.Routes.t;
import static org.bgpsentry.analytics.testing.Routes.withdraw;
import static org.bgpsentry.analytics.testing.Routes.up;
import static org.bgpsentry.analytics.testing.Routes.withOtc;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.bgpsentry.analytics.alert.Alert;
import org.bgpsentry.analytics.alert.AlertStatus;
import org.bgpsentry.analytics.alert.AlertType;
import org.bgpsentry.analytics.alert.Severity;
import org.bgpsentry.analytics.event.EventClock;
import org.bgpsentry.analytics.event.PeerEvent;
import org.bgpsentry.analytics.event.PeerId;
import org.bgpsentry.analytics.event.PeerRole;
import org.bgpsentry.analytics.prefix.PrefixRegistry;
import org.bgpsentry.analytics.prefix.RegisteredPrefix;
import org.bgpsentry.analytics.rpki.Vrp;
import org.bgpsentry.analytics.rpki.VrpSet;
import org.bgpsentry.analytics.rpki.VrpSources;
import org.bgpsentry.codec.model.attr.AsPathSegment;
import org.bgpsentry.codec.model.nlri.Family;
import org.bgpsentry.codec.model.nlri.Prefix;
import org.junit.jupiter.api.Test;

/** Alert lifecycle and per-family semantics of docs/alerts.md, on RouteEvents. */
class DetectionEngineTest {
  static final PeerId EDGE1 = peer("edge1", "192.0.2.11", 64500);
  static final PeerId EDGE2 = peer("edge2", "192.0.2.12", 64501);
  static final Instant T0 = t("2008-02-24T18:47:45Z");
  static final RegisteredPrefix YOUTUBE =
      new RegisteredPrefix(
          Prefix.parse("208.65.152.0/22"), "YouTube", "youtube", "Example ISP", "California",
          List.of(36561L), 22, List.of(), List.of(), 0, null, List.of());

  final List<Alert> sent = new ArrayList<>();
  final EventClock clock = new EventClock(T0);

  DetectionEngine engine(DetectionSettings s, RegisteredPrefix... prefixes) {
    DetectionEngine e =
        new DetectionEngine(s, new PrefixRegistry(List.of(prefixes)), sent::add, clock, new Random(5));
    return e;
  }

  DetectionEngine engineWithPeers(DetectionSettings s, RegisteredPrefix... prefixes) {
    DetectionEngine e = engine(s, prefixes);
    e.onPeer(up(EDGE1, T0.minusSeconds(60)));
    e.onPeer(up(EDGE2, T0.minusSeconds(60)));
    return e;
  }

  static String idOf(List<Alert> alerts, String key) {
    return alerts.stream().filter(a -> a.key().equals(key)).findFirst().orElseThrow().id();
  }

  List<Alert> ofType(AlertType type) {
    return sent.stream().filter(a -> a.type() == type).toList();
  }

  @Test
  void subprefixHijackFiresOnceWithTheContractSummaryAndResolvesOnWithdraw() {
    DetectionEngine e = engineWithPeers(DetectionSettings.DEFAULTS, YOUTUBE);
    e.onRoute(announce(EDGE1, "208.65.153.0/24", T0, 64500, 3491, 17557));
    e.onRoute(announce(EDGE2, "208.65.153.0/24", T0.plusSeconds(5), 64501, 3491, 17557));
    e.onRoute(replace(EDGE1, "208.65.153.0/24", T0.plusSeconds(9), 64500, 3491, 3491, 17557));
    assertThat(sent).hasSize(1);
    Alert a = sent.get(0);
    assertThat(a.key()).isEqualTo("subprefix_hijack|208.65.152.0/22|208.65.153.0/24|17557");
    assertThat(a.summary())
        .isEqualTo("208.65.153.0/24 (more specific of 208.65.152.0/22) originated by AS17557, expected AS36561");
    assertThat(a.status()).isEqualTo(AlertStatus.FIRING);
    assertThat(a.severity()).isEqualTo(Severity.CRITICAL);
    assertThat(a.originAsn()).isEqualTo(17557);
    assertThat(a.asPath()).containsExactly(64500L, 3491L, 17557L);
    assertThat(a.peers()).containsExactly(EDGE1);
    assertThat(a.expectedOrigins()).containsExactly(36561L);
    assertThat(a.customer()).isEqualTo("youtube");
    assertThat(a.firstSeen()).isEqualTo(T0);
    assertThat(a.resolvedAt()).isNull();
    assertThat(a.id()).hasSize(26);

    e.onRoute(withdraw(EDGE1, "208.65.153.0/24", T0.plusSeconds(60)));
    assertThat(sent).hasSize(1);
    e.onRoute(withdraw(EDGE2, "208.65.153.0/24", T0.plusSeconds(70)));
    assertThat(sent).hasSize(2);
    Alert r = sent.get(1);
    assertThat(r.id()).isEqualTo(a.id());
    assertThat(r.status()).isEqualTo(AlertStatus.RESOLVED);
    assertThat(r.resolvedAt()).isEqualTo(T0.plusSeconds(70));
    assertThat(r.firstSeen()).isEqualTo(T0);
    assertThat(e.firing()).isEmpty();
  }

  @Test
  void originHijackAndSquattingOfAnUnannouncedPrefix() {
    RegisteredPrefix squat = RegisteredPrefix.of(Prefix.parse("198.51.100.0/24"));
    DetectionEngine e = engineWithPeers(DetectionSettings.DEFAULTS, YOUTUBE, squat);
    e.onRoute(announce(EDGE1, "208.65.152.0/22", T0, 64500, 17557));
    e.onRoute(announce(EDGE1, "198.51.100.0/24", T0, 64500, 174, 4134));
    e.onRoute(announce(EDGE1, "198.51.100.128/25", T0, 64500, 174, 4134));
    assertThat(sent).extracting(Alert::key)
        .containsExactly(
            "origin_hijack|208.65.152.0/22|208.65.152.0/22|17557",
            "origin_hijack|198.51.100.0/24|198.51.100.0/24|4134",
            "subprefix_hijack|198.51.100.0/24|198.51.100.128/25|4134");
    assertThat(sent.get(1).summary()).endsWith("expected nobody (registered as unannounced)");
  }

  @Test
  void moreSpecificBeyondMaxLengthAndPathHijackWithLegitimateOrigin() {
    RegisteredPrefix p =
        new RegisteredPrefix(
            Prefix.parse("203.0.113.0/24"), "", "contoso", "", "", List.of(64496L), 24,
            List.of(64510L), List.of(), 0, Severity.CRITICAL, List.of());
    DetectionEngine e = engineWithPeers(DetectionSettings.DEFAULTS.withMaxPathLength(8), p);
    e.onRoute(announce(EDGE1, "203.0.113.0/24", T0, 64500, 64510, 64496));
    assertThat(sent).isEmpty();
    e.onRoute(announce(EDGE1, "203.0.113.0/25", T0, 64500, 64510, 64496));
    e.onRoute(announce(EDGE2, "203.0.113.0/24", T0, 64501, 666, 64496, 64496));
    assertThat(sent).extracting(Alert::key)
        .containsExactly(
            "more_specific|203.0.113.0/24|203.0.113.0/25|64496",
            "path_hijack|203.0.113.0/24|203.0.113.0/24|64496");
    assertThat(sent.get(0).severity()).isEqualTo(Severity.WARNING);
    assertThat(sent.get(1).severity()).isEqualTo(Severity.CRITICAL);
    assertThat(sent.get(1).originAsn()).isEqualTo(64496);
  }

  @Test
  void asSetOriginIsLegitimateOnlyWhenEveryMemberIs() {
    DetectionEngine e = engineWithPeers(DetectionSettings.DEFAULTS, YOUTUBE);
    e.onRoute(
        announce(EDGE1, "208.65.152.0/22", T0,
            path(List.of(AsPathSegment.sequence(64500, 3491), AsPathSegment.set(36561)))));
    assertThat(ofType(AlertType.ORIGIN_HIJACK)).isEmpty();
    assertThat(ofType(AlertType.AS_PATH_ANOMALY)).singleElement()
        .satisfies(a -> assertThat(a.details()).containsEntry("reasons", List.of("as_set")));
    e.onRoute(
        replace(EDGE1, "208.65.152.0/22", T0.plusSeconds(1), 64500, 3491, 36561));
    e.onRoute(
        announce(EDGE2, "208.65.152.0/22", T0.plusSeconds(2),
            path(List.of(AsPathSegment.sequence(64501, 3491), AsPathSegment.set(36561, 17557)))));
    assertThat(ofType(AlertType.ORIGIN_HIJACK)).singleElement()
        .satisfies(a -> assertThat(a.key()).endsWith("|17557"));
  }

  @Test
  void minPeersFiresOnlyWhenEnoughPeersShowItAndKeepsTheEarliestFirstSeen() {
    DetectionEngine e = engineWithPeers(DetectionSettings.DEFAULTS.withMinPeers(2), YOUTUBE);
    e.onRoute(announce(EDGE1, "208.65.153.0/24", T0, 64500, 3491, 17557));
    assertThat(sent).isEmpty();
    e.onRoute(announce(EDGE2, "208.65.153.0/24", T0.plusSeconds(30), 64501, 3491, 17557));
    assertThat(sent).singleElement().satisfies(a -> {
      assertThat(a.peers()).containsExactly(EDGE1, EDGE2);
      assertThat(a.peerCount()).isEqualTo(2);
      assertThat(a.firstSeen()).isEqualTo(T0);
      assertThat(a.lastSeen()).isEqualTo(T0.plusSeconds(30));
    });
    // resolves only when no peer shows it any longer
    e.onRoute(withdraw(EDGE2, "208.65.153.0/24", T0.plusSeconds(40)));
    assertThat(sent).hasSize(1);
    e.onRoute(withdraw(EDGE1, "208.65.153.0/24", T0.plusSeconds(50)));
    assertThat(sent).hasSize(2);
  }

  @Test
  void aConditionBelowMinPeersThatGoesAwayNeverFires() {
    DetectionEngine e = engineWithPeers(DetectionSettings.DEFAULTS.withMinPeers(2), YOUTUBE);
    e.onRoute(announce(EDGE1, "208.65.153.0/24", T0, 64500, 3491, 17557));
    e.onRoute(withdraw(EDGE1, "208.65.153.0/24", T0.plusSeconds(10)));
    e.onRoute(announce(EDGE2, "208.65.153.0/24", T0.plusSeconds(20), 64501, 3491, 17557));
    assertThat(sent).isEmpty();
  }

  @Test
  void repeatIntervalResendsTheSameAlertWhileItLasts() {
    DetectionEngine e =
        engineWithPeers(DetectionSettings.DEFAULTS.withRepeatInterval(Duration.ofHours(4)), YOUTUBE);
    e.onRoute(announce(EDGE1, "208.65.153.0/24", T0, 64500, 3491, 17557));
    e.onRoute(replace(EDGE1, "208.65.153.0/24", T0.plus(Duration.ofHours(1)), 64500, 1299, 3491, 17557));
    assertThat(sent).hasSize(1);
    e.advance(T0.plus(Duration.ofHours(9)));
    assertThat(sent).hasSize(3);
    assertThat(sent).extracting(Alert::id).containsOnly(sent.get(0).id());
    assertThat(sent).extracting(Alert::status).containsOnly(AlertStatus.FIRING);
    assertThat(sent.get(1).asPath()).containsExactly(64500L, 1299L, 3491L, 17557L);
    assertThat(sent.get(1).lastSeen()).isEqualTo(T0.plus(Duration.ofHours(1)));
  }

  @Test
  void repeatIntervalZeroNeverRepeats() {
    DetectionEngine e =
        engineWithPeers(DetectionSettings.DEFAULTS.withRepeatInterval(Duration.ZERO), YOUTUBE);
    e.onRoute(announce(EDGE1, "208.65.153.0/24", T0, 64500, 3491, 17557));
    e.advance(T0.plus(Duration.ofDays(3)));
    assertThat(sent).hasSize(1);
  }

  @Test
  void resolveAfterDampsAShortGapIntoOneAlert() {
    DetectionEngine e =
        engineWithPeers(DetectionSettings.DEFAULTS.withResolveAfter(Duration.ofMinutes(5)), YOUTUBE);
    e.onRoute(announce(EDGE1, "208.65.153.0/24", T0, 64500, 3491, 17557));
    e.onRoute(withdraw(EDGE1, "208.65.153.0/24", T0.plusSeconds(60)));
    e.onRoute(announce(EDGE1, "208.65.153.0/24", T0.plusSeconds(200), 64500, 3491, 17557));
    e.onRoute(withdraw(EDGE1, "208.65.153.0/24", T0.plusSeconds(300)));
    assertThat(sent).hasSize(1);
    e.advance(T0.plusSeconds(300 + 299));
    assertThat(sent).hasSize(1);
    e.advance(T0.plusSeconds(300 + 301));
    assertThat(sent).hasSize(2);
    assertThat(sent.get(1).status()).isEqualTo(AlertStatus.RESOLVED);
    assertThat(sent.get(1).resolvedAt()).isEqualTo(T0.plusSeconds(600));
  }

  @Test
  void reloadLowersMinPeersAndWhatEnoughPeersAlreadyShowFiresAtOnce() {
    DetectionEngine e = engineWithPeers(DetectionSettings.DEFAULTS.withMinPeers(2), YOUTUBE);
    e.onRoute(announce(EDGE1, "208.65.153.0/24", T0, 64500, 3491, 17557));
    assertThat(sent).isEmpty();
    e.updateSettings(DetectionSettings.DEFAULTS.withMinPeers(1));
    assertThat(sent).singleElement().satisfies(a -> {
      assertThat(a.status()).isEqualTo(AlertStatus.FIRING);
      assertThat(a.peers()).containsExactly(EDGE1);
      assertThat(a.firstSeen()).isEqualTo(T0);
    });
    // raising it again keeps the firing alert (no re-fire, no resolve)
    e.updateSettings(DetectionSettings.DEFAULTS.withMinPeers(2));
    assertThat(sent).hasSize(1);
    assertThat(e.firing()).extracting(Alert::id).containsExactly(sent.get(0).id());
  }

  @Test
  void reloadedRepeatIntervalReschedulesFiringAlertsFromTheirLastSending() {
    DetectionEngine e =
        engineWithPeers(DetectionSettings.DEFAULTS.withRepeatInterval(Duration.ofHours(4)), YOUTUBE);
    e.onRoute(announce(EDGE1, "208.65.153.0/24", T0, 64500, 3491, 17557));
    e.advance(T0.plus(Duration.ofMinutes(30)));
    e.updateSettings(DetectionSettings.DEFAULTS.withRepeatInterval(Duration.ofHours(1)));
    e.advance(T0.plus(Duration.ofHours(3)).plusSeconds(1));
    assertThat(sent).hasSize(4).extracting(Alert::id).containsOnly(sent.get(0).id());
    e.updateSettings(DetectionSettings.DEFAULTS.withRepeatInterval(Duration.ZERO));
    e.advance(T0.plus(Duration.ofDays(2)));
    assertThat(sent).hasSize(4);
  }

  @Test
  void reloadedResolveAfterMovesPendingResolutions() {
    DetectionEngine e =
        engineWithPeers(DetectionSettings.DEFAULTS.withResolveAfter(Duration.ofHours(1)), YOUTUBE);
    e.onRoute(announce(EDGE1, "208.65.153.0/24", T0, 64500, 3491, 17557));
    e.onRoute(withdraw(EDGE1, "208.65.153.0/24", T0.plusSeconds(60)));
    e.advance(T0.plusSeconds(120));
    assertThat(sent).hasSize(1);
    e.updateSettings(DetectionSettings.DEFAULTS.withResolveAfter(Duration.ofSeconds(30)));
    assertThat(sent).hasSize(2);
    assertThat(sent.get(1).status()).isEqualTo(AlertStatus.RESOLVED);
    assertThat(sent.get(1).id()).isEqualTo(sent.get(0).id());
    assertThat(sent.get(1).resolvedAt()).isEqualTo(T0.plusSeconds(90));
  }

  @Test
  void reloadedMaxPathLengthFiresAndResolvesSuboptimalPathAtOnce() {
    RegisteredPrefix p = RegisteredPrefix.of(Prefix.parse("203.0.113.0/24"), 64496);
    DetectionEngine e = engineWithPeers(DetectionSettings.DEFAULTS, p);
    e.onRoute(announce(EDGE1, "203.0.113.0/24", T0, 64500, 174, 64496));
    assertThat(ofType(AlertType.SUBOPTIMAL_PATH)).isEmpty();
    e.updateSettings(DetectionSettings.DEFAULTS.withMaxPathLength(2));
    assertThat(ofType(AlertType.SUBOPTIMAL_PATH)).singleElement()
        .satisfies(a -> assertThat(a.status()).isEqualTo(AlertStatus.FIRING));
    e.updateSettings(DetectionSettings.DEFAULTS);
    assertThat(ofType(AlertType.SUBOPTIMAL_PATH)).extracting(Alert::status)
        .containsExactly(AlertStatus.FIRING, AlertStatus.RESOLVED);
  }

  @Test
  void rfc2439_aPrefixFlapping10000TimesDoesNotStormAlerts() {
    // repeat_interval 0 so that every alert sent below is a transition
    DetectionEngine e =
        engineWithPeers(DetectionSettings.DEFAULTS.withRepeatInterval(Duration.ZERO), YOUTUBE);
    Instant at = T0;
    for (int i = 0; i < 10_000; i++) {
      e.onRoute(announce(EDGE1, "208.65.153.0/24", at, 64500, 3491, 17557));
      at = at.plusSeconds(15);
      e.onRoute(withdraw(EDGE1, "208.65.153.0/24", at));
      at = at.plusSeconds(15);
    }
    long firings = sent.stream().filter(a -> a.status() == AlertStatus.FIRING).count();
    assertThat(firings).isLessThanOrEqualTo(3);
    assertThat(sent.stream().map(Alert::id).distinct().count()).isEqualTo(firings);
    assertThat(sent.get(sent.size() - 1).status()).isEqualTo(AlertStatus.FIRING);
    // once the flapping stops, the damped alert resolves within the maximum suppression time
    e.advance(at.plus(Duration.ofMinutes(61)));
    assertThat(sent.get(sent.size() - 1).status()).isEqualTo(AlertStatus.RESOLVED);
    assertThat(sent.size()).isLessThanOrEqualTo(6);
    assertThat(e.firing()).isEmpty();
  }

  @Test
  void registryChangeResolvesAlertsThatNoLongerApply() {
    DetectionEngine e = engineWithPeers(DetectionSettings.DEFAULTS, YOUTUBE);
    e.onRoute(announce(EDGE1, "208.65.153.0/24", T0, 64500, 3491, 17557));
    assertThat(sent).hasSize(1);
    // the customer now also authorises AS17557: the hijack no longer applies
    RegisteredPrefix widened =
        new RegisteredPrefix(
            YOUTUBE.prefix(), "", "youtube", "", "", List.of(36561L, 17557L), 24, List.of(),
            List.of(), 0, null, List.of());
    clock.advanceTo(T0.plusSeconds(100));
    e.advance(T0.plusSeconds(100));
    e.updateRegistry(new PrefixRegistry(List.of(widened)));
    assertThat(sent).hasSize(2);
    assertThat(sent.get(1).status()).isEqualTo(AlertStatus.RESOLVED);
    assertThat(sent.get(1).resolvedAt()).isEqualTo(T0.plusSeconds(100));
    // and a registration added later applies to routes already received
    e.updateRegistry(new PrefixRegistry(List.of(YOUTUBE)));
    assertThat(sent).hasSize(3);
    assertThat(sent.get(2).status()).isEqualTo(AlertStatus.FIRING);
    assertThat(sent.get(2).id()).isNotEqualTo(sent.get(0).id());
    e.updateRegistry(PrefixRegistry.EMPTY);
    assertThat(sent).hasSize(4);
    assertThat(e.firing()).isEmpty();
  }

  @Test
  void restoredAlertsKeepTheirIdAndAreNeverReFired() {
    DetectionEngine before = engineWithPeers(DetectionSettings.DEFAULTS, YOUTUBE);
    before.onRoute(announce(EDGE1, "208.65.153.0/24", T0, 64500, 3491, 17557));
    before.onRoute(announce(EDGE1, "208.65.154.0/24", T0, 64500, 3491, 17557));
    List<Alert> persisted = before.firing();
    assertThat(persisted).hasSize(2);
    sent.clear();

    Instant restart = T0.plus(Duration.ofHours(1));
    clock.advanceTo(restart);
    DetectionEngine after = engine(DetectionSettings.DEFAULTS, YOUTUBE);
    after.restore(persisted);
    after.onPeer(up(EDGE1, restart.plusSeconds(5)));
    after.onRoute(announce(EDGE1, "208.65.153.0/24", restart.plusSeconds(6), 64500, 3491, 17557));
    assertThat(sent).isEmpty();
    after.onPeer(new PeerEvent.EndOfRib(EDGE1, Family.IPV4_UNICAST, restart.plusSeconds(7)));
    // 154/24 was not re-announced: it resolves with its old id; 153/24 keeps firing, silently
    assertThat(sent).singleElement().satisfies(a -> {
      assertThat(a.key()).isEqualTo("subprefix_hijack|208.65.152.0/22|208.65.154.0/24|17557");
      assertThat(a.status()).isEqualTo(AlertStatus.RESOLVED);
      assertThat(a.id()).isEqualTo(idOf(persisted, a.key()));
    });
    assertThat(after.firing()).singleElement().satisfies(a ->
        assertThat(a.id()).isEqualTo(idOf(persisted, "subprefix_hijack|208.65.152.0/22|208.65.153.0/24|17557")));
  }

  /**
   * A Kafka detector's takeover: the state is rebuilt first (the engine fires with an id of its
   * own, held back by the daemon), then the stored alert is restored: the shown condition takes
   * the stored id and first_seen, sends nothing, and its resolution carries the stored id.
   */
  @Test
  void restoringOverAConditionShownAlreadyKeepsItShownWithTheStoredId() {
    DetectionEngine before = engineWithPeers(DetectionSettings.DEFAULTS, YOUTUBE);
    before.onRoute(announce(EDGE1, "208.65.153.0/24", T0, 64500, 3491, 17557));
    List<Alert> stored = before.firing();
    Instant takeover = T0.plus(Duration.ofHours(1));
    clock.advanceTo(takeover);
    DetectionEngine after = engineWithPeers(DetectionSettings.DEFAULTS, YOUTUBE);
    after.onRoute(announce(EDGE1, "208.65.153.0/24", takeover, 64500, 3491, 17557));
    assertThat(after.firing()).singleElement().satisfies(a -> assertThat(a.id()).isNotEqualTo(stored.get(0).id()));
    sent.clear();
    after.restore(stored);
    assertThat(sent).as("nothing sent again").isEmpty();
    assertThat(after.firing()).singleElement().satisfies(a -> {
      assertThat(a.id()).isEqualTo(stored.get(0).id());
      assertThat(a.firstSeen()).isEqualTo(T0);
    });
    clock.advanceTo(takeover.plus(Duration.ofMinutes(10)));
    after.tick();
    assertThat(sent).as("still shown: no resolution after the restore grace").isEmpty();
    after.onRoute(withdraw(EDGE1, "208.65.153.0/24", takeover.plus(Duration.ofMinutes(11))));
    assertThat(sent).singleElement().satisfies(a -> {
      assertThat(a.status()).isEqualTo(AlertStatus.RESOLVED);
      assertThat(a.id()).isEqualTo(stored.get(0).id());
    });
  }

  @Test
  void restoredAlertsResolveAfterFiveMinutesWhenPeersDoNotComeBack() {
    DetectionEngine before = engineWithPeers(DetectionSettings.DEFAULTS, YOUTUBE);
    before.onRoute(announce(EDGE1, "208.65.153.0/24", T0, 64500, 3491, 17557));
    List<Alert> persisted = before.firing();
    sent.clear();
    Instant restart = T0.plus(Duration.ofHours(1));
    clock.advanceTo(restart);
    DetectionEngine after = engine(DetectionSettings.DEFAULTS, YOUTUBE);
    after.restore(persisted);
    clock.advanceTo(restart.plus(Duration.ofMinutes(4)));
    after.tick();
    assertThat(sent).isEmpty();
    clock.advanceTo(restart.plus(Duration.ofMinutes(5)));
    after.tick();
    assertThat(sent).singleElement().satisfies(a -> {
      assertThat(a.status()).isEqualTo(AlertStatus.RESOLVED);
      assertThat(a.id()).isEqualTo(persisted.get(0).id());
      assertThat(a.firstSeen()).isEqualTo(T0);
    });
  }

  @Test
  void peerDownFiresAndResolvesOnReestablishmentAndItsRoutesStopShowingConditions() {
    DetectionEngine e = engineWithPeers(DetectionSettings.DEFAULTS, YOUTUBE);
    e.onRoute(announce(EDGE1, "208.65.153.0/24", T0, 64500, 3491, 17557));
    e.onPeer(down(EDGE1, T0.plusSeconds(10)));
    e.onRoute(peerDownRoute(EDGE1, "208.65.153.0/24", T0.plusSeconds(10)));
    assertThat(sent).extracting(Alert::key, Alert::status)
        .containsExactly(
            org.assertj.core.groups.Tuple.tuple(
                "subprefix_hijack|208.65.152.0/22|208.65.153.0/24|17557", AlertStatus.FIRING),
            org.assertj.core.groups.Tuple.tuple("peer_down|||edge1", AlertStatus.FIRING),
            org.assertj.core.groups.Tuple.tuple(
                "subprefix_hijack|208.65.152.0/22|208.65.153.0/24|17557", AlertStatus.RESOLVED));
    assertThat(sent.get(1).summary()).isEqualTo("peer edge1 (192.0.2.11, AS64500) left Established: hold timer expired");
    e.onPeer(up(EDGE1, T0.plusSeconds(100)));
    assertThat(sent.get(3).key()).isEqualTo("peer_down|||edge1");
    assertThat(sent.get(3).status()).isEqualTo(AlertStatus.RESOLVED);
  }

  @Test
  void aPeerRemovedByAReloadRaisesNoPeerDownWhenItsSessionIsThenTornDown() {
    DetectionEngine e = engineWithPeers(DetectionSettings.DEFAULTS, YOUTUBE);
    // the source tells detection first, then stops the session, whose Down follows
    e.peerRemoved(EDGE1, T0.plusSeconds(10));
    e.onPeer(down(EDGE1, T0.plusSeconds(10)));
    assertThat(sent).as("the operator removed the peer: no peer_down").isEmpty();
    // added again: a later Down is a peer_down as usual
    e.onPeer(up(EDGE1, T0.plusSeconds(20)));
    e.onPeer(down(EDGE1, T0.plusSeconds(30)));
    assertThat(sent).extracting(Alert::key, Alert::status)
        .containsExactly(org.assertj.core.groups.Tuple.tuple("peer_down|||edge1", AlertStatus.FIRING));
  }

  @Test
  void visibilityLossFiresOnWithdrawalRelativeToEstablishedPeersCriticalWhenNobodyHasIt() {
    DetectionEngine e = engineWithPeers(DetectionSettings.DEFAULTS.withMinPeers(2), YOUTUBE);
    e.onRoute(announce(EDGE1, "208.65.152.0/22", T0, 64500, 3491, 36561));
    // the initial table arriving from one peer first is not a loss
    assertThat(ofType(AlertType.VISIBILITY_LOSS)).isEmpty();
    // a covering route with a legitimate origin counts
    e.onRoute(announce(EDGE2, "208.0.0.0/8", T0.plusSeconds(1), 64501, 36561));
    e.onRoute(withdraw(EDGE1, "208.65.152.0/22", T0.plusSeconds(2)));
    assertThat(ofType(AlertType.VISIBILITY_LOSS)).singleElement().satisfies(a -> {
      assertThat(a.key()).isEqualTo("visibility_loss|208.65.152.0/22|208.65.152.0/22|");
      assertThat(a.severity()).isEqualTo(Severity.WARNING);
      assertThat(a.summary()).isEqualTo("208.65.152.0/22 visible from 1 of 2 established peers (at least 2 expected)");
      assertThat(a.peers()).containsExactly(EDGE1);
    });
    e.onRoute(withdraw(EDGE2, "208.0.0.0/8", T0.plusSeconds(3)));
    assertThat(ofType(AlertType.VISIBILITY_LOSS)).hasSize(1);
    assertThat(e.firing()).filteredOn(a -> a.type() == AlertType.VISIBILITY_LOSS)
        .singleElement()
        .satisfies(a -> {
          assertThat(a.summary()).contains("visible from 0 of 2");
          assertThat(a.severity()).isEqualTo(Severity.CRITICAL);
          assertThat(a.details()).containsEntry("peers_without", List.of("edge1", "edge2"));
        });
    e.onRoute(announce(EDGE1, "208.65.152.0/22", T0.plusSeconds(4), 64500, 3491, 36561));
    e.onRoute(announce(EDGE2, "208.65.152.0/22", T0.plusSeconds(5), 64501, 3491, 36561));
    assertThat(ofType(AlertType.VISIBILITY_LOSS)).hasSize(2);
    assertThat(ofType(AlertType.VISIBILITY_LOSS).get(1).status()).isEqualTo(AlertStatus.RESOLVED);
  }

  @Test
  void visibilityNeedsOnlyAsManyPeersAsAreEstablished() {
    DetectionEngine e = engineWithPeers(DetectionSettings.DEFAULTS.withMinPeers(2), YOUTUBE);
    e.onRoute(announce(EDGE1, "208.65.152.0/22", T0, 64500, 3491, 36561));
    e.onRoute(announce(EDGE2, "208.65.152.0/22", T0, 64501, 3491, 36561));
    sent.clear();
    e.onPeer(down(EDGE2, T0.plusSeconds(5)));
    e.onRoute(peerDownRoute(EDGE2, "208.65.152.0/22", T0.plusSeconds(5)));
    assertThat(sent).extracting(Alert::type).containsExactly(AlertType.PEER_DOWN);
  }

  @Test
  void restoredVisibilityLossResolvesOnceThePrefixIsBack() {
    DetectionEngine before = engineWithPeers(DetectionSettings.DEFAULTS, YOUTUBE);
    before.onRoute(announce(EDGE1, "208.65.152.0/22", T0, 64500, 3491, 36561));
    before.onRoute(withdraw(EDGE1, "208.65.152.0/22", T0.plusSeconds(10)));
    List<Alert> persisted = before.firing();
    assertThat(persisted).extracting(Alert::type).containsExactly(AlertType.VISIBILITY_LOSS);
    sent.clear();
    Instant restart = T0.plus(Duration.ofHours(1));
    clock.advanceTo(restart);
    DetectionEngine after = engine(DetectionSettings.DEFAULTS, YOUTUBE);
    after.restore(persisted);
    after.onPeer(up(EDGE1, restart.plusSeconds(1)));
    after.onRoute(announce(EDGE1, "208.65.152.0/22", restart.plusSeconds(2), 64500, 3491, 36561));
    after.onPeer(new PeerEvent.EndOfRib(EDGE1, Family.IPV4_UNICAST, restart.plusSeconds(3)));
    // the alert named both peers (neither had the prefix): it waits for edge2's End-of-RIB too
    assertThat(sent).isEmpty();
    after.onPeer(up(EDGE2, restart.plusSeconds(4)));
    after.onPeer(new PeerEvent.EndOfRib(EDGE2, Family.IPV4_UNICAST, restart.plusSeconds(5)));
    assertThat(sent).singleElement().satisfies(a -> {
      assertThat(a.status()).isEqualTo(AlertStatus.RESOLVED);
      assertThat(a.id()).isEqualTo(persisted.get(0).id());
      assertThat(a.resolvedAt()).isEqualTo(restart.plusSeconds(5));
    });
  }

  @Test
  void suboptimalPathWhenTheBestLegitimatePathIsTooLongOrAvoidsTheVia() {
    RegisteredPrefix p =
        new RegisteredPrefix(
            Prefix.parse("203.0.113.0/24"), "", "contoso", "", "", List.of(64496L), 24,
            List.of(), List.of(3356L), 0, null, List.of());
    DetectionEngine e = engineWithPeers(DetectionSettings.DEFAULTS, p);
    e.onRoute(announce(EDGE1, "203.0.113.0/24", T0, 64500, 174, 1299, 64496));
    e.onRoute(announce(EDGE2, "203.0.113.0/24", T0, 64501, 64501, 64501, 3356, 6939, 64496));
    assertThat(ofType(AlertType.SUBOPTIMAL_PATH)).singleElement().satisfies(a -> {
      assertThat(a.summary()).isEqualTo("best path to 203.0.113.0/24 is 4 AS hops (64500 174 1299 64496), longer than 3");
      assertThat(a.details()).containsEntry("best_path_length", 4);
      assertThat(a.peers()).containsExactly(EDGE1);
    });
    e.onRoute(replace(EDGE1, "203.0.113.0/24", T0.plusSeconds(1), 64500, 174, 64496));
    e.onRoute(replace(EDGE2, "203.0.113.0/24", T0.plusSeconds(1), 64501, 3356, 64496));
    assertThat(ofType(AlertType.SUBOPTIMAL_PATH)).hasSize(2);
    assertThat(ofType(AlertType.SUBOPTIMAL_PATH).get(1).status()).isEqualTo(AlertStatus.RESOLVED);
    e.onRoute(withdraw(EDGE2, "203.0.113.0/24", T0.plusSeconds(2)));
    assertThat(ofType(AlertType.SUBOPTIMAL_PATH).get(2).summary())
        .isEqualTo("best path to 203.0.113.0/24 (64500 174 64496) does not traverse AS3356");
  }

  @Test
  void asPathAnomaliesPrivateDocumentationReservedLoopAndLength() {
    DetectionEngine e = engineWithPeers(DetectionSettings.DEFAULTS.withMaxPathLength(100), YOUTUBE);
    e.onRoute(announce(EDGE1, "208.65.152.0/22", T0, 64500, 64500, 65000, 3491, 23456, 64511, 3491, 36561));
    assertThat(ofType(AlertType.AS_PATH_ANOMALY)).singleElement().satisfies(a -> {
      assertThat(a.severity()).isEqualTo(Severity.INFO);
      assertThat(a.details().get("reasons"))
          .isEqualTo(List.of("private AS65000", "reserved AS23456", "documentation AS64511", "loop AS3491"));
    });
    long[] longPath = new long[66];
    for (int i = 0; i < longPath.length; i++) {
      longPath[i] = 1000 + i;
    }
    longPath[65] = 36561;
    e.onRoute(announce(EDGE2, "208.65.152.0/22", T0, longPath));
    assertThat(e.firing()).filteredOn(a -> a.type() == AlertType.AS_PATH_ANOMALY).singleElement()
        .satisfies(a -> assertThat(a.peerCount()).isEqualTo(2));
  }

  @Test
  void rpkiInvalidNamesTheMatchingVrpsAndIsSilentWhenVrpsAreStale() {
    RegisteredPrefix cf = RegisteredPrefix.of(Prefix.parse("1.1.1.0/24"), 13335);
    DetectionEngine e = engineWithPeers(DetectionSettings.DEFAULTS, cf);
    e.updateVrps(VrpSources.NONE.with("file", new VrpSet(List.of(new Vrp(Prefix.parse("1.1.1.0/24"), 24, 13335)), T0)));
    e.onRoute(announce(EDGE1, "1.1.1.0/24", T0.plusSeconds(1), 64500, 4826, 13335));
    assertThat(ofType(AlertType.RPKI_INVALID)).isEmpty();
    e.onRoute(announce(EDGE1, "1.1.1.0/25", T0.plusSeconds(2), 64500, 4826, 13335));
    assertThat(ofType(AlertType.RPKI_INVALID)).singleElement().satisfies(a -> {
      assertThat(a.key()).isEqualTo("rpki_invalid|1.1.1.0/24|1.1.1.0/25|13335");
      assertThat(a.details().get("vrps"))
          .isEqualTo(List.of(Map.of("prefix", "1.1.1.0/24", "max_length", 24, "asn", 13335L)));
    });
    e.onRoute(announce(EDGE2, "1.1.1.0/26", T0.plus(Duration.ofHours(3)), 64501, 13335));
    assertThat(ofType(AlertType.RPKI_INVALID)).hasSize(1);
  }

  /**
   * With a VRP file and an RTR cache, validation uses the union of both, and a source older than
   * stale_after drops out on its own: the stale file's VRP no longer makes a route invalid while
   * the fresh RTR data keeps raising rpki_invalid.
   */
  @Test
  void rfc6811_unionOfVrpSourcesEachJudgedStaleOnItsOwn() {
    RegisteredPrefix a = RegisteredPrefix.of(Prefix.parse("203.0.113.0/24"), 64496);
    RegisteredPrefix b = RegisteredPrefix.of(Prefix.parse("198.51.100.0/24"), 64497);
    DetectionEngine e = engineWithPeers(DetectionSettings.DEFAULTS, a, b);
    Instant later = T0.plus(Duration.ofHours(3));
    e.updateVrps(VrpSources.NONE
        .with("file", new VrpSet(List.of(new Vrp(Prefix.parse("203.0.113.0/24"), 24, 64496)), T0))
        .with("rtr", new VrpSet(List.of(new Vrp(Prefix.parse("198.51.100.0/24"), 24, 64497)), later)));
    e.onRoute(announce(EDGE1, "203.0.113.0/25", T0.plusSeconds(1), 64500, 64496));
    e.onRoute(announce(EDGE1, "198.51.100.0/25", T0.plusSeconds(1), 64500, 64497));
    assertThat(ofType(AlertType.RPKI_INVALID)).extracting(Alert::key).containsExactlyInAnyOrder(
        "rpki_invalid|203.0.113.0/24|203.0.113.0/25|64496", "rpki_invalid|198.51.100.0/24|198.51.100.0/25|64497");
    // three hours on, the file (built at T0) is stale, the RTR data (built then) is not
    e.onRoute(announce(EDGE2, "203.0.113.0/26", later, 64501, 64496));
    e.onRoute(announce(EDGE2, "198.51.100.0/26", later, 64501, 64497));
    assertThat(ofType(AlertType.RPKI_INVALID)).extracting(Alert::key).containsExactlyInAnyOrder(
        "rpki_invalid|203.0.113.0/24|203.0.113.0/25|64496", "rpki_invalid|198.51.100.0/24|198.51.100.0/25|64497",
        "rpki_invalid|198.51.100.0/24|198.51.100.0/26|64497");
  }

  @Test
  void rfc9234_otcFromACustomerOrAForeignOtcFromAPeerIsALeak() {
    RegisteredPrefix p = RegisteredPrefix.of(Prefix.parse("203.0.113.0/24"), 64496);
    DetectionEngine e = engineWithPeers(DetectionSettings.DEFAULTS, p);
    e.setPeerRoles(Map.of("edge1", PeerRole.CUSTOMER, "edge2", PeerRole.PEER));
    e.onRoute(announce(EDGE2, "203.0.113.0/24", T0, withOtc(path(64501, 64496), 64501)));
    assertThat(ofType(AlertType.ROUTE_LEAK)).isEmpty();
    e.onRoute(announce(EDGE1, "203.0.113.0/24", T0, withOtc(path(64500, 3356, 64496), 3356)));
    assertThat(ofType(AlertType.ROUTE_LEAK)).singleElement().satisfies(a -> {
      assertThat(a.key()).isEqualTo("route_leak|203.0.113.0/24|203.0.113.0/24|64500");
      assertThat(a.details()).containsEntry("rule", "otc").containsEntry("before_asn", 3356L);
    });
    e.onRoute(replace(EDGE2, "203.0.113.0/24", T0.plusSeconds(1), 64501, 64496));
    e.onRoute(announce(EDGE2, "203.0.113.0/25", T0, withOtc(path(64501, 3356, 64496), 3356)));
    assertThat(ofType(AlertType.ROUTE_LEAK)).hasSize(2);
    assertThat(ofType(AlertType.ROUTE_LEAK).get(1).key()).endsWith("|203.0.113.0/25|64501");
  }

  /**
   * docs/alerts.md route_leak: when the leaker leads the path, {@code after_asn} is the receiving
   * network, the AS the peer's Established named (absent while unknown).
   */
  @Test
  void aLeakerLeadingThePathWasSentToTheReceivingAs() throws Exception {
    RegisteredPrefix p = RegisteredPrefix.of(Prefix.parse("203.0.113.0/24"), 64496);
    DetectionEngine e = engine(DetectionSettings.DEFAULTS, p);
    e.onPeer(new PeerEvent.Established(EDGE1, T0.minusSeconds(60), 64512));
    e.onPeer(up(EDGE2, T0.minusSeconds(60)));
    e.setPeerRoles(Map.of("edge1", PeerRole.CUSTOMER, "edge2", PeerRole.CUSTOMER));
    e.onRoute(announce(EDGE1, "203.0.113.0/24", T0, withOtc(path(64500, 3356, 64496), 3356)));
    assertThat(ofType(AlertType.ROUTE_LEAK)).singleElement().satisfies(a -> {
      assertThat(a.details()).containsEntry("rule", "otc").containsEntry("leaker_asn", 64500L)
          .containsEntry("before_asn", 3356L).containsEntry("after_asn", 64512L);
      assertThat(a.summary()).contains("sent to AS64512");
    });
    e.onRoute(announce(EDGE2, "203.0.113.0/25", T0, withOtc(path(64501, 3356, 64496), 3356)));
    assertThat(ofType(AlertType.ROUTE_LEAK).get(1).details())
        .containsEntry("leaker_asn", 64501L).doesNotContainKey("after_asn");

    // valley-free: the customer AS64500 passes a route from its provider AS3356 up to us
    sent.clear();
    DetectionEngine v = engine(DetectionSettings.DEFAULTS, p);
    v.updateRelationships(org.bgpsentry.analytics.asrel.AsRelationships.parse(
        new java.io.StringReader("3356|64500|-1\n3356|64496|-1\n")));
    v.onPeer(new PeerEvent.Established(EDGE1, T0.minusSeconds(60), 64512));
    v.setPeerRoles(Map.of("edge1", PeerRole.CUSTOMER));
    v.onRoute(announce(EDGE1, "203.0.113.0/24", T0, 64500, 3356, 64496));
    assertThat(ofType(AlertType.ROUTE_LEAK)).singleElement().satisfies(a -> assertThat(a.details())
        .containsEntry("rule", "valley_free").containsEntry("leaker_asn", 64500L)
        .containsEntry("before_asn", 3356L).containsEntry("after_asn", 64512L));
  }
}
