package org.bgpsentry.codec.wire;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import io.netty.buffer.Unpooled;
import java.util.HexFormat;
import java.util.List;
import java.util.Set;
import java.util.function.Predicate;
import org.bgpsentry.codec.error.BgpNotificationException;
import org.bgpsentry.codec.error.UpdateResult;
import org.bgpsentry.codec.model.nlri.Family;
import org.bgpsentry.codec.model.nlri.Nlri;
import org.bgpsentry.codec.model.nlri.Prefix;
import org.junit.jupiter.api.Test;

/**
 * {@link UpdateCodec#decode(io.netty.buffer.ByteBuf, DecodeContext, Predicate)} against the full
 * decoder: an UPDATE none of whose routes is wanted is counted as the decoder finds its routes
 * (NLRI, Withdrawn Routes, MP_REACH_NLRI / MP_UNREACH_NLRI, RFC 4760 §3, §4); every other UPDATE
 * decodes as in full.
 */
class UpdateCodecWantedTest {
  private static final DecodeContext CTX = new DecodeContext(true, Set.of(), true).forMrt();
  private static final Predicate<Prefix> NONE = p -> false;

  /** ORIGIN IGP, AS_PATH [65000] (4-octet), NEXT_HOP 192.0.2.1. */
  private static final String ATTRS = "40010100" + "400206020100 00fde8" + "400304c0000201";

  /** Withdrawn 10.9.0.0/16; announces 10.0.1.0/24 and 11.0.0.0/8. */
  private static final String PLAIN = "0003 100a09" + len(ATTRS) + ATTRS + "180a0001 080b";

  /** MP_REACH_NLRI IPv6 unicast, next hop 2001:db8::1, 2001:db8:1::/48. */
  private static final String MP_REACH =
      "800e1c 0002 01 10 20010db8000000000000000000000001 00 30 20010db80001";

  /** MP_UNREACH_NLRI IPv6 unicast 2001:db8:2::/48. */
  private static final String MP_UNREACH = "800f0a 0002 01 30 20010db80002";

  private static final String MP =
      "0000" + len(ATTRS + MP_REACH + MP_UNREACH) + ATTRS + MP_REACH + MP_UNREACH;

  @Test
  void rfc4271_4_3_unwantedUpdateIsCountedAsTheDecoderFindsIt() {
    assertThat(sifted(PLAIN, CTX, NONE)).isEqualTo(new SiftedUpdate(null, routes(full(PLAIN, CTX))));
    assertThat(routes(full(PLAIN, CTX))).isEqualTo(3);
    assertThat(sifted(MP, CTX, NONE)).isEqualTo(new SiftedUpdate(null, 2));
    assertThat(routes(full(MP, CTX))).isEqualTo(2);

    // ADD-PATH (RFC 7911 §3): a Path Identifier before each prefix
    String addPath = "0000" + len(ATTRS) + ATTRS + "00000001 180a0001";
    DecodeContext ap = CTX.withAddPath(Family.IPV4_UNICAST);
    assertThat(sifted(addPath, ap, NONE)).isEqualTo(new SiftedUpdate(null, 1));
    assertThat(routes(full(addPath, ap))).isEqualTo(1);

    // an unknown attribute with the Optional bit is carried along, not an error
    String optional = "0000" + len(ATTRS + "c06301ff") + ATTRS + "c06301ff" + "180a0001";
    assertThat(sifted(optional, CTX, NONE)).isEqualTo(new SiftedUpdate(null, 1));
  }

  @Test
  void aWantedPrefixAnywhereDecodesTheWholeUpdate() {
    for (String wanted : List.of("10.9.0.0/16", "10.0.1.0/24", "11.0.0.0/8")) {
      Prefix w = Prefix.parse(wanted);
      assertThat(sifted(PLAIN, CTX, w::equals)).as(wanted).isEqualTo(new SiftedUpdate(full(PLAIN, CTX), 0));
    }
    for (String wanted : List.of("2001:db8:1::/48", "2001:db8:2::/48")) {
      Prefix w = Prefix.parse(wanted);
      assertThat(sifted(MP, CTX, w::equals)).as(wanted).isEqualTo(new SiftedUpdate(full(MP, CTX), 0));
    }
  }

