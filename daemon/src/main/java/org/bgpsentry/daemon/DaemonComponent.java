package org.bgpsentry.daemon;

import java.util.List;
import org.bgpsentry.analytics.prefix.RegisteredPrefix;
import org.bgpsentry.daemon.config.BgpsentryConfig;
import org.bgpsentry.daemon.http.ApiViews;

/**
 * A part of the running daemon plugged into {@link Daemon}: BGP sessions, detection, the latency
 * prober. The daemon starts components in the order given, hands each reload and registry
 * change to all of them, and closes them in reverse order on SIGTERM.
 */
public interface DaemonComponent extends AutoCloseable {
  /** Starts with the first valid config; the registry is empty when none is configured. */
  void start(DaemonContext context, BgpsentryConfig config, List<RegisteredPrefix> registry) throws Exception;

  /**
   * Applies a reloaded, already validated config (SIGHUP or {@code POST /api/v1/reload}): e.g.
   * start added peers, stop removed ones, reset changed ones, leave the rest up.
   */
  void reload(BgpsentryConfig config, List<RegisteredPrefix> registry) throws Exception;

  /** The registry changed (API edit or file change picked up without a signal). */
  void registryChanged(List<RegisteredPrefix> registry);

  /** Adds what this component shows in the API, e.g. {@code views.withPeers(...)}. */
  ApiViews contribute(ApiViews views);

  /** Stops (SIGTERM): sessions send NOTIFICATION Cease/Administrative Shutdown first. */
  @Override
  void close();
}
