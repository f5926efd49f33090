package org.bgpsentry.analytics.detect;

import java.util.ArrayList;
import java.util.List;

/**
 * as_path_anomaly: AS_SET (RFC 6472 deprecates it), private-use ASNs (RFC 6996), reserved ASNs
 * (RFC 7300, and AS_TRANS of RFC 6793 §9), documentation ASNs (RFC 5398), a loop (an AS appearing
 * twice once prepends are collapsed), or more than 64 hops. Not checked for bogons: the
 * neighbour's own ASN at the head of the path (the configured peer, often private for an edge
 * router) and the ASNs the registration itself names (origins, upstreams, vias: the operator
 * vouches for them, e.g. a private-ASN customer behind its provider).
 */
final class AsPathAnomalyDetector implements Detector {
  static final int MAX_HOPS = 64;
  private static final long AS_TRANS = 23456;

  @Override
  public void inspect(RouteContext r, List<Finding> out) {
    List<String> reasons = null;
    PathView p = r.path();
    if (p.hasAsSet()) {
      reasons = add(reasons, "as_set");
    }
    long[] hops = p.hops();
    int start = 0;
    while (start < hops.length && hops[start] == r.peer().asn()) {
      start++;
    }
    for (int i = start; i < hops.length; i++) {
      if (isUnvouchedBogon(r, hops[i]) && indexOf(hops, start, i, hops[i]) < 0) {
        reasons = add(reasons, bogonKind(hops[i]) + " AS" + hops[i]);
      }
    }
    long[] set = p.originSet();
    for (int i = 0; i < set.length; i++) {
      if (isUnvouchedBogon(r, set[i]) && indexOf(hops, start, hops.length, set[i]) < 0
          && indexOf(set, 0, i, set[i]) < 0) {
        reasons = add(reasons, bogonKind(set[i]) + " AS" + set[i]);
      }
    }
    long[] c = p.collapsed();
    for (int i = 1; i < c.length; i++) {
      if (indexOf(c, 0, i, c[i]) >= 0) {
        reasons = add(reasons, "loop AS" + c[i]);
        break;
      }
    }
    if (p.length() > MAX_HOPS) {
      reasons = add(reasons, p.length() + " hops");
    }
    if (reasons != null) {
      out.add(new Finding.AsPathAnomaly(r.registered(), r.prefix(), r.origin(), reasons));
    }
  }

  private static List<String> add(List<String> reasons, String reason) {
    List<String> out = reasons == null ? new ArrayList<>(2) : reasons;
    out.add(reason);
    return out;
  }

  /** Index of {@code v} in {@code a[from, to)}, or -1 (paths are short: no hashing). */
  private static int indexOf(long[] a, int from, int to, long v) {
    for (int i = from; i < to; i++) {
      if (a[i] == v) {
        return i;
      }
    }
    return -1;
  }

  private static boolean isUnvouchedBogon(RouteContext r, long asn) {
    return bogonKind(asn) != null
        && !r.registered().originAsns().contains(asn)
        && !r.registered().upstreamAsns().contains(asn)
        && !r.registered().viaAsns().contains(asn);
  }

  /** "private", "reserved", "documentation", or null for an ordinary ASN. */
  static String bogonKind(long asn) {
    if ((asn >= 64512 && asn <= 65534) || (asn >= 4200000000L && asn <= 4294967294L)) {
      return "private"; // RFC 6996 §5
    }
    if (asn == 0 || asn == 65535 || asn == 4294967295L || asn == AS_TRANS) {
      return "reserved"; // RFC 7607, RFC 7300, RFC 6793
    }
    if ((asn >= 64496 && asn <= 64511) || (asn >= 65536 && asn <= 65551)) {
      return "documentation"; // RFC 5398
    }
    return null;
  }
}
