package org.bgpsentry.analytics.detect;

import java.util.List;
import org.bgpsentry.analytics.prefix.RegisteredPrefix;

/**
 * origin_hijack, subprefix_hijack (including squatting, {@code origin_asns: []}), more_specific
 * and path_hijack (docs/alerts.md). A path ending in an AS_SET (RFC 6472: origin ambiguous) is
 * legitimate only when every member of the set is an allowed origin, as ARTEMIS does; otherwise
 * the first member not allowed is reported as the origin.
 */
final class HijackDetector implements Detector {
  @Override
  public void inspect(RouteContext r, List<Finding> out) {
    RegisteredPrefix reg = r.registered();
    long illegitimate = illegitimateOrigin(r, reg);
    boolean exact = r.prefix().length() == reg.prefix().length();
    if (illegitimate >= 0) {
      out.add(
          exact
              ? new Finding.OriginHijack(reg, r.prefix(), illegitimate)
              : new Finding.SubprefixHijack(reg, r.prefix(), illegitimate));
      return;
    }
    long origin = r.origin();
    if (r.prefix().length() > reg.maxLength()) {
      out.add(new Finding.MoreSpecific(reg, r.prefix(), origin));
    }
    long neighbour = r.path().originNeighbour();
    if (!reg.upstreamAsns().isEmpty() && neighbour >= 0 && !reg.upstreamAsns().contains(neighbour)) {
      out.add(new Finding.PathHijack(reg, r.prefix(), origin, neighbour));
    }
  }

  /** The offending origin AS, or -1 when the origin is allowed. */
  private static long illegitimateOrigin(RouteContext r, RegisteredPrefix reg) {
    long[] set = r.path().originSet();
    if (set.length > 0) {
      for (long a : set) {
        if (!reg.originAsns().contains(a)) {
          return a;
        }
      }
      return -1;
    }
    long origin = r.origin();
    return reg.originAsns().contains(origin) ? -1 : origin;
  }
}
