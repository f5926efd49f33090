package org.bgpsentry.daemon.session;

import java.time.Instant;
import java.util.List;
import org.bgpsentry.analytics.event.PeerId;
import org.bgpsentry.codec.model.cap.Capability;

/**
 * A snapshot of one peer for {@code GET /api/v1/peers} (docs/api.md).
 *
 * @param establishedAt when the session reached Established, or null when it is not
 * @param capabilities the peer's capabilities of the current session (empty when none)
 * @param lastError the last NOTIFICATION or connection error, or null
 * @param source where the routes come from: {@code bgp} for a session, {@code bmp} for a BMP view
 *     (docs/operators-guide.md "Monitoring routers with BMP"), {@code ris} for a RIS Live peer
 * @param router the BMP router, or null
 * @param rib the BMP view ({@code adj-rib-in-pre}, {@code loc-rib}, ...), or null
 */
public record PeerStatus(
    PeerId peer,
    SessionState state,
    Instant establishedAt,
    int routesIpv4,
    int routesIpv6,
    List<Capability> capabilities,
    String lastError,
    String source,
    String router,
    String rib) {
  /** A BGP session's snapshot. */
  public PeerStatus(
      PeerId peer, SessionState state, Instant establishedAt, int routesIpv4, int routesIpv6,
      List<Capability> capabilities, String lastError) {
    this(peer, state, establishedAt, routesIpv4, routesIpv6, capabilities, lastError, "bgp", null, null);
  }
}
