package org.bgpsentry.codec.wire.attr;

import io.netty.buffer.ByteBuf;
import org.bgpsentry.codec.error.ErrorAction;
import org.bgpsentry.codec.model.attr.PathAttribute;
import org.bgpsentry.codec.wire.DecodeContext;

/**
 * One row of the attribute table (STYLE.md R3): a type code, the Optional and Transitive flag bits
 * its RFC assigns, the RFC 7606 approach when its value is malformed, and the value codec.
 */
interface AttributeCodec<T extends PathAttribute> {
  /** Attribute flag bits: RFC 4271 §4.3. */
  int OPTIONAL = 0x80;
  int TRANSITIVE = 0x40;
  int PARTIAL = 0x20;
  int EXTENDED_LENGTH = 0x10;
  int WELL_KNOWN = TRANSITIVE;
  int OPTIONAL_TRANSITIVE = OPTIONAL | TRANSITIVE;

  int typeCode();

  /** The record this row decodes to; the table test checks every subtype has a row. */
  Class<T> kind();

  /** The Optional and Transitive bits the RFC assigns (RFC 7606 §3(c) checks them). */
  int flags();

  /** The RFC 7606 approach for a malformed value. */
  ErrorAction malformedAction();

  /**
   * Decodes the attribute value, which is the whole of {@code value}. On malformed input returns
   * {@link AttributeInput#malformed}, which records the issue and yields null.
   */
  T decode(ByteBuf value, AttributeInput in);

  /** Writes the attribute value (no flags, type or length). */
  void encode(T attribute, DecodeContext ctx, ByteBuf out);

  /** {@link #encode} for an attribute known to be of {@link #kind()}. */
  default void encodeAny(PathAttribute attribute, DecodeContext ctx, ByteBuf out) {
    encode(kind().cast(attribute), ctx, out);
  }
}
