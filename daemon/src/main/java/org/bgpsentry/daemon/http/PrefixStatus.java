package org.bgpsentry.daemon.http;

import java.util.List;
import org.bgpsentry.analytics.detect.IngressStatus;

/**
 * Live status of a registered prefix in {@code GET /api/v1/prefixes} (docs/api.md).
 *
 * @param visiblePeers peers that carry the prefix (or a covering legitimate route)
 * @param bestPath the best (shortest, prepends removed) AS path across peers; empty when unseen
 * @param openAlerts ids of alerts firing for it
 * @param ingress where the best path enters (suboptimal_path rule {@code ingress_location})
 */
public record PrefixStatus(
    List<String> visiblePeers, List<Long> bestPath, List<String> openAlerts, IngressStatus ingress) {
  public static final PrefixStatus UNKNOWN =
      new PrefixStatus(List.of(), List.of(), List.of(), IngressStatus.NOT_CONFIGURED);
}
