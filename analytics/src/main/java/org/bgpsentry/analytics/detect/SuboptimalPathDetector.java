package org.bgpsentry.analytics.detect;

import java.util.List;
import org.bgpsentry.analytics.prefix.RegisteredPrefix;

/**
 * suboptimal_path, rules {@code max_path_length} and {@code via_asns} (docs/alerts.md): P's best
 * legitimate path across peers is longer than allowed, or does not traverse {@code via_asns}. The
 * rule {@code ingress_location} is {@link IngressLocationDetector}.
 */
final class SuboptimalPathDetector implements PrefixDetector {
  @Override
  public void inspect(PrefixContext p, List<PrefixCondition> out) {
    PrefixContext.BestPath best = p.best();
    if (best == null) {
      return;
    }
    RegisteredPrefix reg = p.registered();
    int allowed = reg.maxPathLength() > 0 ? reg.maxPathLength() : p.settings().maxPathLength();
    if (best.length() > allowed || !best.via()) {
      List<Long> path = best.asList();
      out.add(
          new PrefixCondition(
              new Finding.SuboptimalPath(reg, path, best.length(), allowed, !best.via()), best.peers(), path));
    }
  }
}
