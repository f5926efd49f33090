package org.bgpsentry.daemon.metrics;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.Tags;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.LongSupplier;

/**
 * The BMP station's metrics (docs/operators-guide.md "Monitoring routers with BMP"), on the daemon's registry. Every series of a
 * configured router exists at 0 from its start: {@code router_up}, each message type, each view
 * and family of {@code bgpsentry_bmp_routes}, each error kind. Statistics Report series appear
 * with the router's first report of each peer and type (their set is the router's to choose).
 * A router removed from the configuration loses all of its series ({@link #removeRouter}); a
 * monitored peer gone for good loses its own ({@link #removePeers}).
 * Counters are looked up in maps on the station's event loop (one lookup per message).
 */
public final class BmpMetrics {
  /** {@code type} labels of {@code bgpsentry_bmp_messages_received_total}, by RFC 7854 type code. */
  public static final List<String> MESSAGE_TYPES =
      List.of(
          "route_monitoring", "statistics", "peer_down", "peer_up", "initiation", "termination",
          "route_mirroring");

  /** {@code kind} labels of {@code bgpsentry_bmp_errors_total}. */
  public static final List<String> ERROR_KINDS = List.of("framing", "malformed");

  /** {@code rib} labels of {@code bgpsentry_bmp_routes}. */
  public static final List<String> RIBS =
      List.of("adj-rib-in-pre", "adj-rib-in-post", "loc-rib", "adj-rib-out-pre", "adj-rib-out-post");

  private final BgpsentryMetrics metrics;
  private final PrometheusMeterRegistry registry;
  private final Counter refused;
  private final Map<String, Counter[]> messages = new ConcurrentHashMap<>();
  private final Map<String, Counter> corrections = new ConcurrentHashMap<>();
  private final Map<String, Counter> errors = new ConcurrentHashMap<>();
  private final Map<String, AtomicLong> up = new ConcurrentHashMap<>();
  private final Map<Meter.Id, AtomicLong> stats = new ConcurrentHashMap<>();

  public BmpMetrics(BgpsentryMetrics metrics) {
    this.metrics = metrics;
    this.registry = metrics.registry();
    refused =
        Counter.builder("bgpsentry_bmp_refused_connections")
            .description("BMP connections refused from addresses not configured as routers")
            .register(registry);
  }

  /**
   * Creates every series of {@code router} at 0: up, messages by type, errors by kind, AS_PATH
   * corrections, and {@code bgpsentry_bmp_routes} per view and family from {@code routes}.
   *
   * @param routes routes held by the router's views of (rib, afi); called at scrape time
   */
  public void router(String router, RouteCounts routes) {
    AtomicLong u = new AtomicLong();
    up.put(router, u);
    Gauge.builder("bgpsentry_bmp_router_up", u, AtomicLong::get)
        .description("1 while the router's BMP connection is up")
        .tags("router", router)
        .register(registry);
    Counter[] byType = new Counter[MESSAGE_TYPES.size()];
    for (int i = 0; i < byType.length; i++) {
      byType[i] =
          Counter.builder("bgpsentry_bmp_messages_received")
              .description("BMP messages received, by type")
              .tags("router", router, "type", MESSAGE_TYPES.get(i))
              .register(registry);
    }
    messages.put(router, byType);
    for (String kind : ERROR_KINDS) {
      errors.put(
          router + "|" + kind,
          Counter.builder("bgpsentry_bmp_errors")
              .description("BMP messages that could not be framed (connection closed) or decoded (skipped)")
              .tags("router", router, "kind", kind)
              .register(registry));
    }
    corrections.put(
        router,
        Counter.builder("bgpsentry_bmp_as_path_corrections")
            .description("Routes whose AS_PATH lost the router's own AS prepended by its BMP export (FRR before 10.7)")
            .tags("router", router)
            .register(registry));
    for (String rib : RIBS) {
      for (String afi : List.of("ipv4", "ipv6")) {
        LongSupplier s = () -> routes.count(rib, afi);
        Gauge.builder("bgpsentry_bmp_routes", s, LongSupplier::getAsLong)
            .description("Routes held per router and view")
            .tags("router", router, "rib", rib, "afi", afi)
            .strongReference(true) // Micrometer holds gauge objects weakly; this lambda has no other owner
            .register(registry);
      }
    }
  }

  /** Removes every series of a router no longer configured (reload), its statistics too. */
  public void removeRouter(String router) {
    up.remove(router);
    messages.remove(router);
    corrections.remove(router);
    ERROR_KINDS.forEach(kind -> errors.remove(router + "|" + kind));
    stats.keySet().removeIf(id -> router.equals(id.getTag("router")));
    metrics.removeWhere(id -> router.equals(id.getTag("router")));
  }

  /**
   * Removes the per-peer series of monitored peers and views that are gone: the Statistics Report
   * gauges whose {@code peer} is one of {@code names} and every {@code peer} series of the daemon
   * ({@link BgpsentryMetrics#removePeer}). Should the peer come back, its series start again.
   */
  public void removePeers(java.util.Collection<String> names) {
    stats.keySet().removeIf(id -> names.contains(id.getTag("peer")));
    names.forEach(metrics::removePeer);
  }

  /** Routes held by a router's views. */
  @FunctionalInterface
  public interface RouteCounts {
    long count(String rib, String afi);
  }

  public void routerUp(String router, boolean isUp) {
    up.get(router).set(isUp ? 1 : 0);
  }

  /** One message of RFC 7854 type {@code code}. */
  public void message(String router, int code) {
    messages.get(router)[code].increment();
  }

  public void error(String router, String kind) {
    errors.get(router + "|" + kind).increment();
  }

  public void asPathCorrection(String router) {
    corrections.get(router).increment();
  }

  public void refusedConnection() {
    refused.increment();
  }

  /** {@code bgpsentry_bmp_router_statistic}: the latest value of a Statistics Report counter. */
  public void statistic(String router, String peer, int type, long value) {
    Tags tags = Tags.of("router", router, "peer", peer, "stat", Integer.toString(type));
    Meter.Id id = new Meter.Id("bgpsentry_bmp_router_statistic", tags, null, null, Meter.Type.GAUGE);
    stats.computeIfAbsent(
            id,
            k -> {
              AtomicLong v = new AtomicLong();
              Gauge.builder("bgpsentry_bmp_router_statistic", v, AtomicLong::get)
                  .description("The router's own Statistics Report counters (stat = RFC 7854 type)")
                  .tags(tags)
                  .register(registry);
              return v;
            })
        .set(value);
  }
}
