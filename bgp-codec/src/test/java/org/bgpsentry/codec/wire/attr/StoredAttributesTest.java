package org.bgpsentry.codec.wire.attr;

import static org.assertj.core.api.Assertions.assertThat;
import static org.bgpsentry.codec.testing.Hex.hex;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.stream.Stream;
import org.bgpsentry.codec.error.UpdateResult;
import org.bgpsentry.codec.model.OpaqueBytes;
import org.bgpsentry.codec.model.Update;
import org.bgpsentry.codec.model.attr.AsPathSegment;
import org.bgpsentry.codec.model.attr.PathAttribute;
import org.bgpsentry.codec.model.attr.PathAttribute.MpReachNlri;
import org.bgpsentry.codec.model.attr.PathAttributes;
import org.bgpsentry.codec.model.nlri.Family;
import org.bgpsentry.codec.testing.Fixtures;
import org.bgpsentry.codec.testing.Fixtures.Message;
import org.bgpsentry.codec.wire.DecodeContext;
import org.bgpsentry.codec.wire.MessageHeader;
import org.bgpsentry.codec.wire.RibUpdate;
import org.bgpsentry.codec.wire.UpdateCodec;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;

/**
 * The stored (wire) form of a route's attribute set gives back exactly the decoded per-route set:
 * cut from the UPDATE's bytes (RFC 4760 MP attributes handled per family) and encoded from records.
 */
class StoredAttributesTest {
  @TestFactory
  Stream<DynamicTest> everyCapturedUpdateStoresItsPerRouteSetsExactly() {
    List<Message> updates = Fixtures.messages("update");
    assertThat(updates).hasSizeGreaterThan(20);
    return updates.stream().map(m -> DynamicTest.dynamicTest(m.toString(), () -> check(m)));
  }

  private static void check(Message m) {
    ByteBuf in = Unpooled.wrappedBuffer(m.bytes());
    try {
      check(m, in);
    } finally {
      in.release();
    }
  }

  private static void check(Message m, ByteBuf in) {
    MessageHeader h = MessageHeader.read(in, true);
    ByteBuf body = in.readSlice(h.bodyLength());
    int bodyStart = body.readerIndex();
    ByteBuf again = body.duplicate();
    UpdateResult r = UpdateCodec.decode(body, m.context());
    assertThat(r.issues()).isEmpty();
    Update u = r.update();
    int lengthAt = bodyStart + 2 + body.getUnsignedShort(bodyStart);
    int attrLen = body.getUnsignedShort(lengthAt);
    boolean four = m.context().fourOctetAs();

    byte[] nlriSet = StoredAttributes.fromWire(body, lengthAt + 2, attrLen, four, null);
    PathAttributes expected = u.attributes().withoutMpNlri();
    assertThat(StoredAttributes.decode(nlriSet)).as("NLRI field set").isEqualTo(expected);
    assertThat(StoredAttributes.decode(StoredAttributes.encode(expected))).isEqualTo(expected);

    MpReachNlri mp = u.attributes().find(MpReachNlri.class);
    byte[] mpSet = null;
    if (mp != null) {
      mpSet = StoredAttributes.fromWire(body, lengthAt + 2, attrLen, four, mp.family());
      PathAttributes cut = perRouteMp(u.attributes());
      assertThat(StoredAttributes.decode(mpSet)).as("MP_REACH_NLRI set").isEqualTo(cut);
      assertThat(StoredAttributes.decode(StoredAttributes.encode(cut))).isEqualTo(cut);
    }

    // One walk: the sets cut while decoding are the very bytes fromWire cuts afterwards.
    RibUpdate rib = UpdateCodec.decodeForRib(again, m.context());
    assertThat(rib.result()).isEqualTo(r);
    assertThat(rib.nlriAttributes()).isEqualTo(u.announced().isEmpty() ? null : nlriSet);
    assertThat(rib.mpAttributes())
        .isEqualTo(mp == null || mp.nlri().isEmpty() ? null : mpSet);
    assertThat(again.isReadable()).isFalse();
  }

