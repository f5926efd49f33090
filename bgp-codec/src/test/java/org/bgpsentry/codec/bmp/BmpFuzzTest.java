package org.bgpsentry.codec.bmp;

import com.code_intelligence.jazzer.api.FuzzedDataProvider;
import com.code_intelligence.jazzer.junit.FuzzTest;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import org.bgpsentry.codec.model.nlri.Family;
import org.bgpsentry.codec.wire.DecodeContext;

/**
 * docs/contributing.md R13 (e): the BMP entry points accept any bytes and yield messages or {@link
 * BmpDecodeException}, nothing else, and re-encode what they decoded. Regression mode in {@code
 * mvn test}; fuzz with {@code JAZZER_FUZZ=1 mvn -pl bgp-codec test -Dtest=BmpFuzzTest}.
 */
class BmpFuzzTest {
  @FuzzTest
  void stream(FuzzedDataProvider data) {
    boolean addPath = data.consumeBoolean();
    boolean fourOctetAs = data.consumeBoolean();
    DecodeContext ctx =
        addPath
            ? DecodeContext.of(fourOctetAs).withAddPath(Family.IPV4_UNICAST, Family.IPV6_UNICAST)
            : DecodeContext.of(fourOctetAs);
    ByteBuf in = Unpooled.wrappedBuffer(data.consumeRemainingAsBytes());
    ByteBuf out = Unpooled.buffer();
    try {
      while (true) {
        BmpHeader h = BmpHeader.read(in);
        if (h == null || in.readableBytes() < h.bodyLength()) {
          return;
        }
        ByteBuf body = in.readSlice(h.bodyLength());
        try {
          BmpMessage m = BmpCodec.decode(h.type(), body, p -> ctx);
          if (body.isReadable()) {
            throw new AssertionError("body left unread: " + body.readableBytes());
          }
          out.clear();
          try {
            BmpCodec.encode(m, p -> ctx.withExtendedMessage(true), out);
          } catch (IllegalArgumentException tooLong) {
            if (!String.valueOf(tooLong.getMessage()).contains("expected: at most")) {
              throw tooLong;
            }
          }
        } catch (BmpDecodeException malformed) {
          // a malformed message inside intact framing: skipped by the station
        }
      }
    } catch (BmpDecodeException framing) {
      // broken framing: the station closes that router
    } finally {
      in.release();
      out.release();
    }
  }
}
