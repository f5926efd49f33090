package org.bgpsentry.daemon.bmp;

import static org.assertj.core.api.Assertions.assertThat;

import org.bgpsentry.codec.bmp.PeerType;
import org.bgpsentry.codec.bmp.PerPeerHeader;
import org.bgpsentry.codec.model.nlri.IpAddress;
import org.bgpsentry.daemon.config.BmpConfig;
import org.junit.jupiter.api.Test;

/**
 * The names of a router's monitored peers (docs/operators-guide.md "Monitoring routers with BMP"):
 * {@code <router>:<peer address>[:<peer distinguisher>]}, {@code <router>:loc-rib[:<table name>]}.
 */
class BmpRouterNamesTest {
  static final BmpRouter EDGE1 =
      new BmpRouter(new BmpConfig.Router("edge1", IpAddress.parse("192.0.2.11"), 0, null, false), null, null);

  static PerPeerHeader header(PeerType type, long distinguisher, String address) {
    int flags = address.contains(":") ? PerPeerHeader.FLAG_V : 0;
    return new PerPeerHeader(
        type, flags, distinguisher, IpAddress.parse(address), 64500, IpAddress.parse("192.0.2.1"), 0, 0);
  }

  @Test
  void rfc7854_4_2_globalInstancePeersAreNamedByTheirAddress() {
    assertThat(EDGE1.peerName(header(PeerType.GLOBAL_INSTANCE, 0, "192.0.2.1"), null))
        .isEqualTo("edge1:192.0.2.1");
    assertThat(EDGE1.peerName(header(PeerType.GLOBAL_INSTANCE, 0, "2001:db8::1"), null))
        .isEqualTo("edge1:2001:db8::1");
  }

  @Test
  void rfc7854_4_2_aNonZeroPeerDistinguisherIsAppendedAsARouteDistinguisher_rfc4364_4_2() {
    // type 0: 2-octet AS 65000, number 100
    assertThat(EDGE1.peerName(header(PeerType.RD_INSTANCE, 0x0000_fde8_0000_0064L, "192.0.2.1"), null))
        .isEqualTo("edge1:192.0.2.1:65000:100");
    // type 1: IPv4 address 192.0.2.1, number 7
    assertThat(EDGE1.peerName(header(PeerType.RD_INSTANCE, 0x0001_c000_0201_0007L, "192.0.2.1"), null))
        .isEqualTo("edge1:192.0.2.1:192.0.2.1:7");
    // type 2: 4-octet AS 4200000000, number 9
    assertThat(EDGE1.peerName(header(PeerType.RD_INSTANCE, 0x0002_fa56_ea00_0009L, "192.0.2.1"), null))
        .isEqualTo("edge1:192.0.2.1:4200000000:9");
  }

  @Test
  void rfc9069_4_1_theLocRibIsNamedLocRibWithItsTableNameFromPeerUp() {
    assertThat(EDGE1.peerName(header(PeerType.LOC_RIB_INSTANCE, 0, "0.0.0.0"), null))
        .isEqualTo("edge1:loc-rib");
    assertThat(EDGE1.peerName(header(PeerType.LOC_RIB_INSTANCE, 0, "0.0.0.0"), "")).isEqualTo("edge1:loc-rib");
    assertThat(EDGE1.peerName(header(PeerType.LOC_RIB_INSTANCE, 0x0000_fde8_0000_0064L, "0.0.0.0"), "blue"))
        .isEqualTo("edge1:loc-rib:blue");
  }
}
