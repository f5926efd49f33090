package org.bgpsentry.daemon.bmp;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.embedded.EmbeddedChannel;
import java.util.HexFormat;
import org.bgpsentry.codec.bmp.BmpDecodeException;
import org.bgpsentry.codec.bmp.BmpMessage;
import org.bgpsentry.codec.bmp.BmpMessageType;
import org.bgpsentry.codec.wire.DecodeContext;
import org.junit.jupiter.api.Test;

/** docs/contributing.md R13 (d): the BMP frame decoder (RFC 7854 §4.1) on an {@code EmbeddedChannel}. */
class BmpFrameDecoderTest {
  /** Initiation with sysName "r1". */
  static final String INITIATION = "03 0000000c 04" + "0002 0002 7231";

  /** Termination with reason 0 (administratively closed). */
  static final String TERMINATION = "03 0000000c 05" + "0001 0002 0000";

  static ByteBuf hex(String... parts) {
    return Unpooled.wrappedBuffer(HexFormat.of().parseHex(String.join("", parts).replace(" ", "")));
  }

  static EmbeddedChannel channel() {
    return new EmbeddedChannel(new BmpFrameDecoder(h -> DecodeContext.FOUR_OCTET_AS));
  }

  static BmpDecodeException framing(Throwable t) {
    for (; t != null; t = t.getCause()) {
      if (t instanceof BmpDecodeException e) {
        return e;
      }
    }
    throw new AssertionError("no BmpDecodeException");
  }

  @Test
  void rfc7854_4_1_messageSplitAcrossReadsIsDecodedOnceWhole() {
    EmbeddedChannel ch = channel();
    assertThat(ch.writeInbound(hex("03 0000"))).isFalse();
    assertThat(ch.writeInbound(hex("000c 04 0002"))).isFalse();
    assertThat(ch.writeInbound(hex("0002 7231"))).isTrue();
    BmpMessage.Initiation m = ch.readInbound();
    assertThat(m.sysName()).isEqualTo("r1");
    assertThat(ch.finish()).isFalse();
  }

  @Test
  void rfc7854_4_1_severalMessagesInOneRead() {
    EmbeddedChannel ch = channel();
    ch.writeInbound(hex(INITIATION, TERMINATION));
    assertThat((Object) ch.readInbound()).isInstanceOf(BmpMessage.Initiation.class);
    BmpMessage.Termination t = ch.readInbound();
    assertThat(t.reason()).isZero();
    assertThat(ch.finish()).isFalse();
  }

  @Test
  void rfc7854_4_1_wrongVersionClosesAndTheRestIsDiscarded() {
    EmbeddedChannel ch = channel();
    Throwable t = catchThrowable(() -> ch.writeInbound(hex("01 0000000c 04 0002 0002 7231", INITIATION)));
    assertThat(framing(t)).hasMessage("unsupported BMP version 1 (expected: 3)");
    assertThat(ch.writeInbound(hex(INITIATION))).isFalse();
    assertThat(ch.finish()).isFalse();
  }

  @Test
  void rfc7854_4_1_lengthBeyondOneMebibyteIsRefusedBeforeBuffering() {
    EmbeddedChannel ch = channel();
    Throwable t = catchThrowable(() -> ch.writeInbound(hex("03 00100001 00")));
    assertThat(framing(t)).hasMessage("bad BMP message length 1048577 (expected: 6..1048576)");
    assertThat(ch.finish()).isFalse();
  }

  @Test
  void rfc7854_4_1_lengthBelowTheHeader() {
    EmbeddedChannel ch = channel();
    Throwable t = catchThrowable(() -> ch.writeInbound(hex("03 00000005 04")));
    assertThat(framing(t)).hasMessage("bad BMP message length 5 (expected: 6..1048576)");
    assertThat(ch.finish()).isFalse();
  }

  @Test
  void rfc7854_4_1_unknownTypeInAnIntactHeaderIsIgnoredAndTheStreamGoesOn() {
    EmbeddedChannel ch = channel();
    // Type 7 (not in RFC 7854) with a 3-octet body, split before its end, then an Initiation.
    assertThat(ch.writeInbound(hex("03 00000009 07 0102"))).isFalse();
    ch.writeInbound(hex("03", INITIATION));
    BmpFrameDecoder.Malformed skipped = ch.readInbound();
    assertThat(skipped.type()).isNull();
    assertThat(skipped.reason())
        .isEqualTo("unknown BMP message type 7 (expected: 0..6), 9 octets skipped");
    assertThat((Object) ch.readInbound()).isInstanceOf(BmpMessage.Initiation.class);
    assertThat(ch.finish()).isFalse();
  }

  @Test
  void malformedBodyInsideIntactFramingIsSkippedAndTheStreamGoesOn() {
    EmbeddedChannel ch = channel();
    // Initiation whose TLV claims 5 octets and has 2, then a good Termination.
    ch.writeInbound(hex("03 0000000c 04 0002 0005 7231", TERMINATION));
    BmpFrameDecoder.Malformed bad = ch.readInbound();
    assertThat(bad.type()).isEqualTo(BmpMessageType.INITIATION);
    assertThat(bad.reason()).isEqualTo("Information TLV type 2: 2 octets left (expected: at least 5)");
    assertThat((Object) ch.readInbound()).isInstanceOf(BmpMessage.Termination.class);
    assertThat(ch.finish()).isFalse();
  }

  @Test
  void truncatedStreamAtCloseYieldsNothing() {
    EmbeddedChannel ch = channel();
    assertThat(ch.writeInbound(hex("03 0000000c 04 0002"))).isFalse();
    assertThat(ch.finish()).isFalse();
  }
}
