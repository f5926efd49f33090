package org.bgpsentry.analytics.detect;

import java.util.List;
import org.bgpsentry.analytics.event.PeerId;

/** A prefix-wide condition a {@link PrefixDetector} found, with the peers and path showing it. */
record PrefixCondition(Finding finding, List<PeerId> peers, List<Long> asPath) {
  PrefixCondition {
    peers = List.copyOf(peers);
    asPath = List.copyOf(asPath);
  }
}
