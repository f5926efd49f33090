package org.bgpsentry.daemon;

import java.util.Locale;
import org.bgpsentry.analytics.event.PeerEvent;
import org.bgpsentry.analytics.event.PeerId;
import org.bgpsentry.analytics.event.RouteEvent;
import org.bgpsentry.codec.error.DecodeIssue;
import org.bgpsentry.codec.error.ErrorAction;
import org.bgpsentry.codec.model.nlri.Prefix;
import org.bgpsentry.daemon.ingest.IngestListener;
import org.bgpsentry.daemon.metrics.BgpsentryMetrics;

/**
 * The one {@link IngestListener} from every source of routes (BGP sessions, BMP views, RIS Live
 * peers) into detection and the metrics (docs/contributing.md §1): route changes of the registered prefixes
 * (one registry trie lookup each) and peer events go to the analytics queue, RFC 7606 issues to
 * {@code bgpsentry_bgp_update_errors_total}. A feed without {@code detect} (a BMP view outside {@code
 * bmp.detect}) only counts. After {@link #stop} nothing more reaches detection: a stopping source's
 * last events (Down, PEER_DOWN flushes) must not resolve or raise alerts, which the restart
 * restores as they were.
 *
 * <p>Called on the source's event loop: counts, filters and queues, never blocks.
 */
public final class DetectionFeed implements IngestListener {
  private final RouteSink detection;
  private final BgpsentryMetrics metrics;
  private final boolean detect;
  private volatile boolean stopping;

  /**
   * @param detect whether the routes and peer events go to detection (else only the errors are
   *     counted)
   */
  public DetectionFeed(RouteSink detection, BgpsentryMetrics metrics, boolean detect) {
    this.detection = detection;
    this.metrics = metrics;
    this.detect = detect;
  }

  /** From now on nothing reaches detection (the daemon stops). */
  public void stop() {
    stopping = true;
  }

  @Override
  public boolean wantsRoute(Prefix prefix) {
    return detect && !stopping && detection.relevant(prefix);
  }

  @Override
  public void onRouteEvent(RouteEvent event) {
    if (!stopping) {
      detection.offer(event);
    }
  }

  @Override
  public void onPeerEvent(PeerEvent event) {
    if (detect && !stopping) {
      detection.offer(event);
    }
  }

  @Override
  public void onUpdateError(PeerId peer, ErrorAction action, DecodeIssue issue) {
    // the AdjRibIn logs each issue, rate-limited per peer
    metrics.updateError(peer.name(), action.name().toLowerCase(Locale.ROOT));
  }
}
