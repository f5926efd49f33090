package org.bgpsentry.codec.wire.attr;

import java.util.List;
import java.util.Set;
import org.bgpsentry.codec.error.DecodeIssue;
import org.bgpsentry.codec.error.ErrorAction;
import org.bgpsentry.codec.model.attr.PathAttributes;
import org.bgpsentry.codec.model.nlri.Family;

/**
 * Decoded path attributes with their RFC 7606 outcome: the strongest action (§3(h)), every issue
 * in the order found, and the families to disable. Discarded attributes are absent from {@code
 * attributes}.
 *
 * @param nlriSet the {@link StoredAttributes} set of the routes in the UPDATE's NLRI field, cut in
 *     the same walk as the decoding ({@link PathAttributesCodec#decodeForRib}); null when not asked
 *     for or when there were issues
 * @param mpSet the {@link StoredAttributes} set of the MP_REACH_NLRI routes; null when there are
 *     none, when not asked for, or when there were issues
 * @param unwantedRoutes -1 when decoded; else the attributes of an UPDATE none of whose routes was
 *     wanted were left undecoded ({@link PathAttributesCodec#decodeUnlessUnwanted}), and this is
 *     the number of routes of its MP_REACH_NLRI and MP_UNREACH_NLRI
 */
public record AttributesResult(
    PathAttributes attributes,
    ErrorAction action,
    List<DecodeIssue> issues,
    Set<Family> disabledFamilies,
    byte[] nlriSet,
    byte[] mpSet,
    int unwantedRoutes) {
  public AttributesResult {
    issues = List.copyOf(issues);
    disabledFamilies = Set.copyOf(disabledFamilies);
  }

  /** A result without stored sets. */
  public AttributesResult(
      PathAttributes attributes,
      ErrorAction action,
      List<DecodeIssue> issues,
      Set<Family> disabledFamilies) {
    this(attributes, action, issues, disabledFamilies, null, null, -1);
  }

  /** Attributes not decoded: no route of the UPDATE was wanted; {@code mpRoutes} routes in MP_*. */
  static AttributesResult unwanted(int mpRoutes) {
    return new AttributesResult(
        PathAttributes.EMPTY, ErrorAction.NONE, List.of(), Set.of(), null, null, mpRoutes);
  }
}
