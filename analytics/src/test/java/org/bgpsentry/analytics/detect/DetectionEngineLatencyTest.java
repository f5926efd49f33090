package org.bgpsentry.analytics.detect;

import static org.assertj.core.api.Assertions.assertThat;
import static org.bgpsentry.analytics.testing.Routes.announce;
import static org.bgpsentry.analytics.testing.Routes.peer;
import static org.bgpsentry.analytics.testing.Routes.replace;
import static org.bgpsentry.analytics.testing.Routes.up;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.bgpsentry.analytics.alert.Alert;
import org.bgpsentry.analytics.alert.AlertStatus;
import org.bgpsentry.analytics.alert.AlertType;
import org.bgpsentry.analytics.event.PeerId;
import org.bgpsentry.analytics.latency.LatencyMonitor;
import org.bgpsentry.analytics.prefix.PrefixRegistry;
import org.bgpsentry.analytics.prefix.RegisteredPrefix;
import org.bgpsentry.analytics.event.EventClock;
import org.bgpsentry.codec.model.nlri.IpAddress;
import org.bgpsentry.codec.model.nlri.Prefix;
import org.junit.jupiter.api.Test;

/** latency_degraded through the detection engine and alert lifecycle (docs/alerts.md). */
class DetectionEngineLatencyTest {
  private static final Prefix P = Prefix.parse("203.0.113.0/24");
  private static final IpAddress TARGET = IpAddress.parse("203.0.113.10");
  private static final PeerId EDGE1 = peer("edge1", "192.0.2.11", 64500);

  private final EventClock clock = new EventClock(Instant.parse("2026-01-01T00:00:00Z"));
  private final List<Alert> sent = new ArrayList<>();
  private final RegisteredPrefix registered =
      new RegisteredPrefix(
          P, "office", "contoso", "Example ISP", "Washington", List.of(64496L), 24, List.of(),
          List.of(), 0, null, List.of(TARGET));
  private final DetectionEngine engine =
      new DetectionEngine(
          DetectionSettings.DEFAULTS.withMinPeers(2),
          new PrefixRegistry(List.of(registered)),
          sent::add,
          clock,
          new Random(1));
  private final LatencyMonitor monitor = new LatencyMonitor(clock, 1.5);

  {
    monitor.register(List.of(registered));
    engine.setBestPathListener(monitor::onBestPathChange);
  }

  private void probe(Duration d, long rttMs) {
    for (long s = 0; s < d.toSeconds(); s += 30) {
      monitor.recordAnswered(TARGET, clock.instant(), Duration.ofMillis(rttMs));
      clock.advance(Duration.ofSeconds(30));
    }
  }

  @Test
  void unreachableTargetsFireAndResolveRegardlessOfMinPeers() {
    probe(Duration.ofMinutes(5), 20);
    Instant firstLost = clock.instant();
    for (int i = 0; i < 3; i++) {
      monitor.recordLost(TARGET, clock.instant());
      clock.advance(Duration.ofSeconds(30));
    }
    engine.onLatency(monitor.evaluate());
    assertThat(sent).singleElement().satisfies(a -> {
      assertThat(a.type()).isEqualTo(AlertType.LATENCY_DEGRADED);
      assertThat(a.status()).isEqualTo(AlertStatus.FIRING);
      assertThat(a.key()).isEqualTo("latency_degraded|203.0.113.0/24|203.0.113.0/24|");
      assertThat(a.customer()).isEqualTo("contoso");
      assertThat(a.firstSeen()).isEqualTo(clock.instant());
      assertThat(a.details()).containsEntry("reason", "unreachable");
      assertThat(a.summary()).contains("every probe target unreachable");
    });
    assertThat(firstLost).isBefore(sent.get(0).firstSeen());

    engine.onLatency(monitor.evaluate());
    assertThat(sent).as("still firing: updated, not re-sent").hasSize(1);

    monitor.recordAnswered(TARGET, clock.instant(), Duration.ofMillis(20));
    engine.onLatency(monitor.evaluate());
    assertThat(sent).hasSize(2);
    assertThat(sent.get(1).status()).isEqualTo(AlertStatus.RESOLVED);
    assertThat(sent.get(1).id()).isEqualTo(sent.get(0).id());
  }

  @Test
  void degradationAfterABestPathChangeNamesTheChange() {
    engine.onPeer(up(EDGE1, clock.instant()));
    engine.onRoute(announce(EDGE1, "203.0.113.0/24", clock.instant(), 64500, 64496));
    probe(Duration.ofHours(25), 20);
    Instant changed = clock.instant();
    engine.onRoute(replace(EDGE1, "203.0.113.0/24", changed, 64500, 3491, 64496));
    probe(Duration.ofMinutes(15), 45);
    engine.onLatency(monitor.evaluate());

    Alert a = sent.stream().filter(x -> x.type() == AlertType.LATENCY_DEGRADED).findFirst().orElseThrow();
    assertThat(a.details())
        .containsEntry("reason", "median_rtt")
        .containsEntry(
            "path_change",
            Map.of(
                "old_path", List.of(64500L, 64496L),
                "new_path", List.of(64500L, 3491L, 64496L),
                "at", changed.toString()));
    assertThat(a.summary())
        .contains("best AS path changed [64500, 64496] -> [64500, 3491, 64496] at " + changed);
  }
}
