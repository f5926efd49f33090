package org.bgpsentry.analytics.detect;

import java.time.Duration;
import java.util.List;
import org.bgpsentry.analytics.rpki.RpkiState;
import org.bgpsentry.analytics.rpki.Vrp;
import org.bgpsentry.analytics.rpki.VrpSources;

/**
 * rpki_invalid: RFC 6811 §2 origin validation against the current VRPs of every source that is no
 * older than {@code rpki.stale_after} at the route's time (docs/configuration.md); silent when all are.
 */
final class RpkiDetector implements Detector {
  private final VrpSources vrps;
  private final Duration staleAfter;

  RpkiDetector(VrpSources vrps, Duration staleAfter) {
    this.vrps = vrps;
    this.staleAfter = staleAfter;
  }

  @Override
  public void inspect(RouteContext r, List<Finding> out) {
    long origin = r.origin();
    List<Vrp> covering = vrps.covering(r.prefix(), r.at(), staleAfter);
    if (VrpSources.state(covering, r.prefix(), origin) == RpkiState.INVALID) {
      out.add(new Finding.RpkiInvalid(r.registered(), r.prefix(), origin, covering));
    }
  }
}
