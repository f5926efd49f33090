package org.bgpsentry.codec.testing;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import java.util.HexFormat;

/** Hex helpers for inline-hex tests (docs/contributing.md R13 (b)): one string per field, spaces ignored. */
public final class Hex {
  private Hex() {}

  /** The concatenated bytes of {@code parts}; whitespace is ignored. */
  public static byte[] bytes(String... parts) {
    return HexFormat.of().parseHex(String.join("", parts).replaceAll("\\s+", ""));
  }

  /**
   * A direct buffer holding {@code parts}; the caller releases it. Direct, because Netty 4.2
   * tracks leaks of direct buffers only, and a forgotten release must fail the test.
   */
  public static ByteBuf hex(String... parts) {
    byte[] b = bytes(parts);
    return Unpooled.directBuffer(b.length).writeBytes(b);
  }

  /** The readable bytes of {@code buf} as lowercase hex, without consuming them. */
  public static String toHex(ByteBuf buf) {
    byte[] b = new byte[buf.readableBytes()];
    buf.getBytes(buf.readerIndex(), b);
    return HexFormat.of().formatHex(b);
  }
}
