package org.bgpsentry.daemon;

import java.security.SecureRandom;
import java.time.Clock;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.bgpsentry.analytics.alert.Alert;
import org.bgpsentry.analytics.asrel.AsRelationships;
import org.bgpsentry.analytics.detect.BestPathListener;
import org.bgpsentry.analytics.detect.DetectionEngine;
import org.bgpsentry.analytics.detect.DetectionSettings;
import org.bgpsentry.analytics.event.PeerEvent;
import org.bgpsentry.analytics.event.PeerRole;
import org.bgpsentry.analytics.event.RouteEvent;
import org.bgpsentry.analytics.latency.LatencyCondition;
import org.bgpsentry.analytics.prefix.PrefixRegistry;
import org.bgpsentry.analytics.prefix.RegisteredPrefix;
import org.bgpsentry.codec.model.nlri.Prefix;
import org.bgpsentry.daemon.config.BgpsentryConfig;
import org.bgpsentry.daemon.config.DetectionConfig;
import org.bgpsentry.daemon.config.PeerConfig;
import org.bgpsentry.daemon.http.ApiViews;
import org.bgpsentry.daemon.http.PrefixStatus;
import org.bgpsentry.daemon.ingest.DetectionData;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The detection engine in the running daemon: one analytics thread owns the {@link
 * DetectionEngine} (it is not thread-safe); route and peer events from the sessions are queued to
 * it in order, deadlines run every second, alerts go to the durable dispatcher. Firing alerts of
 * the last run are restored with their ids (CONTRACT.md §5).
 */
public final class DetectionComponent implements DaemonComponent {
  private static final Logger LOG = LoggerFactory.getLogger(DetectionComponent.class);

  private final ScheduledExecutorService analytics =
      Executors.newSingleThreadScheduledExecutor(r -> Thread.ofPlatform().name("analytics").unstarted(r));
  private DetectionEngine engine;
  private DetectionConfig detection;

  @Override
  public void start(DaemonContext ctx, BgpsentryConfig config, List<RegisteredPrefix> registry) throws Exception {
    detection = config.detection();
    DetectionSettings settings = DetectionData.settings(config);
    AsRelationships rel = DetectionData.relationships(config);
    List<Alert> restored = ctx.restoredAlerts();
    call(() -> {
      engine = new DetectionEngine(settings, new PrefixRegistry(registry), ctx.alertSink(), Clock.systemUTC(), new SecureRandom());
      engine.setPeerRoles(roles(config.peers()));
      engine.updateRelationships(rel);
      engine.restore(restored);
      return null;
    });
    analytics.scheduleWithFixedDelay(() -> engine.tick(), 1, 1, TimeUnit.SECONDS);
    LOG.info("detection: {} registered prefixes, {} alerts restored", registry.size(), restored.size());
  }

  private static Map<String, PeerRole> roles(List<PeerConfig> peers) {
    Map<String, PeerRole> roles = new HashMap<>();
    for (PeerConfig p : peers) {
      if (p.role() != null) {
        roles.put(p.name(), PeerRole.valueOf(p.role().name()));
      }
    }
    return roles;
  }

  /** A change of a peer's Adj-RIB-In; called on the sessions' loop, queued in order. */
  public void onRoute(RouteEvent e) {
    analytics.execute(() -> engine.onRoute(e));
  }

  /** The present latency_degraded conditions (from the prober's monitor), queued in order. */
  public void onLatency(List<LatencyCondition> present) {
    analytics.execute(() -> engine.onLatency(present));
  }

  /** Tells {@code listener} (on the analytics thread) of every best-path change. */
  public void setBestPathListener(BestPathListener listener) {
    analytics.execute(() -> engine.setBestPathListener(listener));
  }

  /** Established, down, End-of-RIB; queued in order with the route events. */
  public void onPeer(PeerEvent e) {
    analytics.execute(() -> engine.onPeer(e));
  }

  @Override
  public void reload(BgpsentryConfig config, List<RegisteredPrefix> registry) throws Exception {
    if (!config.detection().equals(detection)) {
      LOG.warn("detection settings changed: they take effect at the next restart");
    }
    AsRelationships rel = DetectionData.relationships(config);
    call(() -> {
      engine.setPeerRoles(roles(config.peers()));
      engine.updateRelationships(rel);
      return null;
    });
  }

  @Override
  public void registryChanged(List<RegisteredPrefix> registry) {
    analytics.execute(() -> engine.updateRegistry(new PrefixRegistry(registry)));
  }

  @Override
  public ApiViews contribute(ApiViews views) {
    return views.withPrefixStatus(this::status);
  }

  /** Open alerts of a registered prefix (ids), read on the analytics thread. */
  private PrefixStatus status(Prefix p) {
    String text = p.toString();
    try {
      List<String> open = new ArrayList<>();
      for (Alert a : call(() -> engine.firing())) {
        if (a.registeredPrefix().equals(text)) {
          open.add(a.id());
        }
      }
      return new PrefixStatus(List.of(), List.of(), open);
    } catch (Exception e) {
      return PrefixStatus.UNKNOWN;
    }
  }

  private <T> T call(java.util.concurrent.Callable<T> task) throws ExecutionException, InterruptedException, TimeoutException {
    return analytics.submit(task).get(10, TimeUnit.SECONDS);
  }

  /** Runs what is queued (up to 3 s), then stops the analytics thread. */
  @Override
  public void close() {
    analytics.shutdown();
    try {
      analytics.awaitTermination(3, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    analytics.shutdownNow();
  }
}
