package org.bgpsentry.analytics.latency;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.bgpsentry.analytics.prefix.RegisteredPrefix;
import org.bgpsentry.analytics.testing.TestClock;
import org.bgpsentry.codec.model.nlri.IpAddress;
import org.bgpsentry.codec.model.nlri.Prefix;
import org.junit.jupiter.api.Test;

class LatencyMonitorTest {
  private static final Instant T0 = Instant.parse("2026-01-01T00:00:00Z");
  private static final Prefix P = Prefix.parse("203.0.113.0/24");
  private static final IpAddress A = IpAddress.parse("203.0.113.10");
  private static final IpAddress B = IpAddress.parse("203.0.113.20");

  private final TestClock clock = new TestClock(T0);
  private final LatencyMonitor monitor = new LatencyMonitor(clock, 1.5);

  private static RegisteredPrefix registered(Prefix p, IpAddress... targets) {
    RegisteredPrefix base = RegisteredPrefix.of(p, 64496);
    return new RegisteredPrefix(
        p, "office", "contoso", "Example ISP", "Washington", base.originAsns(), p.length(),
        List.of(), List.of(), 0, null, List.of(targets));
  }

  /** Probes both targets every 30 s for {@code d}, all answered after {@code rttMs}. */
  private void probeFor(Duration d, double rttMs) {
    for (long s = 0; s < d.toSeconds(); s += 30) {
      monitor.recordAnswered(A, clock.now(), Duration.ofNanos((long) (rttMs * 1e6)));
      monitor.recordAnswered(B, clock.now(), Duration.ofNanos((long) (rttMs * 1e6)));
      clock.advance(Duration.ofSeconds(30));
    }
  }

  @Test
  void bucketHoldsProbesAnsweredLossMinMedianP95() {
    monitor.register(List.of(registered(P, A)));
    for (int ms = 10; ms < 30; ms++) {
      monitor.recordAnswered(A, clock.now(), Duration.ofMillis(ms));
      clock.advance(Duration.ofSeconds(10));
    }
    for (int i = 0; i < 5; i++) {
      monitor.recordLost(A, clock.now());
    }
    List<LatencyBucket> open = monitor.buckets(P, Duration.ofHours(6)).orElseThrow();
    clock.advance(Duration.ofMinutes(5));
    List<LatencyBucket> closed = monitor.buckets(P, Duration.ofHours(6)).orElseThrow();
    for (List<LatencyBucket> buckets : List.of(open, closed)) {
      assertThat(buckets).hasSize(1);
      LatencyBucket b = buckets.get(0);
      assertThat(b.start()).isEqualTo(T0);
      assertThat(b.probes()).isEqualTo(25);
      assertThat(b.answered()).isEqualTo(20);
      assertThat(b.lossRatio()).isEqualTo(0.2);
      assertThat(b.minMs()).isCloseTo(10.0, within(0.01));
      assertThat(b.medianMs()).isCloseTo(19.5, within(0.01));
      // nearest rank: ceil(0.95 * 20) = 19th of 10..29 ms
      assertThat(b.p95Ms()).isCloseTo(28.0, within(0.01));
    }
  }

  @Test
  void bucketWithOnlyLostProbesHasNoRtt() {
    monitor.register(List.of(registered(P, A)));
    monitor.recordLost(A, clock.now());
    LatencyBucket b = monitor.buckets(P, Duration.ofHours(6)).orElseThrow().get(0);
    assertThat(b.lossRatio()).isEqualTo(1.0);
    assertThat(b.medianMs()).isNaN();
  }

  @Test
  void unknownPrefixHasNoReport() {
    monitor.register(List.of(registered(P, A), registered(Prefix.parse("198.51.100.0/24"))));
    assertThat(monitor.buckets(Prefix.parse("198.51.100.0/24"), Duration.ofHours(6))).isEmpty();
    assertThat(monitor.reportedPrefixes()).containsExactly(P);
  }

