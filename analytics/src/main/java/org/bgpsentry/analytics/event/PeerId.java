package org.bgpsentry.analytics.event;

import org.bgpsentry.codec.model.nlri.IpAddress;

/**
 * A BGP peer as analytics sees it: the configured name (or {@code mrt:<ip>} in replay), its
 * address and AS. Used in alerts ({@code peers: [{name, address, asn}]}) and metrics.
 */
public record PeerId(String name, IpAddress address, long asn) {
  /** Name prefix of the peers of RIPE RIS Live: {@code ris:<host>:<peer address>} (docs/operators-guide.md "Public vantage points: RIS Live"). */
  public static final String RIS_PREFIX = "ris:";

  /**
   * True for a public vantage point (a RIS Live peer): it counts toward {@code
   * sources.ris_live.min_peers}, never toward {@code detection.min_peers}, visibility, the best
   * path, or {@code peer_down}.
   */
  public boolean isPublic() {
    return name.startsWith(RIS_PREFIX);
  }

  @Override
  public String toString() {
    return name;
  }
}
