package org.bgpsentry.daemon.probe;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.Collection;
import java.util.List;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.bgpsentry.analytics.latency.LatencyCondition;
import org.bgpsentry.analytics.latency.LatencyMonitor;
import org.bgpsentry.analytics.prefix.RegisteredPrefix;
import org.bgpsentry.codec.model.nlri.Prefix;
import org.bgpsentry.daemon.metrics.BgpsentryMetrics;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Latency probing of the registered prefixes (docs/configuration.md {@code latency}): feeds the {@link
 * LatencyProber}'s results into the {@link LatencyMonitor} and the metrics ({@code
 * bgpsentry_prefix_rtt_seconds}, {@code bgpsentry_prefix_probe_failures_total}, {@code
 * bgpsentry_probes_total}; the first two exist at 0 for each prefix with probe targets), and keeps
 * the monitor's
 * rings in {@code state_dir} (loaded on start, saved every {@link #SAVE_INTERVAL} and on close).
 */
public final class LatencyService implements AutoCloseable {
  public static final Duration SAVE_INTERVAL = Duration.ofMinutes(5);
  private static final Logger log = LoggerFactory.getLogger(LatencyService.class);

  private final LatencyMonitor monitor;
  private final LatencyStore store;
  private final Clock clock;
  private volatile LatencySettings settings;
  private volatile LatencyProber prober;
  private final BgpsentryMetrics metrics;
  private final ScheduledExecutorService saver;

  public LatencyService(
      LatencySettings settings, Path stateDir, BgpsentryMetrics metrics, Clock clock) {
    this.monitor = new LatencyMonitor(clock, settings.degradeRatio());
    this.store = new LatencyStore(stateDir);
    this.clock = clock;
    this.settings = settings;
    this.metrics = metrics;
    this.prober = new LatencyProber(settings, clock, metrics::probeStarted, this::onResult);
    this.saver =
        Executors.newSingleThreadScheduledExecutor(
            r -> {
              Thread t = new Thread(r, "bgpsentry-latency-save");
              t.setDaemon(true);
              return t;
            });
  }

  /** Loads the saved rings (a bad file is logged and left for inspection) and starts saving. */
  public void start() {
    try {
      if (store.load(monitor)) {
        log.info("latency state loaded from {}", store.file());
      }
    } catch (IOException e) {
      log.warn("latency state {} not loaded, starting empty: {}", store.file(), e.getMessage());
    }
    long period = SAVE_INTERVAL.toSeconds();
    saver.scheduleAtFixedRate(this::saveLogged, period, period, TimeUnit.SECONDS);
  }

  /**
   * Watches the prefixes of a (re)loaded registry and probes their targets.
   *
   * @throws IllegalArgumentException when a probe target lies outside its prefix
   */
  public synchronized void updateRegistry(Collection<RegisteredPrefix> registry) {
    monitor.register(registry);
    for (RegisteredPrefix p : registry) {
      if (!p.probeTargets().isEmpty()) {
        metrics.prefixProbed(p.prefix());
      }
    }
    prober.setTargets(monitor.targets());
  }

  /**
   * New {@code latency} settings (config reload), keeping the measurements: {@code degrade_ratio}
   * applies from the next evaluation; a new interval, method, ports or timeout replaces the prober,
   * which starts over on the same targets spread over the new interval.
   */
  public synchronized void updateSettings(LatencySettings next) {
    LatencySettings before = settings;
    settings = next;
    monitor.setDegradeRatio(next.degradeRatio());
    if (next.withDegradeRatio(before.degradeRatio()).equals(before)) {
      return;
    }
    LatencyProber old = prober;
    LatencyProber fresh = new LatencyProber(next, clock, metrics::probeStarted, this::onResult);
    fresh.setTargets(monitor.targets());
    prober = fresh;
    old.close();
  }

  public LatencyMonitor monitor() {
    return monitor;
  }

  /** The present {@code latency_degraded} conditions, for the alert lifecycle. */
  public List<LatencyCondition> evaluate() {
    return monitor.evaluate();
  }

  /** The metrics first, then the monitor: a probe the API shows is already in /metrics. */
  private void onResult(ProbeResult result) {
    List<Prefix> prefixes = monitor.registeredPrefixesOf(result.target());
    switch (result) {
      case ProbeResult.Answered a -> {
        prefixes.forEach(p -> metrics.prefixRtt(p, a.rtt()));
        monitor.recordAnswered(a.target(), a.at(), a.rtt());
      }
      case ProbeResult.Lost l -> {
        prefixes.forEach(metrics::prefixProbeFailure);
        monitor.recordLost(l.target(), l.at());
        log.debug("probe of {} lost: {}", l.target(), l.reason());
      }
    }
  }

  /** Writes the rings to {@code state_dir} now. */
  public void save() throws IOException {
    store.save(monitor);
  }

  private void saveLogged() {
    try {
      save();
    } catch (IOException | RuntimeException e) {
      log.warn("latency state {} not saved: {}", store.file(), e.toString());
    }
  }

  /** Stops probing and saves the rings. */
  @Override
  public synchronized void close() {
    prober.close();
    saver.shutdown();
    try {
      saver.awaitTermination(10, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    saveLogged();
  }
}
