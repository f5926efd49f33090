package org.bgpsentry.analytics.testing;

import java.time.Instant;
import java.util.List;
import org.bgpsentry.analytics.event.EventKind;
import org.bgpsentry.analytics.event.PeerEvent;
import org.bgpsentry.analytics.event.PeerId;
import org.bgpsentry.analytics.event.RouteEvent;
import org.bgpsentry.codec.model.attr.AsPathSegment;
import org.bgpsentry.codec.model.attr.OriginType;
import org.bgpsentry.codec.model.attr.PathAttribute;
import org.bgpsentry.codec.model.attr.PathAttributes;
import org.bgpsentry.codec.model.nlri.IpAddress;
import org.bgpsentry.codec.model.nlri.Nlri;
import org.bgpsentry.codec.model.nlri.Prefix;

/** Builds RouteEvents and PeerEvents the way a peer's Adj-RIB-In would emit them. */
public final class Routes {
  private Routes() {}

  public static PeerId peer(String name, String address, long asn) {
    return new PeerId(name, IpAddress.parse(address), asn);
  }

  public static Instant t(String rfc3339) {
    return Instant.parse(rfc3339);
  }

  public static PathAttributes path(long... asns) {
    return PathAttributes.of(
        new PathAttribute.Origin(OriginType.IGP),
        new PathAttribute.AsPath(List.of(AsPathSegment.sequence(asns))),
        new PathAttribute.NextHop(IpAddress.parse("192.0.2.1")));
  }

  public static PathAttributes path(List<AsPathSegment> segments) {
    return PathAttributes.of(
        new PathAttribute.Origin(OriginType.IGP),
        new PathAttribute.AsPath(segments),
        new PathAttribute.NextHop(IpAddress.parse("192.0.2.1")));
  }

  public static PathAttributes withOtc(PathAttributes base, long otc) {
    List<PathAttribute> list = new java.util.ArrayList<>(base.list());
    list.add(new PathAttribute.Otc(otc));
    return PathAttributes.of(list.toArray(new PathAttribute[0]));
  }

  public static RouteEvent announce(PeerId peer, String prefix, Instant at, long... asns) {
    return new RouteEvent(
        peer, Prefix.parse(prefix), Nlri.NO_PATH_ID, path(asns), null, EventKind.ANNOUNCE, at);
  }

  public static RouteEvent announce(PeerId peer, String prefix, Instant at, PathAttributes attrs) {
    return new RouteEvent(peer, Prefix.parse(prefix), Nlri.NO_PATH_ID, attrs, null, EventKind.ANNOUNCE, at);
  }

  public static RouteEvent replace(PeerId peer, String prefix, Instant at, long... asns) {
    return new RouteEvent(
        peer, Prefix.parse(prefix), Nlri.NO_PATH_ID, path(asns), null, EventKind.REPLACE, at);
  }

  public static RouteEvent withdraw(PeerId peer, String prefix, Instant at) {
    return new RouteEvent(peer, Prefix.parse(prefix), Nlri.NO_PATH_ID, null, null, EventKind.WITHDRAW, at);
  }

  public static RouteEvent peerDownRoute(PeerId peer, String prefix, Instant at) {
    return new RouteEvent(peer, Prefix.parse(prefix), Nlri.NO_PATH_ID, null, null, EventKind.PEER_DOWN, at);
  }

  public static PeerEvent up(PeerId peer, Instant at) {
    return new PeerEvent.Established(peer, at);
  }

  public static PeerEvent down(PeerId peer, Instant at) {
    return new PeerEvent.Down(peer, "hold timer expired", at);
  }
}
