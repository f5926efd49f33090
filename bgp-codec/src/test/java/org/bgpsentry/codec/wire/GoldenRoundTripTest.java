package org.bgpsentry.codec.wire;

import static org.assertj.core.api.Assertions.assertThat;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import java.util.HexFormat;
import java.util.List;
import java.util.stream.Stream;
import org.bgpsentry.codec.error.UpdateResult;
import org.bgpsentry.codec.model.BgpMessage;
import org.bgpsentry.codec.model.MessageType;
import org.bgpsentry.codec.testing.Fixtures;
import org.bgpsentry.codec.testing.Fixtures.Message;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;

/**
 * docs/contributing.md R13 (a): every message captured from real routers (fixtures/*) decodes without issue
 * and re-encodes to the same bytes.
 */
class GoldenRoundTripTest {
  @TestFactory
  Stream<DynamicTest> everyCapturedMessageRoundTripsByteExact() {
    List<Message> all =
        Stream.of("open", "update", "notification", "route-refresh")
            .flatMap(k -> Fixtures.messages(k).stream())
            .toList();
    assertThat(all).hasSizeGreaterThan(100);
    return all.stream().map(m -> DynamicTest.dynamicTest(m.toString(), () -> roundTrip(m)));
  }

  static void roundTrip(Message m) {
    try {
      roundTrip0(m);
    } catch (RuntimeException e) {
      throw new AssertionError(m + ": " + e, e);
    }
  }

  private static void roundTrip0(Message m) {
    ByteBuf in = Unpooled.directBuffer(m.bytes().length).writeBytes(m.bytes());
    ByteBuf out = Unpooled.directBuffer(m.bytes().length);
    try {
      MessageHeader h = MessageHeader.read(in, m.context().extendedMessage() || m.bytes().length > 4096);
      ByteBuf body = in.readSlice(h.bodyLength());
      BgpMessage msg;
      if (h.type() == MessageType.UPDATE) {
        UpdateResult r = BgpMessageCodec.decodeUpdate(body, m.context());
        assertThat(r.issues()).as("issues of %s", m).isEmpty();
        msg = r.update();
      } else {
        msg = BgpMessageCodec.decode(h.type(), body, m.context());
      }
      assertThat(body.isReadable()).isFalse();
      BgpMessageCodec.encode(msg, m.context().withExtendedMessage(true), out);
      byte[] got = new byte[out.readableBytes()];
      out.readBytes(got);
      assertThat(HexFormat.of().formatHex(got))
          .as("re-encoded %s (%s)", m, msg)
          .isEqualTo(HexFormat.of().formatHex(m.bytes()));
    } finally {
      in.release();
      out.release();
    }
  }
}
