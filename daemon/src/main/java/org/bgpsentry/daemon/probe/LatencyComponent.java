package org.bgpsentry.daemon.probe;

import java.util.List;
import org.bgpsentry.analytics.detect.BestPathListener;
import org.bgpsentry.analytics.latency.LatencyCondition;
import org.bgpsentry.analytics.latency.LatencyMonitor;
import org.bgpsentry.analytics.prefix.RegisteredPrefix;
import org.bgpsentry.daemon.DaemonComponent;
import org.bgpsentry.daemon.DaemonContext;
import org.bgpsentry.daemon.config.BgpsentryConfig;
import org.bgpsentry.daemon.http.ApiViews;
import org.bgpsentry.daemon.http.LatencyRoute;

/**
 * The latency prober as a {@link DaemonComponent} (CONTRACT.md §3 {@code latency}): probes the
 * registry's {@code probe_targets}, answers {@code GET /api/v1/latency}, and offers the detection
 * side the present {@code latency_degraded} conditions ({@link #conditions}, for {@code
 * DetectionEngine.onLatency}) and a {@link #bestPathListener} for {@code
 * DetectionEngine.setBestPathListener} (the path-change correlation). A reload with changed
 * {@code latency} settings restarts the prober on the saved rings.
 */
public final class LatencyComponent implements DaemonComponent {
  private DaemonContext context;
  private volatile LatencyService service;
  private LatencySettings settings;

  @Override
  public synchronized void start(
      DaemonContext ctx, BgpsentryConfig config, List<RegisteredPrefix> registry) {
    this.context = ctx;
    this.settings = LatencySettings.from(config.latency());
    LatencyService s = new LatencyService(settings, ctx.stateDir(), ctx.metrics(), ctx.clock());
    s.start();
    s.updateRegistry(registry);
    service = s;
  }

  @Override
  public synchronized void reload(BgpsentryConfig config, List<RegisteredPrefix> registry) {
    LatencySettings next = LatencySettings.from(config.latency());
    if (!next.equals(settings)) {
      service.close(); // saves the rings; the new service loads them
      settings = next;
      LatencyService s =
          new LatencyService(next, context.stateDir(), context.metrics(), context.clock());
      s.start();
      service = s;
    }
    service.updateRegistry(registry);
  }

  @Override
  public synchronized void registryChanged(List<RegisteredPrefix> registry) {
    service.updateRegistry(registry);
  }

  @Override
  public ApiViews contribute(ApiViews views) {
    return views.withLatency((prefix, window) -> new LatencyRoute(service.monitor()).get(prefix, window));
  }

  /** The present {@code latency_degraded} conditions, for the detection engine's tick. */
  public List<LatencyCondition> conditions() {
    return service.evaluate();
  }

  /** Feeds best-path changes into the monitor (correlation in the alert's details). */
  public BestPathListener bestPathListener() {
    return (prefix, oldPath, newPath, at) ->
        service.monitor().onBestPathChange(prefix, oldPath, newPath, at);
  }

  /** The monitor, e.g. for the 15-minute median shown in {@code GET /api/v1/prefixes}. */
  public LatencyMonitor monitor() {
    return service.monitor();
  }

  @Override
  public synchronized void close() {
    if (service != null) {
      service.close();
    }
  }
}
