package org.bgpsentry.daemon;

import java.nio.file.Path;
import java.time.Clock;
import java.util.List;
import org.bgpsentry.analytics.alert.Alert;
import org.bgpsentry.analytics.alert.AlertSink;
import org.bgpsentry.daemon.alert.AlertDispatcher;
import org.bgpsentry.daemon.metrics.BgpsentryMetrics;

/**
 * What the daemon gives each {@link DaemonComponent}.
 *
 * @param alertSink the durable dispatcher: a transition is on disk when {@code accept} returns
 * @param restoredAlerts alerts firing at the last stop, with their ids (docs/alerts.md: they
 *     stay firing until peers are back and sent End-of-RIB, or 5 minutes pass)
 * @param dispatcher the same dispatcher as {@code alertSink} for components that follow its
 *     commits (Kafka), or null where a test gives a plain sink
 */
public record DaemonContext(
    BgpsentryMetrics metrics,
    AlertSink alertSink,
    List<Alert> restoredAlerts,
    Path stateDir,
    Clock clock,
    AlertDispatcher dispatcher) {
  public DaemonContext {
    restoredAlerts = List.copyOf(restoredAlerts);
  }

  /** A context without a dispatcher (tests that collect alerts in a plain sink). */
  public DaemonContext(
      BgpsentryMetrics metrics, AlertSink alertSink, List<Alert> restoredAlerts, Path stateDir, Clock clock) {
    this(metrics, alertSink, restoredAlerts, stateDir, clock, null);
  }
}
