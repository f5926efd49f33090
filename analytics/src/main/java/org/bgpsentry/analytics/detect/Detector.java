package org.bgpsentry.analytics.detect;

import java.util.List;

/**
 * Checks one route against one alert family (docs/contributing.md R14): pure, stateless, adds what it finds
 * to {@code out}. Prefix-wide conditions (suboptimal_path, visibility_loss) are {@link
 * PrefixDetector}s; peer_down and latency_degraded come from session and probe events.
 */
interface Detector {
  void inspect(RouteContext route, List<Finding> out);
}
