package org.bgpsentry.analytics.rpki;

import org.bgpsentry.codec.model.nlri.Prefix;

/**
 * A Validated ROA Payload: RFC 6811 §1 "(prefix, maximum length, origin AS)", RFC 6482 §3.3.
 *
 * @param asn the authorised origin AS; AS0 (RFC 7607) authorises nobody
 */
public record Vrp(Prefix prefix, int maxLength, long asn) {
  public Vrp {
    if (maxLength < prefix.length() || maxLength > prefix.maxLength()) {
      throw new IllegalArgumentException(
          "VRP "
              + prefix
              + " maxLength "
              + maxLength
              + " out of range (expected: "
              + prefix.length()
              + ".."
              + prefix.maxLength()
              + ")");
    }
  }

  /** True when this VRP matches a route for {@code route} originated by {@code origin} (§2). */
  public boolean matches(Prefix route, long origin) {
    return origin >= 0 && asn != 0 && asn == origin && route.length() <= maxLength;
  }

  @Override
  public String toString() {
    return prefix + "-" + maxLength + " AS" + asn;
  }
}
