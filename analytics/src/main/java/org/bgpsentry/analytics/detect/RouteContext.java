package org.bgpsentry.analytics.detect;

import java.time.Instant;
import org.bgpsentry.analytics.event.PeerId;
import org.bgpsentry.analytics.event.PeerRole;
import org.bgpsentry.analytics.prefix.RegisteredPrefix;
import org.bgpsentry.codec.model.attr.PathAttributes;
import org.bgpsentry.codec.model.nlri.Prefix;

/**
 * One route as route detectors see it: from {@code peer} (with its configured role, or null), for
 * {@code prefix}, under the most specific registration covering it; {@code receivingAsn} is the AS
 * that received it from the peer ({@link org.bgpsentry.analytics.event.PeerEvent.Established}), -1
 * when unknown.
 */
public record RouteContext(
    PeerId peer,
    PeerRole role,
    Prefix prefix,
    PathAttributes attributes,
    PathView path,
    RegisteredPrefix registered,
    Instant at,
    long receivingAsn) {

  /** The origin AS (RFC 6811 §2), the peer's AS for an empty path, -1 for an AS_SET origin. */
  public long origin() {
    return path.origin(peer.asn());
  }
}
