package org.bgpsentry.daemon.probe;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.DoubleSupplier;
import org.bgpsentry.codec.model.nlri.Prefix;

/**
 * The latency metrics of CONTRACT.md §8, named here once. Micrometer's Prometheus naming turns
 * {@link #RTT} into the histogram {@code bgpsentry_prefix_rtt_seconds}, {@link #FAILURES} into
 * {@code bgpsentry_prefix_probe_failures_total} and {@link #PROBES_PER_SECOND} into the gauge
 * {@code bgpsentry_probes_per_second}.
 */
public final class ProbeMetrics {
  public static final String RTT = "bgpsentry.prefix.rtt";
  public static final String FAILURES = "bgpsentry.prefix.probe.failures";
  public static final String PROBES_PER_SECOND = "bgpsentry.probes.per.second";

  /** Histogram bucket bounds: loopback to intercontinental to the 2 s default timeout. */
  private static final Duration[] BOUNDS = {
    Duration.ofMillis(1), Duration.ofMillis(2), Duration.ofMillis(5), Duration.ofMillis(10),
    Duration.ofMillis(20), Duration.ofMillis(50), Duration.ofMillis(100), Duration.ofMillis(200),
    Duration.ofMillis(500), Duration.ofSeconds(1), Duration.ofSeconds(2), Duration.ofSeconds(5)
  };

  private final MeterRegistry registry;
  private final Map<Prefix, Timer> rtt = new ConcurrentHashMap<>();
  private final Map<Prefix, Counter> failures = new ConcurrentHashMap<>();

  public ProbeMetrics(MeterRegistry registry, DoubleSupplier probesPerSecond) {
    this.registry = registry;
    Gauge.builder(PROBES_PER_SECOND, probesPerSecond, DoubleSupplier::getAsDouble)
        .strongReference(true)
        .description("TCP connect probes started per second (last 10 s)")
        .register(registry);
  }

  /** One answered probe of a target of {@code registered}. */
  public void answered(Prefix registered, Duration rttValue) {
    rtt.computeIfAbsent(
            registered,
            p ->
                Timer.builder(RTT)
                    .description("TCP connect RTT to the probe targets of a registered prefix")
                    .tag("prefix", p.toString())
                    .serviceLevelObjectives(BOUNDS)
                    .register(registry))
        .record(rttValue);
  }

  /** One lost probe of a target of {@code registered}. */
  public void lost(Prefix registered) {
    failures
        .computeIfAbsent(
            registered,
            p ->
                Counter.builder(FAILURES)
                    .description("Probes to a registered prefix's targets that got no answer")
                    .tag("prefix", p.toString())
                    .register(registry))
        .increment();
  }
}
