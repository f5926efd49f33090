package org.bgpsentry.codec.wire.attr;

import io.netty.buffer.ByteBuf;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;
import org.bgpsentry.codec.error.ErrorAction;
import org.bgpsentry.codec.error.NotificationError;
import org.bgpsentry.codec.model.attr.PathAttribute;
import org.bgpsentry.codec.wire.DecodeContext;

/**
 * One row of the attribute table (docs/contributing.md R3): a type code, the Optional and Transitive flag bits
 * its RFC assigns, the RFC 7606 approach when its value is malformed, and the value codec.
 */
abstract class AttributeCodec<T extends PathAttribute> {
  /** Attribute flag bits: RFC 4271 §4.3. */
  static final int OPTIONAL = 0x80;
  static final int TRANSITIVE = 0x40;
  static final int EXTENDED_LENGTH = 0x10;

  /**
   * The header length for {@code flags}: 3 octets, 4 with Extended Length (RFC 4271 §4.3).
   * Branch-free, as is {@link #valueLength}: a full table sends Extended Length attributes only
   * in its IPv6 part, and a branch the JIT had seen going one way only until then is thrown out of
   * the compiled decoder and recompiled mid-load.
   */
  static int headerLength(int flags) {
    return 3 + ((flags & EXTENDED_LENGTH) >>> 4);
  }

  /** The Attribute Length field of the attribute at {@code start}, header {@code headLen} long. */
  static int valueLength(ByteBuf attrs, int start, int headLen) {
    int ext = headLen - 3;
    return attrs.getUnsignedByte(start + 2) << (8 * ext)
        | (attrs.getUnsignedByte(start + 2 + ext) & -ext);
  }
  static final int WELL_KNOWN = TRANSITIVE;
  static final int OPTIONAL_TRANSITIVE = OPTIONAL | TRANSITIVE;

  private final int typeCode;
  private final Class<T> kind;
  private final int flags;
  private final ErrorAction malformedAction;

  AttributeCodec(int typeCode, Class<T> kind, int flags, ErrorAction malformedAction) {
    this.typeCode = typeCode;
    this.kind = kind;
    this.flags = flags;
    this.malformedAction = malformedAction;
  }

  final int typeCode() {
    return typeCode;
  }

  /** The record this row decodes to; the table test checks every subtype has a row. */
  final Class<T> kind() {
    return kind;
  }

  /** The Optional and Transitive bits the RFC assigns (RFC 7606 §3(c) checks them). */
  final int flags() {
    return flags;
  }

  /** The RFC 7606 approach for a malformed value. */
  final ErrorAction malformedAction() {
    return malformedAction;
  }

  /**
   * Decodes the attribute value, which is the readable part of {@code value} (from its reader to
   * its writer index; use relative reads or offsets from {@code readerIndex()}, docs/contributing.md R9). On
   * malformed input returns {@link AttributeInput#malformed}, which records the issue and yields
   * null.
   */
  abstract T decode(ByteBuf value, AttributeInput in);

  /** Writes the attribute value (no flags, type or length). */
  abstract void encode(T attribute, DecodeContext ctx, ByteBuf out);

  /** {@link #encode} for an attribute known to be of {@link #kind()}. */
  final void encodeAny(PathAttribute attribute, DecodeContext ctx, ByteBuf out) {
    encode(kind.cast(attribute), ctx, out);
  }

  /**
   * True when {@code value} has exactly {@code expected} octets; otherwise records the issue with
   * this row's approach.
   */
  final boolean hasLength(ByteBuf value, int expected, String name, NotificationError error, AttributeInput in) {
    int len = value.readableBytes();
    if (len == expected) {
      return true;
    }
    in.malformed(error, "invalid " + name + " length: " + len + " (expected: " + expected + ")");
    return false;
  }

  /**
   * Reads {@code value} as a list of {@code size}-octet elements; null (issue recorded with this
   * row's approach) when its length is not a multiple of {@code size}.
   */
  final <E> List<E> elements(
      ByteBuf value, int size, String name, AttributeInput in, Function<ByteBuf, E> read) {
    int len = value.readableBytes();
    if (len % size != 0) {
      return in.malformed(
          NotificationError.OPTIONAL_ATTRIBUTE_ERROR,
          "invalid " + name + " length: " + len + " (expected: a multiple of " + size + ")");
    }
    List<E> out = new ArrayList<>(len / size);
    while (value.isReadable()) {
      out.add(read.apply(value));
    }
    return out;
  }
}
