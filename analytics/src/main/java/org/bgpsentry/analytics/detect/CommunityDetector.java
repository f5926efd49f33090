package org.bgpsentry.analytics.detect;

import java.util.ArrayList;
import java.util.List;
import org.bgpsentry.analytics.prefix.Community;
import org.bgpsentry.analytics.prefix.RegisteredPrefix;
import org.bgpsentry.codec.model.attr.LargeCommunity;
import org.bgpsentry.codec.model.attr.PathAttributes;

/**
 * community_missing (docs/alerts.md): a route for P or a more specific lacks one of P's {@code
 * communities}, RFC 1997 COMMUNITIES or RFC 8092 LARGE_COMMUNITY; the finding names the peer and
 * what the route carries instead.
 */
final class CommunityDetector implements Detector {
  @Override
  public void inspect(RouteContext r, List<Finding> out) {
    RegisteredPrefix reg = r.registered();
    if (reg.communities().isEmpty()) {
      return;
    }
    List<String> missing = new ArrayList<>(1);
    for (Community c : reg.communities()) {
      if (!c.carriedBy(r.attributes())) {
        missing.add(c.toString());
      }
    }
    if (!missing.isEmpty()) {
      Finding.CommunityLack lack = new Finding.CommunityLack(r.peer().name(), missing, carried(r.attributes()));
      out.add(new Finding.CommunityMissing(reg, r.prefix(), List.of(lack)));
    }
  }

  /** The route's communities as {@code a:b} and {@code a:b:c}, in the order received. */
  private static List<String> carried(PathAttributes attrs) {
    List<String> out = new ArrayList<>();
    for (int c : attrs.communities()) {
      out.add((c >>> 16) + ":" + (c & 0xffff));
    }
    for (LargeCommunity c : attrs.largeCommunities()) {
      out.add(c.toString());
    }
    return out;
  }
}
