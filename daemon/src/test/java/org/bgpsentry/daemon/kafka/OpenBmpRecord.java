package org.bgpsentry.daemon.kafka;

import static org.assertj.core.api.Assertions.assertThat;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import java.nio.charset.StandardCharsets;
import org.bgpsentry.codec.bmp.BmpCodec;
import org.bgpsentry.codec.bmp.BmpHeader;
import org.bgpsentry.codec.bmp.BmpMessage;
import org.bgpsentry.codec.wire.DecodeContext;

/**
 * One {@code <prefix>.bmp_raw} record read the way libbgpstream's {@code bs_format_bmp.c} reads
 * it: the OpenBMP v1.7 header field by field (magic, version, header and message lengths, router
 * flag, object type 12, collector and router fields, row count), then the BMP message it frames.
 */
public record OpenBmpRecord(int flags, String adminId, byte[] routerIp, byte[] bmp, BmpMessage message) {
  public static OpenBmpRecord parse(byte[] record) {
    ByteBuf in = Unpooled.wrappedBuffer(record);
    try {
      assertThat(in.readCharSequence(4, StandardCharsets.US_ASCII).toString()).isEqualTo("OBMP");
      assertThat(in.readUnsignedByte()).as("major version").isEqualTo((short) 1);
      assertThat(in.readUnsignedByte()).as("minor version").isEqualTo((short) 7);
      int headerLength = in.readUnsignedShort();
      long messageLength = in.readUnsignedInt();
      int flags = in.readUnsignedByte();
      assertThat(flags & 0x80).as("router message flag").isNotZero();
      assertThat(in.readUnsignedByte()).as("object type: BMP raw").isEqualTo((short) 12);
      in.skipBytes(8 + 16); // collector timestamp, collector hash
      String admin = in.readCharSequence(in.readUnsignedShort(), StandardCharsets.UTF_8).toString();
      in.skipBytes(16); // router hash
      byte[] ip = new byte[(flags & 0x40) != 0 ? 16 : 4];
      in.readBytes(ip);
      in.skipBytes(16 - ip.length);
      in.skipBytes(in.readUnsignedShort()); // router group
      assertThat(in.readUnsignedInt()).as("row count").isEqualTo(1);
      assertThat(in.readerIndex()).as("header length").isEqualTo(headerLength);
      assertThat(in.readableBytes()).as("message length").isEqualTo((int) messageLength);
      byte[] bmp = new byte[in.readableBytes()];
      in.getBytes(in.readerIndex(), bmp);
      BmpHeader h = BmpHeader.read(in);
      assertThat(h.length()).isEqualTo((int) messageLength);
      BmpMessage m = BmpCodec.decode(h.type(), in.readSlice(h.length() - 6), p -> DecodeContext.FOUR_OCTET_AS);
      return new OpenBmpRecord(flags, admin, ip, bmp, m);
    } finally {
      in.release();
    }
  }
}
