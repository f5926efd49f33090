package org.bgpsentry.codec.wire;

import static org.assertj.core.api.Assertions.assertThat;
import static org.bgpsentry.codec.testing.Hex.hex;
import static org.bgpsentry.codec.testing.Hex.toHex;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import java.util.List;
import org.bgpsentry.codec.error.ErrorAction;
import org.bgpsentry.codec.error.UpdateResult;
import org.bgpsentry.codec.model.attr.AsPathSegment;
import org.bgpsentry.codec.model.attr.OriginType;
import org.bgpsentry.codec.model.nlri.IpAddress;
import org.bgpsentry.codec.model.nlri.Nlri;
import org.bgpsentry.codec.model.nlri.Prefix;
import org.junit.jupiter.api.Test;

class UpdateCodecTest {
  @Test
  void rfc4271_4_3_ipv4UpdateDecodesAndReencodesByteExact() {
    ByteBuf body =
        hex(
            "0000", //                   Withdrawn Routes Length 0
            "0012", //                   Total Path Attribute Length 18
            "40 01 01 00", //            ORIGIN IGP
            "40 02 04 02 01 fbf0", //    AS_PATH SEQUENCE [64496] (2-octet)
            "40 03 04 c0000201", //      NEXT_HOP 192.0.2.1
            "18 c63364"); //             NLRI 198.51.100.0/24
    String wire = toHex(body);
    UpdateResult r = UpdateCodec.decode(body, DecodeContext.DEFAULT);
    body.release();

    assertThat(r.action()).isEqualTo(ErrorAction.NONE);
    assertThat(r.issues()).isEmpty();
    assertThat(r.update().attributes().origin()).isEqualTo(OriginType.IGP);
    assertThat(r.update().attributes().asPath().segments())
        .containsExactly(AsPathSegment.sequence(64496));
    assertThat(r.update().attributes().nextHop().address()).isEqualTo(IpAddress.parse("192.0.2.1"));
    assertThat(r.update().announced()).containsExactly(Nlri.of(Prefix.parse("198.51.100.0/24")));

    ByteBuf out = Unpooled.buffer();
    UpdateCodec.encode(r.update(), DecodeContext.DEFAULT, out);
    assertThat(toHex(out)).isEqualTo(wire);
    out.release();
    assertThat(List.of()).isEmpty();
  }
}
