package org.bgpsentry.codec.validate;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import org.bgpsentry.codec.error.DecodeIssue;
import org.bgpsentry.codec.error.ErrorAction;
import org.bgpsentry.codec.error.NotificationError;
import org.bgpsentry.codec.error.UpdateResult;
import org.bgpsentry.codec.model.OpaqueBytes;
import org.bgpsentry.codec.model.Update;
import org.bgpsentry.codec.model.attr.AsPathSegment;
import org.bgpsentry.codec.model.attr.AttributeType;
import org.bgpsentry.codec.model.attr.PathAttribute;
import org.bgpsentry.codec.model.attr.PathAttribute.MpReachNlri;
import org.bgpsentry.codec.model.attr.PathAttribute.MpUnreachNlri;
import org.bgpsentry.codec.model.attr.PathAttributes;
import org.bgpsentry.codec.model.attr.SegmentType;
import org.bgpsentry.codec.model.nlri.Family;
import org.bgpsentry.codec.model.nlri.IpAddress;
import org.bgpsentry.codec.model.nlri.Nlri;

/**
 * The semantic checks of a decoded UPDATE against its session (docs/contributing.md R7): RFC 7606 §3(d)
 * mandatory attributes, RFC 4271 §6.3 first AS and NEXT_HOP sanity, RFC 7606 §7.5/§7.9/§7.10
 * attributes an external peer must not send, RFC 7607 AS 0, and RFC 4760 families not
 * negotiated. The codecs did the syntax; MRT replay and BMP skip this class (an MRT file has no
 * session to check against; a BMP router checked its own sessions).
 */
public final class UpdateValidator {
  /** RFC 7606 §7.5, §7.9, §7.10: discarded when an external peer sends them. */
  private static final List<AttributeType> EBGP_DISCARDED =
      List.of(AttributeType.LOCAL_PREF, AttributeType.ORIGINATOR_ID, AttributeType.CLUSTER_LIST);

  private UpdateValidator() {}

  /**
   * What the checks found in one UPDATE; both parts stay null for a clean one (most UPDATEs), so
   * that the check allocates nothing beyond this holder.
   */
  private static final class Findings {
    List<DecodeIssue> issues;
    Set<AttributeType> discard;

    void add(DecodeIssue issue) {
      if (issues == null) {
        issues = new ArrayList<>(2);
      }
      issues.add(issue);
    }

    void discard(AttributeType type) {
      if (discard == null) {
        discard = new LinkedHashSet<>();
      }
      discard.add(type);
    }

    boolean discards(AttributeType type) {
      return discard != null && discard.contains(type);
    }
  }

  /** {@code decoded} with the issues found here added, attribute discards applied. */
  public static UpdateResult validate(UpdateResult decoded, SessionContext session) {
    if (decoded.action() == ErrorAction.SESSION_RESET) {
      return decoded;
    }
    Update u = decoded.update();
    Findings found = new Findings();
    List<Nlri> announced = u.announced();
    List<Nlri> withdrawn = u.withdrawn();
    PathAttributes attrs = u.attributes();

    // RFC 4760 §8 / §6: NLRI of a family that was not negotiated are ignored.
    if (!session.families().contains(Family.IPV4_UNICAST)
        && (!announced.isEmpty() || !withdrawn.isEmpty())) {
      found.add(issue(NotificationError.INVALID_NETWORK_FIELD, ErrorAction.ATTRIBUTE_DISCARD,
          "IPv4 unicast NLRI on a session that did not negotiate ipv4-unicast (ignored)"));
      announced = List.of();
      withdrawn = List.of();
    }
    for (PathAttribute a : attrs.list()) {
      Family f = a instanceof MpReachNlri r ? r.family() : a instanceof MpUnreachNlri w ? w.family() : null;
      if (f != null && !session.families().contains(f)) {
        found.discard(a.type());
        found.add(issue(NotificationError.OPTIONAL_ATTRIBUTE_ERROR, ErrorAction.ATTRIBUTE_DISCARD,
            (a instanceof MpReachNlri ? "MP_REACH_NLRI" : "MP_UNREACH_NLRI")
                + " for " + f + ", which was not negotiated (ignored)"));
      }
    }
    if (session.ebgp()) {
      // RFC 7606 §7.5, §7.9, §7.10: from an external peer these are discarded.
      for (AttributeType t : EBGP_DISCARDED) {
        if (attrs.get(t) != null) {
          found.discard(t);
          found.add(issue(NotificationError.MALFORMED_ATTRIBUTE_LIST, ErrorAction.ATTRIBUTE_DISCARD,
              "attribute " + t.code() + " received from an external peer (discarded)"));
        }
      }
    }
    checkAsZero(attrs, found);
    boolean reach = !announced.isEmpty();
    for (PathAttribute a : attrs.list()) {
      if (a instanceof MpReachNlri r && !found.discards(a.type()) && !r.nlri().isEmpty()) {
        reach = true;
      }
    }
    if (reach) {
      checkReach(attrs, !announced.isEmpty(), session, found);
    }
    if (found.issues == null && found.discard == null) {
      return decoded;
    }
    PathAttributes kept = found.discard == null ? attrs : without(attrs, found.discard);
    List<DecodeIssue> issues = new ArrayList<>(decoded.issues());
    if (found.issues != null) {
      issues.addAll(found.issues);
    }
    ErrorAction action = ErrorAction.NONE;
    for (DecodeIssue i : issues) {
      action = action.max(i.action());
    }
    return new UpdateResult(new Update(withdrawn, kept, announced), action, issues, decoded.disabledFamilies());
  }

