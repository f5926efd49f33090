package org.bgpsentry.daemon.ingest;

import static org.assertj.core.api.Assertions.assertThat;

import io.netty.buffer.Unpooled;
import java.util.HexFormat;
import java.util.List;
import java.util.function.Predicate;
import org.bgpsentry.codec.error.UpdateResult;
import org.bgpsentry.codec.model.OpaqueBytes;
import org.bgpsentry.codec.model.nlri.Family;
import org.bgpsentry.codec.model.nlri.Nlri;
import org.bgpsentry.codec.model.nlri.Prefix;
import org.bgpsentry.codec.wire.BgpMessageCodec;
import org.bgpsentry.codec.wire.DecodeContext;
import org.junit.jupiter.api.Test;

/**
 * UpdatePrefilter against the full decoder: where it counts an UPDATE's routes, the decoder finds
 * exactly as many IPv4/IPv6 unicast routes; everything unusual is left to the decoder.
 */
class UpdatePrefilterTest {
  private static final DecodeContext CTX = new DecodeContext(true, java.util.Set.of(), true);
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

  @Test
  void unwantedRoutesAreCountedAsTheDecoderFindsThem() {
    assertThat(UpdatePrefilter.unwantedRoutes(buf(PLAIN), 0, size(PLAIN), CTX, NONE))
        .isEqualTo(decodedRoutes(PLAIN, CTX))
        .isEqualTo(3);
    String mp = "0000" + len(ATTRS + MP_REACH + MP_UNREACH) + ATTRS + MP_REACH + MP_UNREACH;
    assertThat(UpdatePrefilter.unwantedRoutes(buf(mp), 0, size(mp), CTX, NONE))
        .isEqualTo(decodedRoutes(mp, CTX))
        .isEqualTo(2);
    // ADD-PATH (RFC 7911): a Path Identifier before each prefix
    String addPath = "0000" + len(ATTRS) + ATTRS + "00000001 180a0001";
    DecodeContext ap = CTX.withAddPath(Family.IPV4_UNICAST);
    assertThat(UpdatePrefilter.unwantedRoutes(buf(addPath), 0, size(addPath), ap, NONE))
        .isEqualTo(decodedRoutes(addPath, ap))
        .isEqualTo(1);
  }

  @Test
  void aWantedPrefixAnywhereMeansDecode() {
    for (String wanted : List.of("10.9.0.0/16", "10.0.1.0/24", "11.0.0.0/8")) {
      Prefix w = Prefix.parse(wanted);
      assertThat(UpdatePrefilter.unwantedRoutes(buf(PLAIN), 0, size(PLAIN), CTX, w::equals))
          .as(wanted)
          .isEqualTo(-1);
    }
    String mp = "0000" + len(ATTRS + MP_REACH + MP_UNREACH) + ATTRS + MP_REACH + MP_UNREACH;
    Prefix v6 = Prefix.parse("2001:db8:2::/48");
    assertThat(UpdatePrefilter.unwantedRoutes(buf(mp), 0, size(mp), CTX, v6::equals)).isEqualTo(-1);
  }

  @Test
  void unusualUpdatesAreLeftToTheDecoder() {
    String twoReach = "0000" + len(ATTRS + MP_REACH + MP_REACH) + ATTRS + MP_REACH + MP_REACH;
    String unknownWellKnown = "0000" + len(ATTRS + "406301ff") + ATTRS + "406301ff" + "180a0001";
    String badNextHop =
        "0000" + len(ATTRS + "800e10 0002 01 04 c0000201 00 30 20010db80001")
            + ATTRS + "800e10 0002 01 04 c0000201 00 30 20010db80001";
    String multicast = "0000" + len(ATTRS + "800f0a 0002 02 30 20010db80002")
        + ATTRS + "800f0a 0002 02 30 20010db80002";
    for (String body :
        List.of(
            "00000000", // End-of-RIB, IPv4 unicast (RFC 4724 §2)
            "0000" + len(ATTRS) + ATTRS + "180a00", // truncated prefix
            "0000" + len(ATTRS) + ATTRS + "210a000100", // prefix length 33
            "0005 100a09", // Withdrawn Routes Length overruns
            "0000 00ff" + ATTRS, // Total Path Attribute Length overruns
            twoReach, // RFC 7606 §3(g)
            unknownWellKnown, // RFC 4271 §6.3
            badNextHop, // RFC 7606 §7.11
            multicast)) {
      assertThat(UpdatePrefilter.unwantedRoutes(buf(body), 0, size(body), CTX, NONE))
          .as(body)
          .isEqualTo(-1);
    }
    // an unknown attribute with the Optional bit is carried along, not an error
    String optional = "0000" + len(ATTRS + "c06301ff") + ATTRS + "c06301ff" + "180a0001";
    assertThat(UpdatePrefilter.unwantedRoutes(buf(optional), 0, size(optional), CTX, NONE))
        .isEqualTo(decodedRoutes(optional, CTX))
        .isEqualTo(1);
  }

  @Test
  void readsTheBodyAtItsOffset() {
    String framed = "ffffff" + PLAIN;
    assertThat(UpdatePrefilter.unwantedRoutes(buf(framed), 3, size(PLAIN), CTX, NONE)).isEqualTo(3);
  }

  private static int decodedRoutes(String hex, DecodeContext ctx) {
    UpdateResult r = BgpMessageCodec.decodeUpdate(Unpooled.wrappedBuffer(bytes(hex)), ctx);
    int n = 0;
    for (var e : r.routesToWithdraw().entrySet()) {
      n += unicast(e.getKey(), e.getValue());
    }
    for (var e : r.routesToAnnounce().entrySet()) {
      n += unicast(e.getKey(), e.getValue());
    }
    return n;
  }

  private static int unicast(Family f, List<Nlri> nlri) {
    return f.equals(Family.IPV4_UNICAST) || f.equals(Family.IPV6_UNICAST) ? nlri.size() : 0;
  }

  private static String len(String hex) {
    return String.format("%04x", size(hex));
  }

  private static int size(String hex) {
    return bytes(hex).length;
  }

  private static byte[] bytes(String hex) {
    return HexFormat.of().parseHex(hex.replaceAll("\\s+", ""));
  }

  private static java.nio.ByteBuffer buf(String hex) {
    return OpaqueBytes.of(bytes(hex)).asReadOnlyBuffer();
  }
}
