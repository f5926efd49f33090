package org.bgpsentry.daemon.kafka;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import org.bgpsentry.codec.model.nlri.IpAddress;

/**
 * The OpenBMP binary header v1.7 in front of each {@code <prefix>.bmp_raw} record (docs/scaling.md), as OpenBMP's collector writes it and libbgpstream's {@code bs_format_bmp.c} reads it:
 *
 * <pre>
 * "OBMP" | major 1 | minor 7 | u16 header length | u32 BMP message length
 * u8 flags (0x80 router message, 0x40 router IP is IPv6) | u8 object type (12 = BMP raw)
 * u32 collector time, seconds | u32 collector time, microseconds
 * 16 collector hash | u16 admin id length | admin id
 * 16 router hash | 16 router IP (IPv4: 4 octets, then 12 zero) | u16 router group length | group
 * u32 row count (1)
 * </pre>
 *
 * As OpenBMP's collector derives them, the collector hash is the MD5 of the admin id and the
 * router hash the MD5 of the router's address in text. One instance per router: everything but
 * the lengths and the time is fixed, so each record costs one copy of the header.
 */
final class OpenBmpHeader {
  static final int MAGIC = 0x4F424D50; // "OBMP"
  static final int MAJOR = 1;
  static final int MINOR = 7;
  static final int FLAG_ROUTER = 0x80;
  static final int FLAG_ROUTER_IPV6 = 0x40;
  static final int OBJECT_BMP_RAW = 12;
  private static final int MESSAGE_LENGTH_AT = 8;
  private static final int TIME_AT = 14;

  private final byte[] template;

  OpenBmpHeader(String adminId, IpAddress router) {
    byte[] admin = adminId.getBytes(StandardCharsets.UTF_8);
    int length = 4 + 1 + 1 + 2 + 4 + 1 + 1 + 4 + 4 + 16 + 2 + admin.length + 16 + 16 + 2 + 4;
    ByteBuffer b = ByteBuffer.allocate(length);
    b.putInt(MAGIC).put((byte) MAJOR).put((byte) MINOR).putShort((short) length).putInt(0);
    b.put((byte) (FLAG_ROUTER | (router.ipv6() ? FLAG_ROUTER_IPV6 : 0))).put((byte) OBJECT_BMP_RAW);
    b.putInt(0).putInt(0);
    b.put(md5(admin)).putShort((short) admin.length).put(admin);
    byte[] ip = router.bytes();
    b.put(md5(router.toString().getBytes(StandardCharsets.US_ASCII))).put(ip).put(new byte[16 - ip.length]);
    b.putShort((short) 0); // router group: none
    b.putInt(1); // row count: one BMP message per record
    template = b.array();
  }

  int length() {
    return template.length;
  }

  /**
   * A record of {@code bmpLength} BMP octets: the header written, collector time {@code
   * atMillis}, the BMP message to be put at {@link #length()} by the caller.
   */
  ByteBuffer record(int bmpLength, long atMillis) {
    byte[] out = new byte[template.length + bmpLength];
    System.arraycopy(template, 0, out, 0, template.length);
    ByteBuffer b = ByteBuffer.wrap(out);
    b.putInt(MESSAGE_LENGTH_AT, bmpLength);
    b.putInt(TIME_AT, (int) (atMillis / 1000)).putInt(TIME_AT + 4, (int) (atMillis % 1000) * 1000);
    b.position(template.length);
    return b;
  }

  private static byte[] md5(byte[] b) {
    try {
      return MessageDigest.getInstance("MD5").digest(b);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("the JDK always has MD5", e);
    }
  }
}
