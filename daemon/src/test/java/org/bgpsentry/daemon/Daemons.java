package org.bgpsentry.daemon;

import java.nio.file.Path;
import java.util.List;

/**
 * The daemon in-process for tests fed by BGP sessions: detection, the latency prober and the
 * sessions, wired and started in the order {@code bgpsentry run} starts them.
 */
public final class Daemons {
  private Daemons() {}

  /** Loads {@code config} and starts a daemon with the sessions; the caller closes it. */
  public static Daemon startWithSessions(Path config) throws Exception {
    return startWithSessions(Daemon.load(config));
  }

  /** Starts a daemon with the sessions on {@code loaded}; the caller closes it. */
  public static Daemon startWithSessions(Daemon.Loaded loaded) throws Exception {
    DetectionComponent detection = new DetectionComponent();
    Daemon daemon =
        new Daemon(
            loaded.config(),
            loaded.registry(),
            List.of(detection, new LatencyComponent(detection), new SessionsComponent(detection)));
    daemon.start();
    return daemon;
  }
}
