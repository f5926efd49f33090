package org.bgpsentry.analytics.event;

import org.bgpsentry.codec.model.nlri.IpAddress;

/**
 * A BGP peer as analytics sees it: the configured name (or {@code mrt:<ip>} in replay), its
 * address and AS. Used in alerts ({@code peers: [{name, address, asn}]}) and metrics.
 */
public record PeerId(String name, IpAddress address, long asn) {
  @Override
  public String toString() {
    return name;
  }
}
