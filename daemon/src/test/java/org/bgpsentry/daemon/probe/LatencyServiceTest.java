package org.bgpsentry.daemon.probe;

import org.bgpsentry.analytics.event.EventClock;
import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.function.BooleanSupplier;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.bgpsentry.analytics.alert.Alert;
import org.bgpsentry.analytics.alert.AlertStatus;
import org.bgpsentry.analytics.alert.AlertType;
import org.bgpsentry.analytics.detect.DetectionEngine;
import org.bgpsentry.analytics.detect.DetectionSettings;
import org.bgpsentry.analytics.latency.LatencyBucket;
import org.bgpsentry.analytics.latency.LatencyCondition;
import org.bgpsentry.analytics.prefix.PrefixRegistry;
import org.bgpsentry.analytics.prefix.RegisteredPrefix;
import org.bgpsentry.codec.model.nlri.IpAddress;
import org.bgpsentry.codec.model.nlri.Prefix;
import org.bgpsentry.daemon.metrics.BgpsentryMetrics;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The real prober against loopback targets, through the monitor, metrics and state file. */
class LatencyServiceTest {
  private static final Duration WAIT = Duration.ofSeconds(40);
  /**
   * The connect timeout of the probes: the default 2 s, far above a loopback RTT, so that a
   * loaded machine delaying the probe thread does not turn an answered probe into a lost one.
   */
  private static final Duration TIMEOUT = Duration.ofSeconds(2);
  private static final Prefix OPEN = Prefix.parse(LoopbackTargets.OPEN + "/32");
  private static final Prefix CLOSED = Prefix.parse(LoopbackTargets.CLOSED + "/32");
  private static final Prefix SILENT = Prefix.parse(LoopbackTargets.SILENT + "/32");

  @TempDir Path stateDir;
  private LoopbackTargets targets;
  private final EventClock clock = new EventClock(Instant.parse("2026-01-01T00:00:00Z"));
  private final BgpsentryMetrics metrics = new BgpsentryMetrics();

  @BeforeEach
  void setUp() throws Exception {
    targets = new LoopbackTargets();
  }

  @AfterEach
  void tearDown() throws Exception {
    targets.close();
  }

  private LatencySettings settings() {
    return LatencySettings.of(
        Duration.ofMillis(300), "tcp", List.of(targets.port), TIMEOUT, 1.5);
  }

  private static RegisteredPrefix registered(Prefix p) {
    RegisteredPrefix base = RegisteredPrefix.of(p, 64496);
    return new RegisteredPrefix(
        p, "", "", "", "", base.originAsns(), p.length(), List.of(), List.of(), 0, null,
        List.of(IpAddress.parse(p.address())));
  }

  private static void await(String what, BooleanSupplier condition) throws InterruptedException {
    long deadline = System.nanoTime() + WAIT.toNanos();
    while (!condition.getAsBoolean()) {
      if (System.nanoTime() > deadline) {
        throw new AssertionError("timed out after " + WAIT + " waiting for " + what);
      }
      Thread.sleep(20);
    }
  }

  private static LatencyBucket bucket(LatencyService s, Prefix p) {
    List<LatencyBucket> b = s.monitor().buckets(p, Duration.ofHours(6)).orElseThrow();
    return b.isEmpty() ? new LatencyBucket(Instant.EPOCH, 0, 0, 0, 0, 0) : b.get(b.size() - 1);
  }

  private double scraped(String series) {
    Matcher m =
        Pattern.compile("(?m)^" + Pattern.quote(series) + " ([0-9.eE+-]+)$")
            .matcher(metrics.registry().scrape());
    return m.find() ? Double.parseDouble(m.group(1)) : Double.NaN;
  }

  @Test
  void reloadedSettingsReplaceTheProberAndKeepTheMeasurements() throws Exception {
    LatencySettings hourly =
        LatencySettings.of(Duration.ofHours(1), "tcp", List.of(targets.port), TIMEOUT, 1.5);
    try (LatencyService s = new LatencyService(hourly, stateDir, metrics, clock)) {
      s.start();
      s.updateRegistry(List.of(registered(OPEN)));
      await("the first probe", () -> bucket(s, OPEN).probes() == 1);
      s.updateSettings(settings()); // every 300 ms
      await("probes every 300 ms after the reload", () -> bucket(s, OPEN).probes() >= 4);
      LatencyBucket reloaded = bucket(s, OPEN); // one snapshot: a probe may land between two reads
      assertThat(reloaded.answered()).isEqualTo(reloaded.probes());
      double before = scraped("bgpsentry_probes_total");
      await("probes_total goes on counting with the new prober", () -> scraped("bgpsentry_probes_total") > before);
      s.updateSettings(settings().withDegradeRatio(3.0));
      assertThat(bucket(s, OPEN).probes()).as("measurements kept").isGreaterThanOrEqualTo(4);
    }
  }

