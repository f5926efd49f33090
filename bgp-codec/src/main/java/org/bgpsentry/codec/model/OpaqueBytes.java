package org.bgpsentry.codec.model;

import java.util.Arrays;
import java.util.HexFormat;

/**
 * Bytes kept verbatim (unknown attributes, capability values, NOTIFICATION data), copied once
 * out of the wire buffer, with content equality. docs/contributing.md R1: the model never holds a ByteBuf.
 */
public final class OpaqueBytes {
  public static final OpaqueBytes EMPTY = new OpaqueBytes(new byte[0]);

  private final byte[] bytes;
  private final int hash;

  private OpaqueBytes(byte[] bytes) {
    this.bytes = bytes;
    this.hash = Arrays.hashCode(bytes);
  }

  /** Copies {@code bytes}; later changes to the array do not show here. */
  public static OpaqueBytes of(byte[] bytes) {
    return bytes.length == 0 ? EMPTY : new OpaqueBytes(bytes.clone());
  }

  /** Parses hex digits, ignoring spaces: {@code "ff 01"}. */
  public static OpaqueBytes ofHex(String hex) {
    return of(HexFormat.of().parseHex(hex.replaceAll("\\s+", "")));
  }

  /** Takes ownership of {@code bytes} without copying; the caller must not change it. */
  public static OpaqueBytes wrap(byte[] bytes) {
    return bytes.length == 0 ? EMPTY : new OpaqueBytes(bytes);
  }

  public int length() {
    return bytes.length;
  }

  public byte get(int index) {
    return bytes[index];
  }

  /** A copy of the bytes. */
  public byte[] toByteArray() {
    return bytes.clone();
  }

  /** A read-only view of the bytes, without copying (for decoders reading them in place). */
  public java.nio.ByteBuffer asReadOnlyBuffer() {
    return java.nio.ByteBuffer.wrap(bytes).asReadOnlyBuffer();
  }

  public String toHex() {
    return HexFormat.of().formatHex(bytes);
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof OpaqueBytes other && hash == other.hash && Arrays.equals(bytes, other.bytes);
  }

  @Override
  public int hashCode() {
    return hash;
  }

  @Override
  public String toString() {
    return "0x" + toHex();
  }
}
