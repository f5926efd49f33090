package org.bgpsentry.analytics.detect;

import java.time.Instant;
import java.util.List;
import org.bgpsentry.codec.model.nlri.Prefix;

/**
 * Told when the best legitimate AS path (shortest after collapsing prepends, docs/alerts.md
 * {@code suboptimal_path}) of a registered prefix changes; an empty path means no route.
 */
@FunctionalInterface
public interface BestPathListener {
  void onBestPathChange(Prefix registered, List<Long> oldPath, List<Long> newPath, Instant at);
}
