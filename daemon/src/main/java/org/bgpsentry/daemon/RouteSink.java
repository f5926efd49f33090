package org.bgpsentry.daemon;

import java.util.function.Consumer;
import org.bgpsentry.analytics.event.PeerEvent;
import org.bgpsentry.analytics.event.PeerId;
import org.bgpsentry.analytics.event.RouteEvent;
import org.bgpsentry.codec.model.nlri.Prefix;

/**
 * Where the sources (BGP sessions, RIS Live) send what detection needs: {@link
 * DetectionComponent} in one daemon, the Kafka event publisher in a collector (docs/scaling.md).
 * Sources cannot tell the two apart. Called on the sources' event loops: never blocks.
 */
public interface RouteSink {
  /** Whether changes of {@code prefix} matter (overlap a registered prefix). */
  boolean relevant(Prefix prefix);

  /** One route change, in UPDATE order per peer. */
  void offer(RouteEvent event);

  /** A session event. */
  void offer(PeerEvent event);

  /** A peer left the configuration: its peer_down alert resolves. */
  void peerRemoved(PeerId peer);

  /** RFC 6811 state of a route for the routes API: {@code unknown} where no VRPs are loaded. */
  default String rpkiState(Prefix prefix, long origin) {
    return "unknown";
  }

  /** Where to send backpressure: false = stop reading from the sources, true = read again. */
  void backpressure(Consumer<Boolean> reading);
}