  /**
   * RFC 7607 §2: AS 0 in AS_PATH or AGGREGATOR is malformed as RFC 7606 §7.2/§7.7 treat them
   * (treat-as-withdraw, attribute discard); in AS4_PATH or AS4_AGGREGATOR as RFC 6793 §6 does
   * (attribute discard).
   */
  private static void checkAsZero(
      PathAttributes attrs, Findings found) {
    for (PathAttribute a : attrs.list()) {
      if (a instanceof PathAttribute.AsPath p && hasAsZero(p.segments())) {
        found.add(issue(NotificationError.MALFORMED_AS_PATH, ErrorAction.TREAT_AS_WITHDRAW,
            "AS_PATH " + p.segments() + " holds AS 0 (expected: none, RFC 7607)"));
      } else if (a instanceof PathAttribute.As4Path p && hasAsZero(p.segments())) {
        found.discard(AttributeType.AS4_PATH);
        found.add(issue(NotificationError.OPTIONAL_ATTRIBUTE_ERROR, ErrorAction.ATTRIBUTE_DISCARD,
            "AS4_PATH " + p.segments() + " holds AS 0 (discarded, RFC 7607)"));
      } else if (a instanceof PathAttribute.Aggregator g && g.asn() == 0) {
        found.discard(AttributeType.AGGREGATOR);
        found.add(issue(NotificationError.OPTIONAL_ATTRIBUTE_ERROR, ErrorAction.ATTRIBUTE_DISCARD,
            "AGGREGATOR AS 0 (discarded, RFC 7607)"));
      } else if (a instanceof PathAttribute.As4Aggregator g && g.asn() == 0) {
        found.discard(AttributeType.AS4_AGGREGATOR);
        found.add(issue(NotificationError.OPTIONAL_ATTRIBUTE_ERROR, ErrorAction.ATTRIBUTE_DISCARD,
            "AS4_AGGREGATOR AS 0 (discarded, RFC 7607)"));
      }
    }
  }

  private static boolean hasAsZero(List<AsPathSegment> segments) {
    for (AsPathSegment s : segments) {
      for (int i = 0; i < s.size(); i++) {
        if (s.asn(i) == 0) {
          return true;
        }
      }
    }
    return false;
  }

