package org.bgpsentry.analytics.event;

/**
 * The configured RFC 9234 §3.1 role of a peer (what the peer is to us), used by the route leak
 * rules; wire names as in the config ({@code rs-client}).
 */
public enum PeerRole {
  PROVIDER,
  CUSTOMER,
  PEER,
  RS,
  RS_CLIENT;

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
