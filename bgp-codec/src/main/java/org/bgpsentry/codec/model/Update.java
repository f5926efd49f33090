package org.bgpsentry.codec.model;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.bgpsentry.codec.model.attr.PathAttribute;
import org.bgpsentry.codec.model.attr.PathAttribute.MpReachNlri;
import org.bgpsentry.codec.model.attr.PathAttribute.MpUnreachNlri;
import org.bgpsentry.codec.model.attr.PathAttributes;
import org.bgpsentry.codec.model.nlri.Family;
import org.bgpsentry.codec.model.nlri.Nlri;

/**
 * UPDATE: RFC 4271 §4.3. {@code withdrawn} and {@code announced} are the IPv4 unicast fields of
 * the message; other families travel in MP_REACH_NLRI / MP_UNREACH_NLRI (RFC 4760) inside {@code
 * attributes}. {@link #allAnnounced()} and {@link #allWithdrawn()} give every family at once.
 */
public record Update(List<Nlri> withdrawn, PathAttributes attributes, List<Nlri> announced)
    implements BgpMessage {
  public Update {
    withdrawn = List.copyOf(withdrawn);
    announced = List.copyOf(announced);
  }

  /** The End-of-RIB marker for {@code family}: RFC 4724 §2. */
  public static Update endOfRib(Family family) {
    if (family.equals(Family.IPV4_UNICAST)) {
      return new Update(List.of(), PathAttributes.EMPTY, List.of());
    }
    return new Update(
        List.of(),
        PathAttributes.of(new MpUnreachNlri(family, List.of(), OpaqueBytes.EMPTY)),
        List.of());
  }

  /**
   * RFC 4724 §2: an UPDATE with no withdrawn routes, no attributes and no NLRI ends the IPv4
   * unicast RIB; one whose only attribute is an MP_UNREACH_NLRI with no withdrawn routes ends
   * that attribute's family.
   */
  public boolean isEndOfRib() {
    return endOfRibFamily() != null;
  }

  /** The family whose End-of-RIB this is, or null when it is not an End-of-RIB marker. */
  public Family endOfRibFamily() {
    if (!withdrawn.isEmpty() || !announced.isEmpty()) {
      return null;
    }
    if (attributes.size() == 0) {
      return Family.IPV4_UNICAST;
    }
    if (attributes.size() == 1
        && attributes.list().get(0) instanceof MpUnreachNlri u
        && u.withdrawn().isEmpty()
        && u.opaqueNlri().length() == 0) {
      return u.family();
    }
    return null;
  }

  /** Announced NLRI of every family: the IPv4 NLRI field, then MP_REACH_NLRI. */
  public Map<Family, List<Nlri>> allAnnounced() {
    Map<Family, List<Nlri>> out = new LinkedHashMap<>();
    if (!announced.isEmpty()) {
      out.put(Family.IPV4_UNICAST, announced);
    }
    for (PathAttribute a : attributes.list()) {
      if (a instanceof MpReachNlri r && !r.nlri().isEmpty()) {
        merge(out, r.family(), r.nlri());
      }
    }
    return out;
  }

  /** Withdrawn NLRI of every family: the IPv4 Withdrawn Routes field, then MP_UNREACH_NLRI. */
  public Map<Family, List<Nlri>> allWithdrawn() {
    Map<Family, List<Nlri>> out = new LinkedHashMap<>();
    if (!withdrawn.isEmpty()) {
      out.put(Family.IPV4_UNICAST, withdrawn);
    }
    for (PathAttribute a : attributes.list()) {
      if (a instanceof MpUnreachNlri u && !u.withdrawn().isEmpty()) {
        merge(out, u.family(), u.withdrawn());
      }
    }
    return out;
  }

  /** Adds {@code nlri} to {@code family}'s list in {@code out}, keeping what was there first. */
  public static void merge(Map<Family, List<Nlri>> out, Family family, List<Nlri> nlri) {
    List<Nlri> old = out.get(family);
    if (old == null) {
      out.put(family, nlri);
    } else {
      List<Nlri> both = new ArrayList<>(old);
      both.addAll(nlri);
      out.put(family, List.copyOf(both));
    }
  }

  @Override
  public MessageType type() {
    return MessageType.UPDATE;
  }
}
