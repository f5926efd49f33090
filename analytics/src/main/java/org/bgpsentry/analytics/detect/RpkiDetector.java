package org.bgpsentry.analytics.detect;

import java.time.Duration;
import java.util.List;
import org.bgpsentry.analytics.rpki.RpkiState;
import org.bgpsentry.analytics.rpki.VrpSet;

/**
 * rpki_invalid: RFC 6811 §2 origin validation against the current VRPs; silent while the VRP data
 * is older than {@code rpki.stale_after} at the route's time (CONTRACT.md §3).
 */
final class RpkiDetector implements Detector {
  private final VrpSet vrps;
  private final Duration staleAfter;

  RpkiDetector(VrpSet vrps, Duration staleAfter) {
    this.vrps = vrps;
    this.staleAfter = staleAfter;
  }

  @Override
  public void inspect(RouteContext r, List<Finding> out) {
    if (r.at().isAfter(vrps.builtAt().plus(staleAfter))) {
      return;
    }
    long origin = r.origin();
    if (vrps.validate(r.prefix(), origin) == RpkiState.INVALID) {
      out.add(new Finding.RpkiInvalid(r.registered(), r.prefix(), origin, vrps.covering(r.prefix())));
    }
  }
}
