package org.bgpsentry.daemon.source;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import org.bgpsentry.analytics.prefix.RegisteredPrefix;
import org.bgpsentry.codec.model.nlri.Prefix;

/**
 * What the source subscribes to (https://ris-live.ripe.net/manual/, {@code ris_subscribe}): every
 * registered prefix not covered by another registered one, with {@code moreSpecific: true} (so a
 * more specific anywhere under it is seen); a few RIS beacons of AS12654 as the canary (their
 * announcements and withdrawals every two hours keep a healthy stream from going quiet for long);
 * and {@code RIS_PEER_STATE}, for RIS peers going down. With exactly one {@code hosts} entry the
 * server filters by host; otherwise the source does.
 */
final class RisSubscriptions {
  /** RIS beacons (AS12654): three IPv4, three IPv6, as BGPalerter's canary picks them. */
  static final List<Prefix> BEACONS = List.of(
      Prefix.parse("84.205.64.0/24"), Prefix.parse("84.205.65.0/24"), Prefix.parse("84.205.67.0/24"),
      Prefix.parse("2001:7fb:fe00::/48"), Prefix.parse("2001:7fb:fe01::/48"), Prefix.parse("2001:7fb:fe03::/48"));

  private static final ObjectMapper JSON = new ObjectMapper();

  /** One subscription: a prefix (with or without its more-specifics), or all RIS_PEER_STATE messages. */
  record Subscription(Prefix prefix, boolean moreSpecific) {
    static final Subscription PEER_STATE = new Subscription(null, false);
  }

  private RisSubscriptions() {}

  /** The subscriptions for {@code registry}, beacons and peer states included, in a stable order. */
  static Set<Subscription> of(List<RegisteredPrefix> registry) {
    List<Prefix> prefixes = new ArrayList<>(registry.stream().map(RegisteredPrefix::prefix).toList());
    prefixes.sort(null);
    Set<Subscription> out = new LinkedHashSet<>();
    for (Prefix p : prefixes) {
      if (prefixes.stream().noneMatch(q -> !q.equals(p) && q.covers(p))) {
        out.add(new Subscription(p, true));
      }
    }
    for (Prefix b : BEACONS) {
      if (prefixes.stream().noneMatch(q -> q.covers(b))) {
        out.add(new Subscription(b, false));
      }
    }
    out.add(Subscription.PEER_STATE);
    return out;
  }

  /** The {@code ris_subscribe} (or {@code ris_unsubscribe}) message for {@code s}. */
  static String message(Subscription s, boolean subscribe, List<String> hosts) {
    ObjectNode m = JSON.createObjectNode();
    m.put("type", subscribe ? "ris_subscribe" : "ris_unsubscribe");
    ObjectNode d = m.putObject("data");
    if (s.prefix() != null) {
      d.put("prefix", s.prefix().toString());
      d.put("moreSpecific", s.moreSpecific());
      d.put("type", "UPDATE");
    } else {
      d.put("type", "RIS_PEER_STATE");
    }
    if (hosts.size() == 1) {
      d.put("host", hosts.get(0));
    }
    ObjectNode o = d.putObject("socketOptions");
    o.put("includeRaw", true);
    o.put("acknowledge", true);
    return m.toString();
  }
}
