package org.bgpsentry.codec.wire.attr;

import io.netty.buffer.ByteBuf;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import org.bgpsentry.codec.error.DecodeIssue;
import org.bgpsentry.codec.error.ErrorAction;
import org.bgpsentry.codec.error.NotificationError;
import org.bgpsentry.codec.model.OpaqueBytes;
import org.bgpsentry.codec.model.nlri.Family;
import org.bgpsentry.codec.wire.DecodeContext;
import org.bgpsentry.codec.wire.NlriCodec;

/**
 * What an attribute codec sees besides its value while one attribute list is decoded: the
 * session's {@link DecodeContext}, the MRT form flag, and where issues go (docs/contributing.md R5).
 */
final class AttributeInput {
  final DecodeContext ctx;
  final boolean mrtAbbreviatedMpReach;
  final List<DecodeIssue> issues = new ArrayList<>(0); // no array until the first issue
  private Set<Family> disabledFamilies = Set.of();
  private AttributeCodec<?> codec;
  private ByteBuf buf;
  private int start;
  private int length;

  AttributeInput(DecodeContext ctx, boolean mrtAbbreviatedMpReach) {
    this.ctx = ctx;
    this.mrtAbbreviatedMpReach = mrtAbbreviatedMpReach;
  }

  /** Sets the attribute being decoded: its codec and where its whole bytes (flags to end of value) are. */
  void current(AttributeCodec<?> codec, ByteBuf buf, int start, int length) {
    this.codec = codec;
    this.buf = buf;
    this.start = start;
    this.length = length;
  }

  /** Records a malformed value with the codec's RFC 7606 approach; returns null for the codec. */
  <T> T malformed(NotificationError error, String text) {
    return malformed(error, codec.malformedAction(), text);
  }

  /** Records a malformed value with an explicit approach; returns null for the codec. */
  <T> T malformed(NotificationError error, ErrorAction action, String text) {
    issue(error, action, text);
    return null;
  }

  void issue(NotificationError error, ErrorAction action, String text) {
    issues.add(new DecodeIssue(error, text, attributeBytes(), action));
  }

  /** RFC 7606 §2 AFI/SAFI disable for {@code family}; returns null for the codec. */
  <T> T disable(Family family, NotificationError error, String text) {
    if (disabledFamilies.isEmpty()) {
      disabledFamilies = new LinkedHashSet<>(2);
    }
    disabledFamilies.add(family);
    return malformed(error, ErrorAction.AFI_SAFI_DISABLE, text);
  }

  /** The families to disable (RFC 7606 §2), in the order found. */
  Set<Family> disabledFamilies() {
    return disabledFamilies;
  }

  /** The whole current attribute, RFC 4271 §6.3's NOTIFICATION data for attribute errors. */
  OpaqueBytes attributeBytes() {
    return buf == null ? OpaqueBytes.EMPTY : NlriCodec.copy(buf, start, length);
  }
}
