package org.bgpsentry.daemon;

import java.util.List;
import org.bgpsentry.analytics.prefix.RegisteredPrefix;
import org.bgpsentry.daemon.config.BgpsentryConfig;
import org.bgpsentry.daemon.http.ApiViews;

/**
 * A part of the running daemon plugged into {@link Daemon}: BGP sessions, detection, the latency
 * prober. The daemon starts components in the order given, hands each reload and registry
 * change to all of them, and closes them in reverse order on SIGTERM. A reload is two-phase:
 * every component {@link #prepareReload prepares} first, and only when all could is each
 * prepared reload {@link Reload#apply applied}; otherwise the prepared ones are {@link
 * Reload#abort aborted} and the running configuration stays exactly as it was.
 */
public interface DaemonComponent extends AutoCloseable {
  /** Starts with the first valid config; the registry is empty when none is configured. */
  void start(DaemonContext context, BgpsentryConfig config, List<RegisteredPrefix> registry) throws Exception;

  /**
   * Prepares a reloaded, already validated config (SIGHUP or {@code POST /api/v1/reload}): does
   * everything that can fail (read files, bind listen addresses) without changing what runs, or
   * with a change that {@link Reload#abort} takes back, and throws when this component cannot
   * take the config. The result applies it: e.g. start added peers, stop removed ones, reset
   * changed ones, leave the rest up. By default a component has nothing to reload.
   */
  default Reload prepareReload(BgpsentryConfig config, List<RegisteredPrefix> registry)
      throws Exception {
    return () -> {};
  }

  /** A prepared reload of one component. */
  interface Reload {
    /** Puts the prepared config in effect. */
    void apply() throws Exception;

    /** Another component refused the reload: takes back what preparing changed. */
    default void abort() {}
  }

  /**
   * The registry changed (API edit or file change picked up without a signal); by default the
   * component does not use it.
   */
  default void registryChanged(List<RegisteredPrefix> registry) {}

  /**
   * Adds what this component shows in the API, e.g. {@code views.withPeers(...)}; by default
   * nothing.
   */
  default ApiViews contribute(ApiViews views) {
    return views;
  }

  /** Stops (SIGTERM): sessions send NOTIFICATION Cease/Administrative Shutdown first. */
  @Override
  void close();
}