  @Test
  void openAndClosedPortsAnswerWithRttSilentTargetIsLostAndMetricsShowIt() throws Exception {
    try (LatencyService s = new LatencyService(settings(), stateDir, metrics, clock)) {
      s.start();
      s.updateRegistry(List.of(registered(OPEN), registered(CLOSED), registered(SILENT)));
      await(
          "3 probes per target",
          () -> bucket(s, OPEN).probes() >= 3
              && bucket(s, CLOSED).probes() >= 3
              && bucket(s, SILENT).probes() >= 3);

      LatencyBucket open = bucket(s, OPEN);
      assertThat(open.answered()).isEqualTo(open.probes());
      assertThat(open.lossRatio()).isZero();
      // Answered within the timeout (the RTT itself depends on the machine's load).
      assertThat(open.minMs()).isPositive().isLessThan(TIMEOUT.toMillis());
      assertThat(open.p95Ms()).isGreaterThanOrEqualTo(open.medianMs()).isLessThan(TIMEOUT.toMillis());
      LatencyBucket closed = bucket(s, CLOSED);
      assertThat(closed.answered()).as("RST counts as answered").isEqualTo(closed.probes());
      assertThat(closed.medianMs()).isPositive().isLessThan(TIMEOUT.toMillis());
      LatencyBucket silent = bucket(s, SILENT);
      assertThat(silent.answered()).isZero();
      assertThat(silent.lossRatio()).isEqualTo(1.0);
      assertThat(silent.medianMs()).isNaN();

      await("probes counter", () -> scraped("bgpsentry_probes_total") >= 9);
      assertThat(scraped("bgpsentry_prefix_rtt_seconds_count{prefix=\"127.0.0.2/32\"}"))
          .isGreaterThanOrEqualTo(3);
      assertThat(scraped("bgpsentry_prefix_rtt_seconds_count{prefix=\"127.0.0.3/32\"}"))
          .isGreaterThanOrEqualTo(3);
      assertThat(scraped("bgpsentry_prefix_rtt_seconds_bucket{prefix=\"127.0.0.2/32\",le=\"2.5\"}"))
          .as("every answered RTT is within the 2 s timeout")
          .isEqualTo(scraped("bgpsentry_prefix_rtt_seconds_count{prefix=\"127.0.0.2/32\"}"));
      assertThat(scraped("bgpsentry_prefix_probe_failures_total{prefix=\"127.0.0.4/32\"}"))
          .isGreaterThanOrEqualTo(3);
      // series of probed prefixes exist from the start: 0 until the first failure or answer
      assertThat(scraped("bgpsentry_prefix_probe_failures_total{prefix=\"127.0.0.2/32\"}")).isZero();
      assertThat(scraped("bgpsentry_prefix_rtt_seconds_count{prefix=\"127.0.0.4/32\"}")).isZero();
    }
  }

  @Test
  void unreachableTargetFiresAfterOneMinuteAndResolvesWhenItAnswers() throws Exception {
    List<Alert> sent = new ArrayList<>();
    List<RegisteredPrefix> registry = List.of(registered(SILENT));
    DetectionEngine engine =
        new DetectionEngine(
            DetectionSettings.DEFAULTS, new PrefixRegistry(registry), sent::add, clock,
            new Random(1));
    try (LatencyService s = new LatencyService(settings(), stateDir, metrics, clock)) {
      s.start();
      s.updateRegistry(registry);
      await("a lost probe", () -> bucket(s, SILENT).probes() >= 1);
      engine.onLatency(s.evaluate());
      assertThat(sent).isEmpty();

      clock.advance(Duration.ofSeconds(61));
      List<LatencyCondition> present = s.evaluate();
      assertThat(present).singleElement().satisfies(c -> {
        assertThat(c.reason()).isEqualTo(LatencyCondition.Reason.UNREACHABLE);
        assertThat(c.key()).isEqualTo("latency_degraded|127.0.0.4/32|127.0.0.4/32|");
      });
      engine.onLatency(present);
      assertThat(sent).singleElement().satisfies(a -> {
        assertThat(a.type()).isEqualTo(AlertType.LATENCY_DEGRADED);
        assertThat(a.status()).isEqualTo(AlertStatus.FIRING);
        assertThat(a.details()).containsEntry("failing_targets", List.of("127.0.0.4"));
      });

      targets.silentAnswers(); // listener gone: the next SYN gets a RST
      await("an answered probe", () -> bucket(s, SILENT).answered() >= 1);
      engine.onLatency(s.evaluate());
      assertThat(sent).hasSize(2);
      assertThat(sent.get(1).status()).isEqualTo(AlertStatus.RESOLVED);
      assertThat(sent.get(1).id()).isEqualTo(sent.get(0).id());
    }
  }

  @Test
  void ringsSurviveARestart() throws Exception {
    try (LatencyService s = new LatencyService(settings(), stateDir, metrics, clock)) {
      s.start();
      s.updateRegistry(List.of(registered(OPEN), registered(SILENT)));
      await("probes", () -> bucket(s, OPEN).probes() >= 3 && bucket(s, SILENT).probes() >= 1);
    }
    Path file = stateDir.resolve(LatencyStore.FILE_NAME);
    assertThat(file).exists();
    assertThat(Files.size(file)).isEqualTo(12 + 2 * (18 + 8 + 86_400));

    try (LatencyService s =
        new LatencyService(settings(), stateDir, new BgpsentryMetrics(), clock)) {
      s.start();
      s.monitor().register(List.of(registered(OPEN), registered(SILENT)));
      LatencyBucket before = bucket(s, OPEN);
      assertThat(before.probes()).isGreaterThanOrEqualTo(3);
      assertThat(before.answered()).isEqualTo(before.probes());
      assertThat(before.medianMs()).isPositive();
      assertThat(bucket(s, SILENT).lossRatio()).isEqualTo(1.0);
    }
  }

  @Test
  void probesAreSpreadOverTheIntervalAndCappedPerSecond() {
    LatencySettings d = LatencySettings.defaults();
    assertThat(LatencyProber.spacing(d, 3)).isEqualTo(Duration.ofSeconds(10));
    assertThat(LatencyProber.spacing(d, 6000)).isEqualTo(Duration.ofMillis(5));
    assertThat(LatencyProber.spacing(d, 60000))
        .as("200 probes/s at most: the interval stretches")
        .isEqualTo(Duration.ofMillis(5));
  }
}