  @Test
  void unusualUpdatesDecodeAsInFull() {
    String twoReach = "0000" + len(ATTRS + MP_REACH + MP_REACH) + ATTRS + MP_REACH + MP_REACH;
    String unknownWellKnown = "0000" + len(ATTRS + "406301ff") + ATTRS + "406301ff" + "180a0001";
    String badNextHop =
        "0000" + len(ATTRS + "800e10 0002 01 04 c0000201 00 30 20010db80001")
            + ATTRS + "800e10 0002 01 04 c0000201 00 30 20010db80001";
    String multicast = "0000" + len(ATTRS + "800f0a 0002 02 30 20010db80002")
        + ATTRS + "800f0a 0002 02 30 20010db80002";
    String v6EndOfRibWithOrigin = "0000" + len("40010100 800f03000201") + "40010100 800f03000201";
    String hostBits = "0000" + len(ATTRS) + ATTRS + "180a0001 100a0901";
    for (String body :
        List.of(
            "00000000", // End-of-RIB, IPv4 unicast (RFC 4724 §2)
            "0000" + len("800f03000201") + "800f03000201", // End-of-RIB, IPv6 unicast
            v6EndOfRibWithOrigin, // no route: not an End-of-RIB, but nothing to skip for
            "0000" + len(ATTRS) + ATTRS + "180a00", // truncated prefix (RFC 7606 §5.3)
            "0000" + len(ATTRS) + ATTRS + "210a000100", // prefix length 33
            "0005 100a09", // Withdrawn Routes Length overruns
            "0000 00ff" + ATTRS, // Total Path Attribute Length overruns
            twoReach, // RFC 7606 §3(g)
            unknownWellKnown, // RFC 4271 §6.3 (a session's context)
            badNextHop, // RFC 7606 §7.11
            multicast,
            hostBits)) {
      for (DecodeContext ctx : List.of(CTX, new DecodeContext(true, Set.of(), true))) {
        BgpNotificationException fullError =
            catchThrowableOfType(BgpNotificationException.class, () -> full(body, ctx));
        if (fullError != null) {
          BgpNotificationException siftedError =
              catchThrowableOfType(BgpNotificationException.class, () -> sifted(body, ctx, NONE));
          assertThat(siftedError).as(body).isNotNull();
          assertThat(siftedError.error()).as(body).isEqualTo(fullError.error());
        } else {
          assertThat(sifted(body, ctx, NONE)).as(body).isEqualTo(new SiftedUpdate(full(body, ctx), 0));
        }
      }
    }
  }

  @Test
  void unwantedUpdateIsReadToItsEnd() {
    var body = Unpooled.wrappedBuffer(bytes(PLAIN));
    UpdateCodec.decode(body, CTX, NONE);
    assertThat(body.isReadable()).isFalse();
    body.release();
  }

  private static UpdateResult full(String hex, DecodeContext ctx) {
    var body = Unpooled.wrappedBuffer(bytes(hex));
    try {
      return UpdateCodec.decode(body, ctx);
    } finally {
      body.release();
    }
  }

  /** The routes an UPDATE withdraws or announces, every family. */
  static int routes(UpdateResult r) {
    int n = 0;
    for (List<Nlri> nlri : r.routesToWithdraw().values()) {
      n += nlri.size();
    }
    for (List<Nlri> nlri : r.routesToAnnounce().values()) {
      n += nlri.size();
    }
    return n;
  }

  private static SiftedUpdate sifted(String hex, DecodeContext ctx, Predicate<Prefix> wanted) {
    var body = Unpooled.wrappedBuffer(bytes(hex));
    try {
      return UpdateCodec.decode(body, ctx, wanted);
    } finally {
      body.release();
    }
  }

  private static String len(String hex) {
    return String.format("%04x", bytes(hex).length);
  }

  private static byte[] bytes(String hex) {
    return HexFormat.of().parseHex(hex.replaceAll("\\s+", ""));
  }
}
