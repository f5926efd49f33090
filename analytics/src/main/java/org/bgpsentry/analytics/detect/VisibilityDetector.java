package org.bgpsentry.analytics.detect;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.bgpsentry.analytics.alert.Alert;
import org.bgpsentry.analytics.alert.AlertType;
import org.bgpsentry.analytics.event.PeerId;
import org.bgpsentry.analytics.prefix.RegisteredPrefix;

/**
 * visibility_loss (docs/alerts.md): P was seen and fewer than {@code min_peers} established peers
 * (at most all of them) carry P or a covering legitimate route. Only a loss (a route going away,
 * a peer going down) can make it fire; any evaluation can keep or end one already tracked.
 */
final class VisibilityDetector implements PrefixDetector {
  @Override
  public void inspect(PrefixContext p, List<PrefixCondition> out) {
    RegisteredPrefix reg = p.registered();
    if (reg.originAsns().isEmpty() || !p.seen() || (!p.loss() && !p.anyShown())) {
      return; // nothing can fire without a loss, and nothing is open to keep or end
    }
    String key = Alert.key(AlertType.VISIBILITY_LOSS, reg.prefix().toString(), reg.prefix().toString(), "");
    if (!p.loss() && !p.tracked(key)) {
      return; // docs/alerts.md: only a withdrawal (or a peer going down) makes a loss
    }
    Set<PeerId> established = p.established();
    int required = Math.min(p.settings().minPeers(), established.size());
    if (required == 0) {
      return;
    }
    Set<PeerId> carrying = p.carrying();
    List<PeerId> with = new ArrayList<>();
    List<PeerId> without = new ArrayList<>();
    for (PeerId peer : established) {
      (carrying.contains(peer) ? with : without).add(peer);
    }
    if (with.size() < required) {
      out.add(new PrefixCondition(new Finding.VisibilityLoss(reg, with, without, required), without, List.of()));
    }
  }
}
