package org.bgpsentry.analytics.event;

import org.bgpsentry.codec.model.cap.Capability.BgpRole;

/**
 * The configured RFC 9234 §3.1 role of a peer (what the peer is to us): the config's {@code role}
 * (wire names as in the config, {@code rs-client}), the route leak rules, and the role values of
 * the BGP Role capability, the one it must announce and the one we announce (RFC 9234 §4.2 Table
 * 2). The one type for the role in every module.
 */
public enum PeerRole {
  PROVIDER(BgpRole.PROVIDER, BgpRole.CUSTOMER),
  CUSTOMER(BgpRole.CUSTOMER, BgpRole.PROVIDER),
  PEER(BgpRole.PEER, BgpRole.PEER),
  RS(BgpRole.RS, BgpRole.RS_CLIENT),
  RS_CLIENT(BgpRole.RS_CLIENT, BgpRole.RS);

  private final int peerValue;
  private final int localValue;

  PeerRole(int peerValue, int localValue) {
    this.peerValue = peerValue;
    this.localValue = localValue;
  }

  /** The role value the peer must send in its BGP Role capability. */
  public int peerValue() {
    return peerValue;
  }

  /** The role value we send. */
  public int localValue() {
    return localValue;
  }

  /** The config spelling: {@code provider|customer|peer|rs|rs-client}. */
  public String wireName() {
    return name().toLowerCase(java.util.Locale.ROOT).replace('_', '-');
  }

  /** Parses {@code provider|customer|peer|rs|rs-client}; null when not one of them. */
  public static PeerRole parse(String s) {
    for (PeerRole r : values()) {
      if (r.wireName().equals(s)) {
        return r;
      }
    }
    return null;
  }
}
