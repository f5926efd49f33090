package org.bgpsentry.daemon.source;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufUtil;
import io.netty.buffer.Unpooled;
import java.util.List;
import org.bgpsentry.codec.model.Update;
import org.bgpsentry.codec.model.attr.AsPathSegment;
import org.bgpsentry.codec.model.attr.LargeCommunity;
import org.bgpsentry.codec.model.attr.OriginType;
import org.bgpsentry.codec.model.attr.PathAttribute;
import org.bgpsentry.codec.model.attr.PathAttributes;
import org.bgpsentry.codec.model.nlri.IpAddress;
import org.bgpsentry.codec.model.nlri.Nlri;
import org.bgpsentry.codec.model.nlri.Prefix;
import org.bgpsentry.codec.wire.BgpMessageCodec;
import org.bgpsentry.codec.wire.DecodeContext;
import org.junit.jupiter.api.Test;

/** The RIS Live message formats (https://ris-live.ripe.net/manual/) and what is malformed in them. */
class RisMessagesTest {
  static final String UPDATE = """
      {"type":"ris_message","data":{"timestamp":1568279796.63,"peer":"192.0.2.1","peer_asn":"64496","id":"x",
      "host":"rrc21","type":"UPDATE","path":[64496,3356,[64497,64498]],"community":[[3356,2]],"origin":"IGP",
      "med":5,"announcements":[{"next_hop":"192.0.2.1","prefixes":["203.0.113.0/24"]},
      {"next_hop":"2001:db8::1","prefixes":["2001:db8:1::/48"]}],"withdrawals":["198.51.100.0/24"]%s}}""";

  @Test
  void anUpdateFromItsJsonFields() throws Exception {
    RisMessage.Update u = (RisMessage.Update) RisMessages.parse(UPDATE.formatted(""));
    assertThat(u.host()).isEqualTo("rrc21");
    assertThat(u.peer()).isEqualTo(IpAddress.parse("192.0.2.1"));
    assertThat(u.peerAsn()).isEqualTo(64496);
    assertThat(u.at().toEpochMilli()).isEqualTo(1568279796630L);
    assertThat(u.withdrawals()).containsExactly(Prefix.parse("198.51.100.0/24"));
    assertThat(u.announcements()).extracting(r -> r.prefix().toString()).containsExactly("203.0.113.0/24", "2001:db8:1::/48");
    PathAttributes a = u.announcements().get(0).attributes();
    assertThat(a.asPath().segments()).containsExactly(AsPathSegment.sequence(64496, 3356), AsPathSegment.set(64497, 64498));
    assertThat(a.origin()).isEqualTo(OriginType.IGP);
    assertThat(a.med()).isEqualTo(5);
    assertThat(a.communities()).containsExactly((3356 << 16) | 2);
    assertThat(a.nextHop().address()).isEqualTo(IpAddress.parse("192.0.2.1"));
  }

  @Test
  void rawIsTakenWhenItDecodesItCarriesWhatTheJsonLeavesOut() throws Exception {
    PathAttributes attrs = PathAttributes.of(new PathAttribute.Origin(OriginType.IGP),
        new PathAttribute.AsPath(List.of(AsPathSegment.sequence(64496, 3356, 4200000000L))),
        new PathAttribute.NextHop(IpAddress.parse("192.0.2.1")),
        new PathAttribute.LargeCommunities(List.of(new LargeCommunity(4200000000L, 1, 2))),
        new PathAttribute.Otc(3356));
    ByteBuf raw = Unpooled.buffer();
    BgpMessageCodec.encode(new Update(List.of(), attrs, List.of(Nlri.of(Prefix.parse("203.0.113.0/24")))),
        DecodeContext.FOUR_OCTET_AS, raw);
    String hex = ByteBufUtil.hexDump(raw);
    raw.release();
    RisMessage.Update u = (RisMessage.Update) RisMessages.parse(UPDATE.formatted(",\"raw\":\"" + hex + "\""));
    PathAttributes a = u.announcements().get(0).attributes();
    assertThat(a.otc()).isEqualTo(3356);
    assertThat(a.largeCommunities()).containsExactly(new LargeCommunity(4200000000L, 1, 2));
    assertThat(a.asPath().segments()).containsExactly(AsPathSegment.sequence(64496, 3356, 4200000000L));

    // raw that does not decode: the JSON fields instead
    RisMessage.Update bad = (RisMessage.Update) RisMessages.parse(UPDATE.formatted(",\"raw\":\"FFFF00\""));
    assertThat(bad.announcements().get(0).attributes().otc()).isEqualTo(-1);
    assertThat(bad.announcements().get(0).attributes().communities()).hasSize(1);
  }

  @Test
  void peerStatePongErrorAndOthers() throws Exception {
    assertThat(RisMessages.parse("""
        {"type":"ris_message","data":{"timestamp":1.5,"peer":"2001:db8::2","peer_asn":"64497","host":"rrc00",
        "type":"RIS_PEER_STATE","state":"down"}}"""))
        .isEqualTo(new RisMessage.PeerState("rrc00", IpAddress.parse("2001:db8::2"), 64497,
            java.time.Instant.ofEpochSecond(1, 500_000_000), false));
    assertThat(RisMessages.parse("{\"type\":\"pong\",\"data\":null}")).isInstanceOf(RisMessage.Pong.class);
    assertThat(RisMessages.parse("{\"type\":\"ris_error\",\"data\":{\"message\":\"Invalid prefix\"}}"))
        .isEqualTo(new RisMessage.Error("Invalid prefix"));
    assertThat(RisMessages.parse("{\"type\":\"ris_message\",\"data\":{\"host\":\"rrc00\",\"type\":\"KEEPALIVE\"}}"))
        .isEqualTo(new RisMessage.Other("rrc00", "KEEPALIVE"));
  }

  @Test
  void malformedInputSaysWhatWasWrong() {
    assertThatThrownBy(() -> RisMessages.parse("{nope")).hasMessageStartingWith("not JSON");
    assertThatThrownBy(() -> RisMessages.parse("[1]")).hasMessageContaining("not a JSON object");
    assertThatThrownBy(() -> RisMessages.parse("{\"type\":\"ris_huh\"}"))
        .isInstanceOfSatisfying(RisMessages.Malformed.class, e -> assertThat(e.reason).isEqualTo("unknown_type"));
    assertThatThrownBy(() -> RisMessages.parse(UPDATE.formatted("").replace("203.0.113.0/24", "203.0.113.7/24")))
        .isInstanceOfSatisfying(RisMessages.Malformed.class, e -> {
          assertThat(e.reason).isEqualTo("malformed");
          assertThat(e.getMessage()).contains("host bits");
        });
    assertThatThrownBy(() -> RisMessages.parse(UPDATE.formatted("").replace("[64497,64498]", "\"x\"")))
        .hasMessageContaining("bad AS number");
    assertThatThrownBy(() -> RisMessages.parse(UPDATE.formatted("").replace("\"peer\":\"192.0.2.1\",", "")))
        .hasMessageContaining("without 'peer'");
    assertThatThrownBy(() -> RisMessages.parse(UPDATE.formatted("").replace("[[3356,2]]", "[[3356]]")))
        .hasMessageContaining("bad community");
  }
}
