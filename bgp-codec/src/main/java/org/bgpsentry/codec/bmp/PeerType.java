package org.bgpsentry.codec.bmp;

/**
 * The Peer Type of the per-peer header: RFC 7854 §4.2, RFC 9069 §4.1. An open value (IANA "BMP
 * Peer Types" registry, docs/contributing.md R2): an unknown type is kept and its messages are decoded like a
 * global instance peer's.
 */
public record PeerType(int code) {
  /** 0: Global Instance Peer. */
  public static final PeerType GLOBAL_INSTANCE = new PeerType(0);

  /** 1: RD Instance Peer (a VRF, the Peer Distinguisher is its route distinguisher). */
  public static final PeerType RD_INSTANCE = new PeerType(1);

  /** 2: Local Instance Peer. */
  public static final PeerType LOCAL_INSTANCE = new PeerType(2);

  /** 3: Loc-RIB Instance Peer, RFC 9069 §4.1. */
  public static final PeerType LOC_RIB_INSTANCE = new PeerType(3);

  public PeerType {
    if (code < 0 || code > 255) {
      throw new IllegalArgumentException("invalid peer type: " + code + " (expected: 0..255)");
    }
  }

  public boolean isLocRib() {
    return code == 3;
  }
}
