package org.bgpsentry.codec.bmp;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import org.bgpsentry.codec.model.Open;
import org.bgpsentry.codec.model.cap.Capability;
import org.bgpsentry.codec.model.nlri.Family;
import org.bgpsentry.codec.model.nlri.IpAddress;
import org.junit.jupiter.api.Test;

/**
 * RFC 7911 §4-5 inside BMP: ADD-PATH per direction and family from the Peer Up's OPENs. The sent
 * OPEN is the monitored router's, the received one the peer's.
 */
class BmpPeerContextTest {
  private static final Family V4 = Family.IPV4_UNICAST;
  private static final Family V6 = Family.IPV6_UNICAST;

  static Open open(long asn, Capability.AddPath.Entry... addPath) {
    List<Capability> caps = new ArrayList<>();
    caps.add(new Capability.Multiprotocol(V4));
    caps.add(new Capability.Multiprotocol(V6));
    caps.add(new Capability.FourOctetAs(asn));
    if (addPath.length > 0) {
      caps.add(new Capability.AddPath(List.of(addPath)));
    }
    return Open.of(asn, 90, IpAddress.parse("192.0.2.1"), caps);
  }

  static Capability.AddPath.Entry e(Family f, int sendReceive) {
    return new Capability.AddPath.Entry(f, sendReceive);
  }

  @Test
  void rfc7911_adjRibIn_peerSendsRouterReceives() {
    BmpPeerContext c =
        new BmpPeerContext(
            open(65000, e(V4, Capability.AddPath.RECEIVE)), open(65001, e(V4, Capability.AddPath.SEND)));
    assertThat(c.addPath(Rib.ADJ_RIB_IN_PRE)).containsExactly(V4);
    assertThat(c.addPath(Rib.ADJ_RIB_IN_POST)).containsExactly(V4);
    assertThat(c.addPath(Rib.ADJ_RIB_OUT_PRE)).isEmpty(); // the router does not send paths
  }

  @Test
  void rfc7911_adjRibOut_routerSendsPeerReceives() {
    BmpPeerContext c =
        new BmpPeerContext(
            open(65000, e(V6, Capability.AddPath.SEND)), open(65001, e(V6, Capability.AddPath.RECEIVE)));
    assertThat(c.addPath(Rib.ADJ_RIB_OUT_PRE)).containsExactly(V6);
    assertThat(c.addPath(Rib.ADJ_RIB_IN_PRE)).isEmpty();
  }

  @Test
  void rfc7911_asymmetric_eachFamilyAndDirectionOnItsOwn() {
    // Router: receive v4, send v6. Peer: send v4 and v6, receive v6.
    BmpPeerContext c =
        new BmpPeerContext(
            open(65000, e(V4, Capability.AddPath.RECEIVE), e(V6, Capability.AddPath.SEND)),
            open(65001, e(V4, Capability.AddPath.SEND), e(V6, Capability.AddPath.BOTH)));
    assertThat(c.addPath(Rib.ADJ_RIB_IN_PRE)).containsExactly(V4); // router never said receive v6
    assertThat(c.addPath(Rib.ADJ_RIB_OUT_POST)).containsExactly(V6); // peer never said receive v4
  }

  @Test
  void rfc7911_oneSidedAdvertisementIsNotEnough() {
    BmpPeerContext c = new BmpPeerContext(open(65000), open(65001, e(V4, Capability.AddPath.BOTH)));
    assertThat(c.addPath(Rib.ADJ_RIB_IN_PRE)).isEmpty();
    assertThat(c.addPath(Rib.ADJ_RIB_OUT_PRE)).isEmpty();
  }

  @Test
  void rfc9069_locRibUsesAnyAddPathOfItsFabricatedOpens() {
    BmpPeerContext c = new BmpPeerContext(open(65000, e(V4, Capability.AddPath.BOTH)), open(65000, e(V4, Capability.AddPath.BOTH)));
    assertThat(c.addPath(Rib.LOC_RIB)).containsExactly(V4);
  }

  @Test
  void missingOrHeaderOnlyPeerUp_noAddPath_fourOctetFromTheAFlag() {
    assertThat(BmpPeerContext.NONE.addPath(Rib.ADJ_RIB_IN_PRE)).isEmpty();
    PerPeerHeader fourOctet = header(0, 0);
    PerPeerHeader legacy = header(0, PerPeerHeader.FLAG_A);
    assertThat(BmpPeerContext.NONE.decodeContext(fourOctet).fourOctetAs()).isTrue();
    assertThat(BmpPeerContext.NONE.decodeContext(legacy).fourOctetAs()).isFalse();
    assertThat(BmpPeerContext.NONE.families()).isNull();
    assertThat(BmpPeerContext.NONE.routerAsn()).isEqualTo(-1);
  }

  @Test
  void rfc6793_fourOctetAsNeedsBothOpens() {
    Open twoOctet = Open.of(65001, 90, IpAddress.parse("192.0.2.2"), List.of(new Capability.Multiprotocol(V4)));
    BmpPeerContext c = new BmpPeerContext(open(65000), twoOctet);
    assertThat(c.decodeContext(header(0, 0)).fourOctetAs()).isFalse();
    assertThat(c.families()).containsExactly(V4);
    assertThat(c.routerAsn()).isEqualTo(65000);
  }

  static PerPeerHeader header(int type, int flags) {
    return new PerPeerHeader(
        new PeerType(type), flags, 0, IpAddress.parse("192.0.2.1"), 65001,
        IpAddress.parse("192.0.2.1"), 0, 0);
  }
}