  private static void checkReach(
      PathAttributes attrs, boolean ipv4Nlri, SessionContext session, Findings found) {
    // RFC 7606 §3(d): a missing well-known mandatory attribute is treat-as-withdraw.
    if (attrs.origin() == null) {
      found.add(missing(AttributeType.ORIGIN, "ORIGIN"));
    }
    if (attrs.get(AttributeType.AS_PATH) == null) {
      found.add(missing(AttributeType.AS_PATH, "AS_PATH"));
    } else if (session.ebgp() && session.enforceFirstAs()) {
      List<AsPathSegment> segs = attrs.asPath().segments();
      // RFC 4271 §6.3: the leftmost AS of an external peer's AS_PATH must be the peer's AS.
      if (segs.isEmpty()
          || segs.get(0).type() != SegmentType.AS_SEQUENCE
          || segs.get(0).asn(0) != session.peerAs()) {
        found.add(issue(NotificationError.MALFORMED_AS_PATH, ErrorAction.TREAT_AS_WITHDRAW,
            "AS_PATH " + segs + " does not start with the peer AS " + session.peerAs()));
      }
    }
    if (ipv4Nlri) {
      PathAttribute.NextHop nh = attrs.nextHop();
      if (nh == null) {
        found.add(missing(AttributeType.NEXT_HOP, "NEXT_HOP"));
      } else {
        checkNextHop(nh.address(), session, found);
      }
    }
    for (PathAttribute a : attrs.list()) {
      if (a instanceof MpReachNlri r && !r.nextHops().isEmpty() && !linkLocalOnly(r.nextHops())) {
        checkNextHop(r.nextHops().get(0), session, found);
      }
    }
  }

  /**
   * An IPv6 next hop of "::" then a link-local address (RFC 2545 §3 wants a global one first;
   * speakers on link-local-only sessions send this), which says where to forward all the same.
   */
  private static boolean linkLocalOnly(List<IpAddress> nextHops) {
    return nextHops.size() == 2
        && nextHops.get(0).ipv6()
        && nextHops.get(0).hi() == 0
        && nextHops.get(0).lo() == 0
        && (nextHops.get(1).hi() >>> 54) == 0x3fa; // fe80::/10
  }

  /** RFC 4271 §6.3 and §5.1.3: a next hop must be a unicast address other than our own. */
  private static void checkNextHop(IpAddress nh, SessionContext session, Findings found) {
    String why = null;
    if (nh.ipv6()) {
      if (nh.hi() == 0 && nh.lo() == 0) {
        why = "is the unspecified address";
      } else if ((nh.hi() >>> 56) == 0xff) {
        why = "is a multicast address";
      }
    } else {
      int first = nh.ipv4Address() >>> 24;
      if (nh.ipv4Address() == 0) {
        why = "is 0.0.0.0";
      } else if (first >= 224) {
        why = "is a multicast, reserved or broadcast address";
      }
    }
    if (why == null && nh.equals(session.localAddress())) {
      why = "is this speaker's own address";
    }
    if (why != null) {
      found.add(issue(NotificationError.INVALID_NEXT_HOP_ATTRIBUTE, ErrorAction.TREAT_AS_WITHDRAW,
          "next hop " + nh + " " + why + " (expected: a unicast address of the peer's side)"));
    }
  }

  private static DecodeIssue missing(AttributeType type, String name) {
    return new DecodeIssue(NotificationError.MISSING_WELL_KNOWN_ATTRIBUTE,
        "missing well-known mandatory attribute " + name,
        OpaqueBytes.of(new byte[] {(byte) type.code()}), ErrorAction.TREAT_AS_WITHDRAW);
  }

  private static DecodeIssue issue(NotificationError e, ErrorAction a, String text) {
    return new DecodeIssue(e, text, OpaqueBytes.EMPTY, a);
  }

  private static PathAttributes without(PathAttributes attrs, Set<AttributeType> drop) {
    List<PathAttribute> kept = new ArrayList<>(attrs.size());
    byte[] flags = new byte[attrs.size()];
    int n = 0;
    for (int i = 0; i < attrs.size(); i++) {
      PathAttribute a = attrs.list().get(i);
      if (!drop.contains(a.type())) {
        kept.add(a);
        flags[n++] = (byte) attrs.flags(i);
      }
    }
    return new PathAttributes(kept, java.util.Arrays.copyOf(flags, n), effective(attrs, drop));
  }

  /** The effective AS path once {@code drop} is gone: without AS4_PATH, no RFC 6793 merge. */
  private static PathAttribute.AsPath effective(PathAttributes attrs, Set<AttributeType> drop) {
    return drop.contains(AttributeType.AS_PATH) || drop.contains(AttributeType.AS4_PATH)
        ? null
        : attrs.asPath();
  }

}
