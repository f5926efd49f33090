package org.bgpsentry.daemon;

import java.nio.file.Path;
import java.util.List;
import org.bgpsentry.daemon.bmp.BmpComponent;

/**
 * The daemon in-process for tests, its components wired and started in the order {@code bgpsentry
 * run} starts them: fed by BGP sessions, or by BMP routers.
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

  /**
   * Loads {@code config} and starts a daemon with detection, the sessions and the BMP station;
   * the caller closes it.
   */
  public static Daemon startWithBmp(Path config) throws Exception {
    Daemon.Loaded loaded = Daemon.load(config);
    DetectionComponent detection = new DetectionComponent();
    Daemon daemon =
        new Daemon(
            loaded.config(),
            loaded.registry(),
            List.of(detection, new SessionsComponent(detection), new BmpComponent(detection)));
    daemon.start();
    return daemon;
  }
}
