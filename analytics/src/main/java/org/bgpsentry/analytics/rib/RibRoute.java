package org.bgpsentry.analytics.rib;

import java.time.Instant;
import org.bgpsentry.analytics.event.PeerId;
import org.bgpsentry.codec.model.attr.PathAttributes;
import org.bgpsentry.codec.model.nlri.Prefix;

/**
 * One route read out of a {@link PeerRib} for the API ({@code GET /api/v1/routes}); made on demand,
 * never stored.
 *
 * @param pathId ADD-PATH path id (RFC 7911), or {@link
 *     org.bgpsentry.codec.model.nlri.Nlri#NO_PATH_ID}
 * @param receivedAt when the route was last announced, to the second
 * @param stale kept through the peer's graceful restart, not yet re-announced (RFC 4724 §4.2)
 */
public record RibRoute(
    PeerId peer,
    Prefix prefix,
    long pathId,
    PathAttributes attributes,
    Instant receivedAt,
    boolean stale) {}
