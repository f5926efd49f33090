package org.bgpsentry.daemon;

import java.time.Clock;
import java.util.List;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.bgpsentry.analytics.prefix.RegisteredPrefix;
import org.bgpsentry.daemon.config.BgpsentryConfig;
import org.bgpsentry.daemon.config.LatencyConfig;
import org.bgpsentry.daemon.http.ApiViews;
import org.bgpsentry.daemon.http.LatencyRoute;
import org.bgpsentry.daemon.probe.LatencyService;
import org.bgpsentry.daemon.probe.LatencySettings;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The latency prober in the running daemon: {@link LatencyService} probes the registry's {@code
 * probe_targets}, its conditions go to detection every 10 s (latency_degraded), detection's
 * best-path changes come back for correlation, and {@code GET /api/v1/latency} reads its report.
 */
public final class LatencyComponent implements DaemonComponent {
  private static final Logger LOG = LoggerFactory.getLogger(LatencyComponent.class);
  static final long EVALUATE_SECONDS = 10;

  private final DetectionComponent detection;
  private final ScheduledExecutorService evaluator =
      Executors.newSingleThreadScheduledExecutor(r -> Thread.ofPlatform().daemon().name("latency-evaluate").unstarted(r));
  private LatencyService service;
  private volatile LatencyConfig latency;

  public LatencyComponent(DetectionComponent detection) {
    this.detection = detection;
  }

  @Override
  public void start(DaemonContext ctx, BgpsentryConfig config, List<RegisteredPrefix> registry) {
    latency = config.latency();
    service = new LatencyService(LatencySettings.from(latency), ctx.stateDir(), ctx.metrics(), Clock.systemUTC());
    service.start();
    service.updateRegistry(registry);
    detection.setBestPathListener(service.monitor()::onBestPathChange);
    evaluator.scheduleWithFixedDelay(
        () -> detection.onLatency(service.evaluate()), EVALUATE_SECONDS, EVALUATE_SECONDS, TimeUnit.SECONDS);
  }

  @Override
  public Reload prepareReload(BgpsentryConfig config, List<RegisteredPrefix> registry) {
    return () -> {
      if (!config.latency().equals(latency)) {
        latency = config.latency();
        service.updateSettings(LatencySettings.from(latency));
        LOG.info("latency settings applied, measurements kept: {}", latency);
      }
    };
  }

  @Override
  public void registryChanged(List<RegisteredPrefix> registry) {
    service.updateRegistry(registry);
  }

  @Override
  public ApiViews contribute(ApiViews views) {
    return views.withLatency(LatencyRoute.view(service.monitor()));
  }

  /** Stops probing and saves the report to {@code state_dir}. */
  @Override
  public void close() {
    evaluator.shutdownNow();
    if (service != null) {
      service.close();
    }
  }
}
