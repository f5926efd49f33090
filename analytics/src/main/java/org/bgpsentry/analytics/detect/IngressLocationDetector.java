package org.bgpsentry.analytics.detect;

import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import org.bgpsentry.analytics.event.PeerId;

/**
 * suboptimal_path, rule {@code ingress_location} (docs/alerts.md): P's best legitimate path
 * (shortest once prepends are collapsed) is not received at any established peer whose {@code
 * location} is one of P's ingress locations, while such a peer exists: traffic enters far from the
 * customer. Silent when no peer stands there (the rule cannot judge). A route of the best length
 * received at an expected location counts as the best path there.
 */
final class IngressLocationDetector implements PrefixDetector {
  @Override
  public void inspect(PrefixContext p, List<PrefixCondition> out) {
    IngressStatus s = status(p);
    if (s.state().equals("elsewhere")) {
      PrefixContext.BestPath best = p.best();
      List<Long> path = best.asList();
      out.add(
          new PrefixCondition(
              new Finding.IngressLocation(
                  p.registered(), path, s.bestPathLength(), s.bestPathLocations(), s.lengthAtExpected()),
              shortest(p, best.length()),
              path));
    }
  }

  /** Where P's best path enters, judged as the rule judges it. */
  static IngressStatus status(PrefixContext p) {
    List<String> expected = p.registered().expectedIngress();
    if (expected.isEmpty()) {
      return IngressStatus.NOT_CONFIGURED;
    }
    PrefixContext.BestPath best = p.best();
    if (best == null) {
      return new IngressStatus("not_seen", expected, List.of(), -1, -1);
    }
    Set<String> bestLocations = new TreeSet<>();
    int atExpected = -1;
    for (PrefixContext.Route r : p.legitimate()) {
      if (!p.established().contains(r.peer())) {
        continue;
      }
      String loc = p.locationOf(r.peer());
      int len = r.path().collapsed().length;
      if (len == best.length() && loc != null) {
        bestLocations.add(loc);
      }
      if (standsAt(loc, expected) && (atExpected < 0 || len < atExpected)) {
        atExpected = len;
      }
    }
    String state;
    if (atExpected == best.length()) {
      state = "expected";
    } else if (p.established().stream().noneMatch(peer -> standsAt(p.locationOf(peer), expected))) {
      state = "no_peer";
    } else {
      state = "elsewhere";
    }
    return new IngressStatus(state, expected, List.copyOf(bestLocations), best.length(), atExpected);
  }

  private static boolean standsAt(String location, List<String> expected) {
    return location != null && expected.contains(location);
  }

  /** The established peers receiving a legitimate route of the best length. */
  private static List<PeerId> shortest(PrefixContext p, int length) {
    return p.legitimate().stream()
        .filter(r -> r.path().collapsed().length == length && p.established().contains(r.peer()))
        .map(PrefixContext.Route::peer)
        .distinct()
        .toList();
  }
}
