package org.bgpsentry.codec.bmp;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.bgpsentry.codec.error.ErrorAction;
import org.bgpsentry.codec.model.attr.AsPathSegment;
import org.bgpsentry.codec.model.nlri.Family;
import org.bgpsentry.codec.model.nlri.Nlri;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * docs/contributing.md R13 (a): every BMP fixture decodes and re-encodes to the same bytes, and what we decode
 * is what Wireshark decoded (the {@code # tshark frame} lines: message type, peer, AS_PATH,
 * prefixes).
 */
class BmpGoldenTest {
  private static final Pattern FRAME = Pattern.compile("^# tshark frame \\d+: ([^;(]+)(.*)$");

  static Stream<Path> files() {
    return BmpFixtures.files().stream();
  }

  @ParameterizedTest
  @MethodSource("files")
  void roundTripsAndAgreesWithWireshark(Path file) throws Exception {
    List<String> frames =
        Files.readAllLines(file).stream().filter(l -> l.startsWith("# tshark frame")).toList();
    List<BmpFixtures.Message> messages = BmpFixtures.read(file);
    assertThat(messages).hasSameSizeAs(frames);
    BmpFixtures.Session session = new BmpFixtures.Session();
    for (int i = 0; i < messages.size(); i++) {
      byte[] bytes = messages.get(i).bytes();
      BmpMessage m = session.decode(bytes);
      assertThat(HexFormat.of().formatHex(session.encode(m)))
          .as("%s re-encoded", messages.get(i))
          .isEqualTo(HexFormat.of().formatHex(bytes));
      Matcher f = FRAME.matcher(frames.get(i));
      assertThat(f.matches()).isTrue();
      assertThat(name(m)).as("%s type", messages.get(i)).isEqualTo(f.group(1).trim());
      if (m instanceof BmpMessage.RouteMonitoring rm) {
        assertThat(rm.update().action()).isEqualTo(ErrorAction.NONE);
        assertThat(addresses(rm, Family.IPV4_UNICAST)).isEqualTo(field(f.group(2), "NLRI"));
        assertThat(addresses(rm, Family.IPV6_UNICAST)).isEqualTo(field(f.group(2), "MP NLRI"));
        assertThat(asPath(rm)).isEqualTo(field(f.group(2), "AS_PATH"));
      }
    }
  }

  @Test
  void addPathFixtureCarriesPathIdsOnlyWithThePeerUpContext() {
    Path file = fixture("blaster-addpath.hex");
    BmpFixtures.Session session = new BmpFixtures.Session();
    List<Nlri> withPeerUp = new ArrayList<>();
    for (BmpFixtures.Message m : BmpFixtures.read(file)) {
      if (session.decode(m.bytes()) instanceof BmpMessage.RouteMonitoring rm) {
        rm.update().update().allAnnounced().values().forEach(withPeerUp::addAll);
      }
    }
    assertThat(withPeerUp).hasSize(9).allSatisfy(n -> assertThat(n.pathId()).isEqualTo(1));

    // The same Route Monitoring messages without their Peer Up: read as plain NLRI they are garbage.
    BmpFixtures.Session blind = new BmpFixtures.Session();
    int broken = 0;
    for (BmpFixtures.Message m : BmpFixtures.read(file)) {
      if (m.bytes()[5] == 0
          && blind.decode(m.bytes()) instanceof BmpMessage.RouteMonitoring rm
          && rm.update().action() != ErrorAction.NONE) {
        broken++;
      }
    }
    assertThat(broken).isPositive();
  }

  @Test
  void locRibFixtureIsPeerType3WithTableName() {
    BmpFixtures.Session session = new BmpFixtures.Session();
    List<BmpMessage> all =
        BmpFixtures.read(fixture("blaster-locrib.hex")).stream()
            .map(m -> session.decode(m.bytes()))
            .toList();
    BmpMessage.PeerUp up = (BmpMessage.PeerUp) all.get(1);
    assertThat(up.peer().rib()).isEqualTo(Rib.LOC_RIB);
    assertThat(up.tableName()).isEqualTo("global");
    BmpMessage.PeerDown down =
        all.stream().filter(BmpMessage.PeerDown.class::isInstance).map(BmpMessage.PeerDown.class::cast).findFirst().orElseThrow();
    assertThat(down.reason()).isEqualTo(BmpMessage.PeerDown.LOCAL_SYSTEM_CLOSED_TLV);
    assertThat(InformationTlv.find(down.tlvs(), InformationTlv.VRF_TABLE_NAME)).isEqualTo("global");
  }

  @Test
  void postPolicyFixtureIsAdjRibInPost() {
    BmpFixtures.Session session = new BmpFixtures.Session();
    assertThat(
            BmpFixtures.read(fixture("blaster-post.hex")).stream()
                .map(m -> session.decode(m.bytes()))
                .filter(BmpMessage.RouteMonitoring.class::isInstance)
                .map(m -> ((BmpMessage.RouteMonitoring) m).peer().rib())
                .distinct())
        .containsExactly(Rib.ADJ_RIB_IN_POST);
  }

  @Test
  void frr_8_4_4_headerOnlyOpensInThePeerUpOfARunningSession() {
    BmpFixtures.Session session = new BmpFixtures.Session();
    List<BmpMessage> all =
        BmpFixtures.read(fixture("frr-8.4.4-header-only-open.hex")).stream()
            .map(m -> session.decode(m.bytes()))
            .toList();
    BmpMessage.PeerUp up = (BmpMessage.PeerUp) all.get(1);
    assertThat(up.sentOpen()).isNull();
    assertThat(up.receivedOpen()).isNull();
    assertThat(BmpPeerContext.of(up).complete()).isFalse();
    BmpMessage.RouteMonitoring rm = (BmpMessage.RouteMonitoring) all.get(2);
    assertThat(rm.update().action()).isEqualTo(ErrorAction.NONE);
    assertThat(asPath(rm)).isEqualTo("65100,174,3333"); // FRR's own AS prepended
  }

  @Test
  void frr_8_4_4_statisticsAndRepeatedPeerDown() {
    BmpFixtures.Session session = new BmpFixtures.Session();
    List<BmpMessage> all =
        BmpFixtures.read(fixture("frr-8.4.4-prepost.hex")).stream()
            .map(m -> session.decode(m.bytes()))
            .toList();
    BmpMessage.StatisticsReport stats =
        all.stream().filter(BmpMessage.StatisticsReport.class::isInstance)
            .map(BmpMessage.StatisticsReport.class::cast).findFirst().orElseThrow();
    assertThat(stats.stats()).extracting(Statistic::type).containsExactly(0, 4, 5, 3, 2, 11, 65531);
    assertThat(stats.stats().stream().filter(st -> st.type() < 12)).allMatch(Statistic::numeric);
    assertThat(all.stream().filter(BmpMessage.PeerDown.class::isInstance).count()).isEqualTo(4);
    assertThat(((BmpMessage.PeerUp) all.get(1)).sentOpen().asn()).isEqualTo(65100);
  }

  @Test
  void gobgp_3_10_locRibWithoutPeerUp() {
    BmpFixtures.Session session = new BmpFixtures.Session();
    List<BmpMessage> all =
        BmpFixtures.read(fixture("gobgp-3.10-loc-rib.hex")).stream()
            .map(m -> session.decode(m.bytes()))
            .toList();
    assertThat(all).noneMatch(BmpMessage.PeerUp.class::isInstance);
    BmpMessage.RouteMonitoring rm = (BmpMessage.RouteMonitoring) all.get(1);
    assertThat(rm.peer().rib()).isEqualTo(Rib.LOC_RIB);
    assertThat(rm.peer().peerAs()).isEqualTo(65200);
    assertThat(addresses(rm, Family.IPV4_UNICAST)).isEqualTo("203.0.113.0");
    assertThat(((BmpMessage.Initiation) all.get(0)).sysName()).isEqualTo("GoBGP");
  }

  static Path fixture(String name) {
    return BmpFixtures.files().stream()
        .filter(p -> p.getFileName().toString().equals(name))
        .findFirst()
        .orElseThrow();
  }

  private static String name(BmpMessage m) {
    return switch (m) {
      case BmpMessage.Initiation i -> "Initiation";
      case BmpMessage.Termination t -> "Termination";
      case BmpMessage.PeerUp p -> "Peer Up";
      case BmpMessage.PeerDown p -> "Peer Down";
      case BmpMessage.RouteMonitoring r -> "Route Monitoring";
      case BmpMessage.StatisticsReport s -> "Statistics Report";
      case BmpMessage.RouteMirroring r -> "Route Mirroring";
    };
  }

  private static String addresses(BmpMessage.RouteMonitoring rm, Family f) {
    List<Nlri> n = rm.update().update().allAnnounced().getOrDefault(f, List.of());
    return String.join(",", n.stream().map(x -> x.prefix().address()).toList());
  }

  private static String asPath(BmpMessage.RouteMonitoring rm) {
    if (rm.update().update().attributes().asPath() == null) {
      return "";
    }
    List<String> out = new ArrayList<>();
    for (AsPathSegment s : rm.update().update().attributes().asPath().segments()) {
      for (long a : s.asns()) {
        out.add(Long.toString(a));
      }
    }
    return String.join(",", out);
  }

  /** The value after {@code "; label "} in a frame line, or "". */
  private static String field(String rest, String label) {
    for (String part : rest.split(";")) {
      String p = part.trim();
      if (p.startsWith(label + " ")) {
        return p.substring(label.length() + 1).replaceAll("\\s*\\(\\d+ octets\\)$", "");
      }
    }
    return "";
  }
}
