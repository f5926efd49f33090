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
 */
public record AttributesResult(
    PathAttributes attributes,
    ErrorAction action,
    List<DecodeIssue> issues,
    Set<Family> disabledFamilies) {
  public AttributesResult {
    issues = List.copyOf(issues);
    disabledFamilies = Set.copyOf(disabledFamilies);
  }
}
