package org.bgpsentry.daemon.http;

import java.io.IOException;
import java.util.List;
import java.util.Map;
import java.util.function.BooleanSupplier;
import org.bgpsentry.analytics.alert.Alert;
import org.bgpsentry.analytics.prefix.RegisteredPrefix;
import org.bgpsentry.codec.model.nlri.Prefix;
import org.bgpsentry.daemon.session.PeerStatus;

/**
 * What the HTTP API reads and does, as small interfaces the sessions, detection and latency code
 * implement; {@link #empty} answers with nothing so the API runs before they are plugged in.
 */
public record ApiViews(
    Peers peers,
    Routes routes,
    PrefixStatuses prefixStatus,
    Alerts alerts,
    Latency latency,
    Registry registry,
    Reload reload,
    BooleanSupplier ready,
    Health health,
    Routers routers) {

  /** {@code GET /api/v1/routers}: the BMP routers (docs/operators-guide.md "Monitoring routers with BMP"). */
  @FunctionalInterface
  public interface Routers {
    List<RouterStatus> routers();
  }

  public ApiViews withRouters(Routers v) {
    return new ApiViews(peers, routes, prefixStatus, alerts, latency, registry, reload, ready, health, v);
  }

  /**
   * {@code GET /healthz} and {@code /readyz}: why the process no longer works (a thread it cannot
   * run without has died), or null while it does.
   */
  @FunctionalInterface
  public interface Health {
    String failure();
  }

  /** {@code GET /api/v1/peers}: a snapshot of every configured peer ({@link PeerJson} renders it). */
  @FunctionalInterface
  public interface Peers {
    List<PeerStatus> peers();
  }

  /**
   * {@code GET /api/v1/routes}: routes for {@code prefix} (and more specifics; null: every
   * prefix), optionally of one peer and of one origin AS ({@code originAsn}, -1 for any), at most
   * {@code limit}.
   */
  @FunctionalInterface
  public interface Routes {
    RouteAnswer routes(Prefix prefix, boolean moreSpecifics, String peer, long originAsn, int limit);
  }

  /**
   * What {@link Routes} found.
   *
   * @param truncated more routes matched than the limit allowed (at least one was left out)
   */
  public record RouteAnswer(List<ReceivedRoute> routes, boolean truncated) {}

  /** Live status shown beside each registered prefix. */
  @FunctionalInterface
  public interface PrefixStatuses {
    PrefixStatus status(Prefix prefix);
  }

  /** Firing alerts and recently resolved ones, newest last within each status. */
  @FunctionalInterface
  public interface Alerts {
    List<Alert> alerts();
  }

  /**
   * {@code GET /api/v1/latency}: the latency report's whole answer ({@link LatencyRoute#get}) for
   * a literal prefix (already checked) and the window parameter (null when absent).
   */
  @FunctionalInterface
  public interface Latency {
    LatencyRoute.Response get(String prefix, String window);

    /** The last 15 minutes' median RTT of a registered prefix's probe targets, when probed. */
    default java.util.OptionalDouble median15mMillis(Prefix registered) {
      return java.util.OptionalDouble.empty();
    }
  }

  /** The registry as the API edits it; changes are persisted before they return. */
  public interface Registry {
    /** Null when no {@code registry.file} is configured. */
    List<RegisteredPrefix> list();

    /** Adds or replaces entries (by prefix). */
    void put(List<RegisteredPrefix> entries) throws IOException;

    /** Removes one entry; false when it was not registered. */
    boolean remove(Prefix prefix) throws IOException;

    /**
     * Adds or replaces {@code put} and removes {@code remove} as one change: one write and one
     * notification, however many entries (the default makes one per entry).
     */
    default void update(List<RegisteredPrefix> put, java.util.Collection<Prefix> remove) throws IOException {
      if (!put.isEmpty()) {
        put(put);
      }
      for (Prefix p : remove) {
        remove(p);
      }
    }
  }

  /** SIGHUP's work: returns the problems of a refused config, empty on success. */
  @FunctionalInterface
  public interface Reload {
    List<String> reload();
  }

  /** Views that answer with nothing: no peers, no routes, no alerts, no registry. */
  public static ApiViews empty() {
    return new ApiViews(
        List::of,
        (p, m, peer, origin, limit) -> new RouteAnswer(List.of(), false),
        p -> PrefixStatus.UNKNOWN,
        List::of,
        (p, w) -> new LatencyRoute.Response(404, Map.of("error", "latency probing is not running (expected: a registered prefix with probe_targets)")),
        new Registry() {
          @Override
          public List<RegisteredPrefix> list() {
            return null;
          }

          @Override
          public void put(List<RegisteredPrefix> entries) {
            throw new UnsupportedOperationException("no registry configured");
          }

          @Override
          public boolean remove(Prefix prefix) {
            throw new UnsupportedOperationException("no registry configured");
          }
        },
        List::of,
        () -> true,
        () -> null,
        List::of);
  }

  public ApiViews withPeers(Peers v) {
    return new ApiViews(v, routes, prefixStatus, alerts, latency, registry, reload, ready, health, routers);
  }

  public ApiViews withRoutes(Routes v) {
    return new ApiViews(peers, v, prefixStatus, alerts, latency, registry, reload, ready, health, routers);
  }

  public ApiViews withPrefixStatus(PrefixStatuses v) {
    return new ApiViews(peers, routes, v, alerts, latency, registry, reload, ready, health, routers);
  }

  public ApiViews withAlerts(Alerts v) {
    return new ApiViews(peers, routes, prefixStatus, v, latency, registry, reload, ready, health, routers);
  }

  public ApiViews withLatency(Latency v) {
    return new ApiViews(peers, routes, prefixStatus, alerts, v, registry, reload, ready, health, routers);
  }

  public ApiViews withRegistry(Registry v) {
    return new ApiViews(peers, routes, prefixStatus, alerts, latency, v, reload, ready, health, routers);
  }

  public ApiViews withReload(Reload v) {
    return new ApiViews(peers, routes, prefixStatus, alerts, latency, registry, v, ready, health, routers);
  }

  public ApiViews withReady(BooleanSupplier v) {
    return new ApiViews(peers, routes, prefixStatus, alerts, latency, registry, reload, v, health, routers);
  }

  public ApiViews withHealth(Health v) {
    return new ApiViews(peers, routes, prefixStatus, alerts, latency, registry, reload, ready, v, routers);
  }
}
