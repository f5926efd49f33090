package org.bgpsentry.codec.model;

import org.bgpsentry.codec.model.nlri.Family;

/**
 * ROUTE-REFRESH: RFC 2918 §3, with the RFC 7313 §3.2 message subtype in the former reserved octet
 * (0 normal request, 1 BoRR, 2 EoRR) and RFC 5291 ORF entries kept verbatim in {@code orf}.
 */
public record RouteRefresh(Family family, int subtype, OpaqueBytes orf) implements BgpMessage {
  public static final int NORMAL = 0;
  public static final int BEGINNING_OF_ROUTE_REFRESH = 1;
  public static final int END_OF_ROUTE_REFRESH = 2;

  public RouteRefresh {
    if (subtype < 0 || subtype > 255) {
      throw new IllegalArgumentException("invalid ROUTE-REFRESH subtype: " + subtype + " (expected: 0..255)");
    }
  }

  /** A plain RFC 2918 request for {@code family}. */
  public static RouteRefresh request(Family family) {
    return new RouteRefresh(family, NORMAL, OpaqueBytes.EMPTY);
  }

  @Override
  public MessageType type() {
    return MessageType.ROUTE_REFRESH;
  }
}