  @Test
  void largerPrefixesReportPerSlash24AndSlash48() {
    Prefix v4 = Prefix.parse("198.51.100.0/22");
    Prefix v6 = Prefix.parse("2001:db8::/32");
    IpAddress a = IpAddress.parse("198.51.100.7");
    IpAddress b = IpAddress.parse("198.51.102.9");
    IpAddress c = IpAddress.parse("2001:db8:5:1::1");
    monitor.register(List.of(registered(v4, a, b), registered(v6, c)));
    monitor.recordAnswered(a, clock.now(), Duration.ofMillis(5));
    monitor.recordAnswered(b, clock.now(), Duration.ofMillis(50));
    assertThat(monitor.reportedPrefixes())
        .containsExactly(
            v4,
            Prefix.parse("198.51.100.0/24"),
            Prefix.parse("198.51.102.0/24"),
            v6,
            Prefix.parse("2001:db8:5::/48"));
    assertThat(monitor.buckets(v4, Duration.ofHours(6)).orElseThrow().get(0).probes()).isEqualTo(2);
    LatencyBucket unit =
        monitor.buckets(Prefix.parse("198.51.102.0/24"), Duration.ofHours(6)).orElseThrow().get(0);
    assertThat(unit.probes()).isEqualTo(1);
    assertThat(unit.medianMs()).isCloseTo(50.0, within(0.02));
  }

  @Test
  void probeTargetOutsideItsPrefixIsRejected() {
    assertThatThrownBy(() -> monitor.register(List.of(registered(P, IpAddress.parse("192.0.2.1")))))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("192.0.2.1 is outside 203.0.113.0/24");
  }

  @Test
  void windowSelectsBucketsAndThirtyDaysAreKept() {
    monitor.register(List.of(registered(P, A)));
    for (int i = 0; i < 8640 + 10; i++) {
      monitor.recordAnswered(A, clock.now(), Duration.ofMillis(20));
      clock.advance(Duration.ofMinutes(5));
    }
    assertThat(monitor.buckets(P, Duration.ofHours(6)).orElseThrow()).hasSize(72);
    assertThat(monitor.buckets(P, Duration.ofDays(1)).orElseThrow()).hasSize(288);
    List<LatencyBucket> month = monitor.buckets(P, Duration.ofDays(30)).orElseThrow();
    assertThat(month).hasSize(8640);
    assertThat(month.get(month.size() - 1).start()).isEqualTo(clock.now().minus(Duration.ofMinutes(5)));
  }

  @Test
  void medianRuleWaitsFor24HoursOfBaseline() {
    monitor.register(List.of(registered(P, A, B)));
    probeFor(Duration.ofHours(23), 20);
    probeFor(Duration.ofMinutes(15), 60);
    assertThat(monitor.evaluate()).isEmpty();
    assertThat(monitor.median15mMillis(P).orElseThrow()).isCloseTo(60.0, within(0.05));
  }

  @Test
  void medianRuleFiresAboveRatioAndResolvesWhenLatencyReturns() {
    monitor.register(List.of(registered(P, A, B)));
    probeFor(Duration.ofHours(25), 20);
    probeFor(Duration.ofMinutes(15), 29); // 1.45x: below degrade_ratio 1.5
    assertThat(monitor.evaluate()).isEmpty();
    probeFor(Duration.ofMinutes(15), 45);
    List<LatencyCondition> c = monitor.evaluate();
    assertThat(c).hasSize(1);
    LatencyCondition cond = c.get(0);
    assertThat(cond.reason()).isEqualTo(LatencyCondition.Reason.MEDIAN_RTT);
    assertThat(cond.median15mMs()).isCloseTo(45.0, within(0.05));
    assertThat(cond.median7dMs()).isCloseTo(20.0, within(0.05));
    assertThat(cond.key()).isEqualTo("latency_degraded|203.0.113.0/24|203.0.113.0/24|");
    assertThat(cond.summary()).contains("203.0.113.0/24 RTT median 45.0 ms", "20.0 ms");
    assertThat(cond.details()).containsEntry("reason", "median_rtt").doesNotContainKey("path_change");
    Instant since = cond.since();
    probeFor(Duration.ofMinutes(5), 45);
    assertThat(monitor.evaluate()).singleElement().extracting(LatencyCondition::since).isEqualTo(since);
    probeFor(Duration.ofMinutes(15), 20);
    assertThat(monitor.evaluate()).isEmpty();
  }

