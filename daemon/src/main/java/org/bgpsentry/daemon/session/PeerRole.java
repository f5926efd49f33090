package org.bgpsentry.daemon.session;

import org.bgpsentry.codec.model.cap.Capability.BgpRole;

/**
 * The configured RFC 9234 role of the PEER (docs/configuration.md {@code role}), with the role value it
 * must announce in its BGP Role capability and the one we announce (RFC 9234 §4.2 Table 2).
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

  /** The role value the peer must send. */
  public int peerValue() {
    return peerValue;
  }

  /** The role value we send. */
  public int localValue() {
    return localValue;
  }

  /** Parses the config spelling: {@code provider|customer|peer|rs|rs-client}; null when unknown. */
  public static PeerRole parse(String text) {
    return switch (text) {
      case "provider" -> PROVIDER;
      case "customer" -> CUSTOMER;
      case "peer" -> PEER;
      case "rs" -> RS;
      case "rs-client" -> RS_CLIENT;
      default -> null;
    };
  }
}
