package org.bgpsentry.codec.wire;

import com.code_intelligence.jazzer.api.FuzzedDataProvider;
import com.code_intelligence.jazzer.junit.FuzzTest;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import java.util.Set;
import org.bgpsentry.codec.error.BgpNotificationException;
import org.bgpsentry.codec.error.ErrorAction;
import org.bgpsentry.codec.error.UpdateResult;
import org.bgpsentry.codec.model.MessageType;
import org.bgpsentry.codec.model.nlri.Family;
import org.bgpsentry.codec.wire.attr.AttributesResult;
import org.bgpsentry.codec.wire.attr.PathAttributesCodec;

/**
 * docs/contributing.md R13 (e): every entry point accepts any bytes and yields a result or the NOTIFICATION
 * exception, nothing else, and releases what it allocates. Runs in regression mode in {@code mvn
 * test} (the seeds under WireFuzzTestInputs/ and crashers found so far); fuzz with {@code
 * JAZZER_FUZZ=1 mvn -pl bgp-codec test -Dtest=WireFuzzTest}.
 */
class WireFuzzTest {
  @FuzzTest
  void header(byte[] data) {
    ByteBuf in = Unpooled.wrappedBuffer(data);
    try {
      MessageHeader h = MessageHeader.read(in, data.length > 0 && (data[0] & 1) == 1);
      if (h != null && (h.length() < MessageHeader.HEADER_LENGTH || h.type() == null)) {
        throw new AssertionError("header accepted an invalid frame: " + h);
      }
    } catch (BgpNotificationException expected) {
      // the NOTIFICATION to send: an allowed outcome
    } finally {
      in.release();
    }
  }

  @FuzzTest
  void message(FuzzedDataProvider data) {
    MessageType type = MessageType.values()[data.consumeInt(0, 4)];
    DecodeContext ctx = context(data);
    ByteBuf body = Unpooled.wrappedBuffer(data.consumeRemainingAsBytes());
    ByteBuf out = Unpooled.buffer();
    try {
      if (type == MessageType.UPDATE) {
        UpdateResult r = BgpMessageCodec.decodeUpdate(body, ctx);
        if (r.action() == ErrorAction.SESSION_RESET) {
          throw new AssertionError("SESSION_RESET returned instead of thrown: " + r.issues());
        }
        BgpMessageCodec.encode(r.update(), ctx.withExtendedMessage(true), out);
      } else {
        BgpMessageCodec.encode(BgpMessageCodec.decode(type, body, ctx), ctx.withExtendedMessage(true), out);
      }
    } catch (BgpNotificationException expected) {
      // the NOTIFICATION to send
    } catch (IllegalArgumentException tooLong) {
      if (!String.valueOf(tooLong.getMessage()).contains("expected: at most")) {
        throw tooLong;
      }
    } finally {
      body.release();
      out.release();
    }
  }

  @FuzzTest
  void pathAttributes(FuzzedDataProvider data) {
    DecodeContext ctx = context(data);
    boolean mrt = data.consumeBoolean();
    ByteBuf in = Unpooled.wrappedBuffer(data.consumeRemainingAsBytes());
    ByteBuf out = Unpooled.buffer();
    try {
      AttributesResult r = PathAttributesCodec.decode(in, ctx, mrt);
      if (in.isReadable()) {
        throw new AssertionError("attributes left unread: " + in.readableBytes());
      }
      PathAttributesCodec.encode(r.attributes(), ctx, mrt, out);
    } finally {
      in.release();
      out.release();
    }
  }

  private static DecodeContext context(FuzzedDataProvider data) {
    boolean four = data.consumeBoolean();
    boolean addPath = data.consumeBoolean();
    return new DecodeContext(
        four, addPath ? Set.of(Family.IPV4_UNICAST, Family.IPV6_UNICAST) : Set.of(), false);
  }
}