  @Test
  void everyTargetFailingForOneMinuteIsUnreachableWithoutBaseline() {
    monitor.register(List.of(registered(P, A, B)));
    probeFor(Duration.ofMinutes(10), 20);
    monitor.recordLost(A, clock.now());
    monitor.recordLost(B, clock.now());
    clock.advance(Duration.ofSeconds(30));
    monitor.recordLost(A, clock.now());
    monitor.recordAnswered(B, clock.now(), Duration.ofMillis(20));
    clock.advance(Duration.ofSeconds(40));
    assertThat(monitor.evaluate()).as("B answered: not every target fails").isEmpty();
    monitor.recordLost(B, clock.now());
    clock.advance(Duration.ofSeconds(59));
    assertThat(monitor.evaluate()).as("B failing for 59 s only").isEmpty();
    clock.advance(Duration.ofSeconds(1));
    LatencyCondition c = monitor.evaluate().get(0);
    assertThat(c.reason()).isEqualTo(LatencyCondition.Reason.UNREACHABLE);
    assertThat(c.failingTargets()).containsExactly(A, B);
    assertThat(c.details()).containsEntry("failing_targets", List.of("203.0.113.10", "203.0.113.20"));
    monitor.recordAnswered(A, clock.now(), Duration.ofMillis(20));
    assertThat(monitor.evaluate()).isEmpty();
  }

  @Test
  void degradationNamesTheBestPathChangeOfTheSameWindow() {
    monitor.register(List.of(registered(P, A, B)));
    probeFor(Duration.ofHours(25), 20);
    monitor.onBestPathChange(P, List.of(64500L, 64496L), List.of(64500L, 3491L, 64496L), T0);
    Instant changed = clock.now();
    monitor.onBestPathChange(P, List.of(64500L, 64496L), List.of(64500L, 174L, 64496L), changed);
    probeFor(Duration.ofMinutes(15), 80);
    LatencyCondition c = monitor.evaluate().get(0);
    assertThat(c.pathChange())
        .isEqualTo(new PathChange(List.of(64500L, 64496L), List.of(64500L, 174L, 64496L), changed));
    assertThat(c.details())
        .containsEntry(
            "path_change",
            Map.of(
                "old_path", List.of(64500L, 64496L),
                "new_path", List.of(64500L, 174L, 64496L),
                "at", changed.toString()));
    assertThat(c.summary()).contains("best AS path changed [64500, 64496] -> [64500, 174, 64496]");
  }

  @Test
  void stateSurvivesWriteAndReadIncludingTheOpenBucket() throws IOException {
    monitor.register(List.of(registered(P, A)));
    probeForSingle(Duration.ofHours(2), 20);
    monitor.recordAnswered(A, clock.now(), Duration.ofMillis(40));
    List<LatencyBucket> before = monitor.buckets(P, Duration.ofDays(1)).orElseThrow();

    LatencyMonitor restored = new LatencyMonitor(clock, 1.5);
    restored.readFrom(roundTrip(monitor));
    restored.register(List.of(registered(P, A)));
    assertThat(restored.buckets(P, Duration.ofDays(1)).orElseThrow()).isEqualTo(before);

    // the same 5-minute bucket continues after the restart: counts add up
    restored.recordAnswered(A, clock.now(), Duration.ofMillis(40));
    clock.advance(Duration.ofMinutes(5));
    List<LatencyBucket> after = restored.buckets(P, Duration.ofDays(1)).orElseThrow();
    assertThat(after).hasSize(before.size());
    assertThat(after.get(after.size() - 1).probes())
        .isEqualTo(before.get(before.size() - 1).probes() + 1);
  }

  @Test
  void restoredSeriesOfUnregisteredPrefixesAreDroppedOnRegister() throws IOException {
    monitor.register(List.of(registered(P, A)));
    monitor.recordAnswered(A, clock.now(), Duration.ofMillis(40));
    LatencyMonitor restored = new LatencyMonitor(clock, 1.5);
    restored.readFrom(roundTrip(monitor));
    restored.register(List.of());
    restored.register(List.of(registered(P, A)));
    assertThat(restored.buckets(P, Duration.ofDays(1)).orElseThrow()).isEmpty();
  }

  @Test
  void foreignFileIsRefused() {
    byte[] junk = new byte[16];
    assertThatThrownBy(() -> monitor.readFrom(new DataInputStream(new ByteArrayInputStream(junk))))
        .isInstanceOf(IOException.class)
        .hasMessageContaining("not a latency state file");
  }

  private void probeForSingle(Duration d, double rttMs) {
    for (long s = 0; s < d.toSeconds(); s += 30) {
      monitor.recordAnswered(A, clock.now(), Duration.ofNanos((long) (rttMs * 1e6)));
      clock.advance(Duration.ofSeconds(30));
    }
  }

  private static DataInputStream roundTrip(LatencyMonitor m) throws IOException {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    m.writeTo(new DataOutputStream(bytes));
    assertThat(bytes.size()).isEqualTo(12 + 18 + 8 + BucketRing.BYTES);
    return new DataInputStream(new ByteArrayInputStream(bytes.toByteArray()));
  }
}
