package org.bgpsentry.daemon.demo;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.bgpsentry.codec.model.Update;
import org.bgpsentry.codec.model.attr.AsPathSegment;
import org.bgpsentry.codec.model.attr.OriginType;
import org.bgpsentry.codec.model.attr.PathAttribute;
import org.bgpsentry.codec.model.attr.PathAttributes;
import org.bgpsentry.codec.model.nlri.Family;
import org.bgpsentry.codec.model.nlri.IpAddress;
import org.bgpsentry.codec.model.nlri.Nlri;
import org.bgpsentry.codec.model.nlri.Prefix;

/**
 * What the demo's simulated peer (AS1853, configured with role {@code peer}) sends: the recorded
 * table, then a sub-prefix hijack of MIT's 18.0.0.0/8 (in the style of the 2008 YouTube incident)
 * and a route leak of SWITCH's 130.59.0.0/16 caught by RFC 9234 OTC, then it takes both back so
 * the alerts resolve.
 */
final class DemoScenario {
  static final long PEER_ASN = 1853;
  static final IpAddress NEXT_HOP = IpAddress.parse("192.0.2.2");

  static final Prefix HIJACKED = Prefix.parse("18.0.0.0/24");
  static final long HIJACKER = 17557;
  static final Prefix LEAKED = Prefix.parse("130.59.0.0/16");
  static final long LEAKER_OTC = 20965;

  /** One thing the peer does, {@code delay} after the previous one. */
  record Step(Duration delay, String description, List<Update> updates) {}

  private DemoScenario() {}

  static List<Step> steps(Duration pause) {
    List<Update> table = new ArrayList<>(RecordedTable.updates(NEXT_HOP));
    int routes = table.stream().mapToInt(u -> u.announced().size()).sum();
    table.add(Update.endOfRib(Family.IPV4_UNICAST));
    PathAttributes switchPath = route(OriginType.IGP, null, PEER_ASN, 20965, 559);
    return List.of(
        new Step(
            Duration.ZERO,
            "simulated peer: announcing " + routes + " recorded routes (RIS rrc05, AS1853, 2002-07-22)",
            table),
        new Step(
            pause,
            "simulated peer: HIJACK - AS" + HIJACKER + " originates " + HIJACKED + " inside 18.0.0.0/8 (MIT, AS3)",
            List.of(announce(HIJACKED, route(OriginType.IGP, null, PEER_ASN, 3491, HIJACKER)))),
        new Step(
            pause,
            "simulated peer: LEAK - " + LEAKED + " (SWITCH, AS559) arrives with OTC " + LEAKER_OTC
                + " from a lateral peer (RFC 9234)",
            List.of(announce(LEAKED, route(OriginType.IGP, LEAKER_OTC, PEER_ASN, 20965, 559)))),
        new Step(
            pause.multipliedBy(2),
            "simulated peer: withdrawing the hijack and restoring the normal route of " + LEAKED,
            List.of(
                new Update(List.of(Nlri.of(HIJACKED)), PathAttributes.EMPTY, List.of()),
                announce(LEAKED, switchPath))));
  }

  private static Update announce(Prefix prefix, PathAttributes attrs) {
    return new Update(List.of(), attrs, List.of(Nlri.of(prefix)));
  }

  private static PathAttributes route(OriginType origin, Long otc, long... path) {
    List<PathAttribute> attrs = new ArrayList<>();
    attrs.add(new PathAttribute.Origin(origin));
    attrs.add(new PathAttribute.AsPath(List.of(AsPathSegment.sequence(path))));
    attrs.add(new PathAttribute.NextHop(NEXT_HOP));
    if (otc != null) {
      attrs.add(new PathAttribute.Otc(otc));
    }
    return PathAttributes.of(attrs.toArray(PathAttribute[]::new));
  }
}
