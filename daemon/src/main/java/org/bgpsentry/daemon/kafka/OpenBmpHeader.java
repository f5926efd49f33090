package org.bgpsentry.daemon.kafka;

import io.netty.buffer.ByteBuf;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
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
 * Hashes are MD5 of the admin id and of the router address, as OpenBMP derives them.
 */
final class OpenBmpHeader {
  static final int MAGIC = 0x4F424D50; // "OBMP"
  static final int MAJOR = 1;
  static final int MINOR = 7;
  static final int FLAG_ROUTER = 0x80;
  static final int FLAG_ROUTER_IPV6 = 0x40;
  static final int OBJECT_BMP_RAW = 12;

  private OpenBmpHeader() {}

  static void write(ByteBuf out, String adminId, IpAddress router, Instant at, int bmpLength) {
    byte[] admin = adminId.getBytes(StandardCharsets.UTF_8);
    int headerLength = 4 + 1 + 1 + 2 + 4 + 1 + 1 + 4 + 4 + 16 + 2 + admin.length + 16 + 16 + 2 + 4;
    out.writeInt(MAGIC).writeByte(MAJOR).writeByte(MINOR).writeShort(headerLength).writeInt(bmpLength);
    out.writeByte(FLAG_ROUTER | (router.ipv6() ? FLAG_ROUTER_IPV6 : 0)).writeByte(OBJECT_BMP_RAW);
    out.writeInt((int) at.getEpochSecond()).writeInt(at.getNano() / 1000);
    out.writeBytes(md5(admin)).writeShort(admin.length).writeBytes(admin);
    byte[] ip = router.bytes();
    out.writeBytes(md5(ip)).writeBytes(ip).writeZero(16 - ip.length);
    out.writeShort(0); // router group: none
    out.writeInt(1); // row count: one BMP message per record
  }

  private static byte[] md5(byte[] b) {
    try {
      return MessageDigest.getInstance("MD5").digest(b);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("the JDK always has MD5", e);
    }
  }
}
