package org.bgpsentry.daemon;

import java.io.IOException;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
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
import org.bgpsentry.analytics.alert.AlertSink;
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
import org.bgpsentry.analytics.rpki.VrpSet;
import org.bgpsentry.codec.model.nlri.Prefix;
import org.bgpsentry.daemon.config.BgpsentryConfig;
import org.bgpsentry.daemon.config.DetectionConfig;
import org.bgpsentry.daemon.config.PeerConfig;
import org.bgpsentry.daemon.http.ApiViews;
import org.bgpsentry.daemon.http.PrefixStatus;
import org.bgpsentry.daemon.ingest.DetectionData;
import org.bgpsentry.daemon.ingest.VrpFile;
import org.bgpsentry.daemon.metrics.BgpsentryMetrics;
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
  private BgpsentryMetrics metrics;
  /** The loaded VRPs for the routes API's rpki_state; null when no vrp_file is configured. */
  private volatile VrpSet vrps;
  /** When the route event being processed was read (analytics thread only). */
  private Instant eventReadAt;

  @Override
  public void start(DaemonContext ctx, BgpsentryConfig config, List<RegisteredPrefix> registry) throws Exception {
    detection = config.detection();
    metrics = ctx.metrics();
    AlertSink sink = alert -> {
      ctx.alertSink().accept(alert);
      if (eventReadAt != null) {
        metrics.updateToAlert(Duration.between(eventReadAt, Instant.now()));
      }
    };
    DetectionSettings settings = DetectionData.settings(config);
    AsRelationships rel = DetectionData.relationships(config);
    VrpFile.Contents rpki = rpki(config);
    List<Alert> restored = ctx.restoredAlerts();
    call(() -> {
      engine = new DetectionEngine(settings, new PrefixRegistry(registry), sink, Clock.systemUTC(), new SecureRandom());
      engine.setPeerRoles(roles(config.peers()));
      engine.updateRelationships(rel);
      applyRpki(rpki);
      engine.restore(restored);
      return null;
    });
    analytics.scheduleWithFixedDelay(this::tick, 1, 1, TimeUnit.SECONDS);
    LOG.info("detection: {} registered prefixes, {} alerts restored", registry.size(), restored.size());
  }

  /** {@code rpki.vrp_file} (re-read on every reload), or null. */
  private static VrpFile.Contents rpki(BgpsentryConfig config) throws IOException {
    return config.rpki().vrpFile() == null ? null : VrpFile.load(config.rpki().vrpFile());
  }

  /** On the analytics thread: hands VRPs and ASPAs to the engine and counts them (§8). */
  private void applyRpki(VrpFile.Contents rpki) {
    if (rpki == null) {
      return;
    }
    engine.updateVrps(rpki.vrps());
    if (!rpki.aspas().isEmpty()) {
      engine.updateAspas(rpki.aspas());
    }
    vrps = rpki.vrps();
    metrics.rpkiVrps("ipv4", rpki.vrps().ipv4Count());
    metrics.rpkiVrps("ipv6", rpki.vrps().ipv6Count());
    LOG.info("RPKI: {} VRPs ({} IPv4, {} IPv6) built at {}", rpki.vrps().size(), rpki.vrps().ipv4Count(),
        rpki.vrps().ipv6Count(), rpki.vrps().builtAt());
  }

  /**
   * RFC 6811 state of a route for the routes API: {@code valid}, {@code invalid}, {@code
   * not_found}, or {@code unknown} without VRPs or origin.
   */
  public String rpkiState(Prefix prefix, Long origin) {
    VrpSet v = vrps;
    return v == null || origin == null ? "unknown" : v.validate(prefix, origin).wireName();
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

  /** Deadlines, and the best-path gauges of registered prefixes. */
  private void tick() {
    engine.tick();
    for (RegisteredPrefix p : engine.registry().entries()) {
      List<Long> best = engine.bestPath(p.prefix());
      if (!best.isEmpty()) {
        metrics.prefixBestPathLength(p.prefix(), best.size());
      }
    }
  }

  /**
   * A change of a peer's Adj-RIB-In; called on the sessions' loop, queued in order. Its read time
   * starts {@code bgpsentry_update_to_alert_seconds} for the alerts it raises.
   */
  public void onRoute(RouteEvent e) {
    analytics.execute(() -> {
      if (engine.registry().get(e.prefix()) != null) {
        metrics.prefixChange(e.prefix());
      }
      eventReadAt = e.at();
      try {
        engine.onRoute(e);
      } finally {
        eventReadAt = null;
      }
    });
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
    VrpFile.Contents rpki = rpki(config);
    call(() -> {
      engine.setPeerRoles(roles(config.peers()));
      engine.updateRelationships(rel);
      applyRpki(rpki);
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
      return call(() -> {
        List<String> open = new ArrayList<>();
        for (Alert a : engine.firing()) {
          if (a.registeredPrefix().equals(text)) {
            open.add(a.id());
          }
        }
        return new PrefixStatus(List.of(), engine.bestPath(p), open);
      });
    } catch (ExecutionException | TimeoutException e) {
      return PrefixStatus.UNKNOWN;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
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
