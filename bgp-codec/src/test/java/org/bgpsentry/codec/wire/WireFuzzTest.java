package org.bgpsentry.codec.wire;

import com.code_intelligence.jazzer.api.FuzzedDataProvider;
import com.code_intelligence.jazzer.junit.FuzzTest;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.function.Predicate;
import org.bgpsentry.codec.error.BgpNotificationException;
import org.bgpsentry.codec.error.ErrorAction;
import org.bgpsentry.codec.error.UpdateResult;
import org.bgpsentry.codec.model.MessageType;
import org.bgpsentry.codec.model.nlri.Family;
import org.bgpsentry.codec.model.nlri.Prefix;
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

  /**
   * An UPDATE read for a reader of some routes only (MRT replay) against the full decoder: a
   * session-level error in one is one in the other; a decoded UPDATE is the same (its issues
   * may come in another order: MP_REACH_NLRI and MP_UNREACH_NLRI are decoded first); an unwanted
   * one counts the routes the full decoder finds. Seeds: those of {@link #message}.
   */
  @FuzzTest
  void siftedUpdate(FuzzedDataProvider data) {
    data.consumeInt(0, 4); // the message type of the message seeds
    DecodeContext ctx = context(data);
    byte[] bytes = data.consumeRemainingAsBytes();
    for (Predicate<Prefix> wanted : List.<Predicate<Prefix>>of(p -> false, p -> p.length() >= 24)) {
      UpdateResult full;
      try {
        full = UpdateCodec.decode(Unpooled.wrappedBuffer(bytes), ctx);
      } catch (BgpNotificationException e) {
        full = null;
      }
      ByteBuf body = Unpooled.wrappedBuffer(bytes);
      SiftedUpdate sifted;
      try {
        sifted = UpdateCodec.decode(body, ctx, wanted);
      } catch (BgpNotificationException e) {
        if (full != null) {
          throw new AssertionError("sifted threw " + e + ", the full decoder did not");
        }
        continue;
      }
      if (body.isReadable()) {
        throw new AssertionError("UPDATE left unread: " + body.readableBytes());
      }
      UpdateResult r = sifted.decoded();
      if (r != null) {
        if (full == null
            || !r.update().equals(full.update())
            || r.action() != full.action()
            || !r.disabledFamilies().equals(full.disabledFamilies())
            || !new HashSet<>(r.issues()).equals(new HashSet<>(full.issues()))) {
          throw new AssertionError("sifted " + r + " (expected: " + full + ")");
        }
      } else if (sifted.unwantedRoutes() <= 0
          || (full != null && full.action() != ErrorAction.SESSION_RESET
              && sifted.unwantedRoutes() != UpdateCodecWantedTest.routes(full))) {
        throw new AssertionError(sifted.unwantedRoutes() + " unwanted routes (full: " + full + ")");
      }
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