  @Test
  void anUpdateWithIssuesGetsNoCutSets() {
    // ORIGIN 7 (RFC 7606 §7.1: treat-as-withdraw), NLRI 10.0.0.0/8: the decoded set is used.
    ByteBuf body = hex("0000", "0004", "40 01 01 07", "08 0a");
    RibUpdate rib = UpdateCodec.decodeForRib(body, DecodeContext.FOUR_OCTET_AS);
    body.release();
    assertThat(rib.result().issues()).isNotEmpty();
    assertThat(rib.nlriAttributes()).isNull();
    assertThat(rib.mpAttributes()).isNull();
  }

  /** MP_UNREACH_NLRI left out, MP_REACH_NLRI without its NLRI. */
  private static PathAttributes perRouteMp(PathAttributes attrs) {
    List<PathAttribute> out = new ArrayList<>();
    byte[] flags = new byte[attrs.size()];
    List<PathAttribute> list = attrs.list();
    for (int i = 0; i < list.size(); i++) {
      PathAttribute a = list.get(i);
      if (a instanceof PathAttribute.MpUnreachNlri) {
        continue;
      }
      if (a instanceof MpReachNlri r) {
        a = new MpReachNlri(r.family(), r.nextHops(), r.rawNextHop(), List.of(), OpaqueBytes.EMPTY);
      }
      flags[out.size()] = (byte) attrs.flags(i);
      out.add(a);
    }
    return new PathAttributes(out, Arrays.copyOf(flags, out.size()), null);
  }

  @Test
  void extendedLengthMpReachIsCutToItsNextHop() {
    // MP_REACH_NLRI with Extended Length: IPv6 unicast, next hop 2001:db8::1, NLRI 2001:db8:1::/48.
    ByteBuf attrs =
        hex(
            "40 01 01 00",
            "90 0e 001c 0002 01 10 20010db8000000000000000000000001 00 30 20010db80001");
    byte[] stored = StoredAttributes.fromWire(attrs, 0, attrs.readableBytes(), true, Family.IPV6_UNICAST);

    PathAttributes a = StoredAttributes.decode(stored);
    MpReachNlri mp = a.find(MpReachNlri.class);
    assertThat(mp.family()).isEqualTo(Family.IPV6_UNICAST);
    assertThat(mp.nextHops()).hasSize(1);
    assertThat(mp.nlri()).isEmpty();
    assertThat(a.flags(1)).isEqualTo(0x90);
    attrs.release();
  }

  @Test
  void rfc6793_4_2_3_aMergedAsPathIsStoredTwoOctetAndMergedAgain() {
    ByteBuf wire =
        hex(
            "40 02 08 02 03 fde8 5ba0 5ba0", //  AS_PATH [65000 23456 23456]
            "c0 11 0a 02 02 00030000 00030001"); // AS4_PATH [196608 196609]
    PathAttributes merged = PathAttributesCodec.decode(wire, DecodeContext.DEFAULT, false).attributes();
    wire.release();
    assertThat(merged.asPath().segments())
        .containsExactly(AsPathSegment.sequence(65000, 196608, 196609));

    byte[] stored = StoredAttributes.encode(merged);

    assertThat(stored[0]).as("2-octet context").isZero();
    assertThat(StoredAttributes.decode(stored)).isEqualTo(merged);
  }

  @Test
  void equalSetsHaveEqualBytes() {
    PathAttributes a = PathAttributes.of(new PathAttribute.LocalPref(100));
    PathAttributes b = PathAttributes.of(new PathAttribute.LocalPref(100));
    assertThat(StoredAttributes.encode(a)).isEqualTo(StoredAttributes.encode(b));
    assertThat(StoredAttributes.encode(a))
        .isNotEqualTo(StoredAttributes.encode(PathAttributes.of(new PathAttribute.LocalPref(200))));
  }
}
