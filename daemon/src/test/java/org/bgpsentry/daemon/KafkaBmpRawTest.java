package org.bgpsentry.daemon;

import static org.assertj.core.api.Assertions.assertThat;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.bgpsentry.codec.bmp.BmpCodec;
import org.bgpsentry.codec.bmp.BmpMessage;
import org.bgpsentry.codec.bmp.PeerType;
import org.bgpsentry.codec.bmp.PerPeerHeader;
import org.bgpsentry.codec.error.NotificationError;
import org.bgpsentry.codec.model.Notification;
import org.bgpsentry.codec.model.OpaqueBytes;
import org.bgpsentry.codec.model.Update;
import org.bgpsentry.codec.model.attr.AsPathSegment;
import org.bgpsentry.codec.model.attr.PathAttribute;
import org.bgpsentry.codec.model.nlri.IpAddress;
import org.bgpsentry.codec.model.nlri.Nlri;
import org.bgpsentry.codec.model.nlri.Prefix;
import org.bgpsentry.codec.wire.DecodeContext;
import org.bgpsentry.daemon.alert.Receiver;
import org.bgpsentry.daemon.kafka.BmpRawTap;
import org.bgpsentry.daemon.kafka.KafkaBroker;
import org.bgpsentry.daemon.kafka.KafkaComponent;
import org.bgpsentry.daemon.kafka.Kcat;
import org.bgpsentry.daemon.kafka.OpenBmpRecord;
import org.bgpsentry.daemon.kafka.TopicGate;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * docs/scaling.md {@code publish_bmp_raw}: every message the sources receive appears in {@code
 * <prefix>.bmp_raw}, registered prefix or not, read with kcat and decoded the way libbgpstream's
 * {@code bs_format_bmp.c} does: the OpenBMP v1.7 header field by field (magic, version, header and
 * message lengths, router flag, object type 12, collector and router fields, row count), then the
 * BMP message it frames. A BGP session gives Peer Up with the OPENs exchanged, a Route Monitoring
 * per UPDATE and a Peer Down with the NOTIFICATION received; a BMP router's messages come out
 * octet for octet as it sent them; a burst far beyond the backlog's watermark pauses the session
 * and loses nothing.
 */
class KafkaBmpRawTest {
  private static final String LOCAL = "127.0.0.91";
  private static final String ORIGIN = "127.0.0.92";
  private static final String ROUTER = "127.0.0.94";
  private static final Prefix ROUTE = Prefix.parse("203.0.113.0/24");
  private static final Prefix OUTSIDE = Prefix.parse("198.51.100.0/24");
  private static final Duration WAIT = Duration.ofSeconds(60);

  @TempDir static Path shared;
  static KafkaBroker broker;

  @TempDir Path dir;

  @BeforeAll
  static void broker() throws Exception {
    broker = KafkaBroker.start(shared.resolve("broker"));
  }

  @AfterAll
  static void stop() throws Exception {
    if (broker != null) {
      broker.close();
    }
  }

  /** The topic as kcat reads it: every record's key is {@code key}. */
  private static List<OpenBmpRecord> topic(String topic, String key) throws Exception {
    List<OpenBmpRecord> got = new ArrayList<>();
    for (Kcat.Message m : Kcat.read(broker.bootstrap(), topic)) {
      assertThat(m.key()).as("key: the router").isEqualTo(key);
      got.add(OpenBmpRecord.parse(m.value()));
    }
    return got;
  }

  private void config(String prefix, String extra) throws Exception {
    Files.writeString(dir.resolve("prefixes.yml"), "prefixes:\n  - {prefix: 203.0.113.0/24, origin_asns: [65104]}\n");
    Files.writeString(dir.resolve("bgpsentry.yml"), """
        registry: {file: prefixes.yml}
        http: {listen: "127.0.0.1:0"}
        state_dir: state
        kafka: {bootstrap_servers: ["%s"], topic_prefix: %s, publish_bmp_raw: true}
        """.formatted(broker.bootstrap(), prefix) + extra);
  }

  private static String sent(ApiClient api, String topic) {
    return value(api, "bgpsentry_kafka_records_sent_total{topic=\"" + topic + "\"} ");
  }

  /** The value of the series whose line starts with {@code line}, or "". */
  private static String value(ApiClient api, String line) {
    for (String l : api.text("/metrics").split("\n")) {
      if (l.startsWith(line)) {
        return l.substring(line.length());
      }
    }
    return "";
  }

  @Test
  void aBgpSessionGivesPeerUpWithItsOpensEveryUpdateAndPeerDownWithTheNotification() throws Exception {
    int bgpPort = DaemonTest.freePort(LOCAL);
    config("raw", """
        bgp: {listen: "%s:%d", local_asn: 65000, router_id: 192.0.2.1}
        peers:
          - {name: origin, address: %s, remote_asn: 65104}
        """.formatted(LOCAL, bgpPort, ORIGIN));
    Daemon.Loaded loaded = Daemon.load(dir.resolve("bgpsentry.yml"));
    try (Daemon daemon = KafkaDaemons.daemon(loaded)) {
      daemon.start();
      ApiClient api = new ApiClient(() -> daemon.httpAddress().getPort());
      try (ScriptedPeer origin = new ScriptedPeer(ORIGIN, LOCAL, bgpPort, 65104)) {
        Receiver.await(origin::established, WAIT, "session Established");
        origin.announce(ROUTE, "192.0.2.4", 65104);
        origin.announce(OUTSIDE, "192.0.2.4", 65104, 64999);
        origin.withdraw(OUTSIDE);
        origin.send(Notification.shutdown(NotificationError.ADMINISTRATIVE_SHUTDOWN, "bye"));
        Receiver.await(() -> sent(api, "raw.bmp_raw").equals("5.0"), WAIT,
            "Peer Up, three Route Monitorings and Peer Down acknowledged");
      }
    }
    List<OpenBmpRecord> got = topic("raw.bmp_raw", "192.0.2.1");
    assertThat(got).hasSize(5);
    assertThat(got.getFirst().adminId()).isEqualTo("bgpsentry");
    assertThat(got.getFirst().routerIp()).containsExactly(192, 0, 2, 1);

    BmpMessage.PeerUp up = (BmpMessage.PeerUp) got.get(0).message();
    assertThat(up.peer().address().toString()).isEqualTo(ORIGIN);
    assertThat(up.peer().peerAs()).isEqualTo(65104);
    assertThat(up.peer().bgpId()).as("the peer's BGP Identifier, from its OPEN").isEqualTo(IpAddress.parse(ORIGIN));
    assertThat(up.peer().flags() & PerPeerHeader.FLAG_A).as("4-octet ASNs negotiated").isZero();
    assertThat(up.localAddress()).isEqualTo(IpAddress.parse(LOCAL));
    assertThat(up.localPort()).isEqualTo(bgpPort);
    assertThat(up.sentOpen().asn()).isEqualTo(65000);
    assertThat(up.sentOpen().bgpIdentifier()).isEqualTo(IpAddress.parse("192.0.2.1"));
    assertThat(up.receivedOpen().asn()).isEqualTo(65104);
    assertThat(up.receivedOpen().bgpIdentifier()).isEqualTo(IpAddress.parse(ORIGIN));

    Update registered = ((BmpMessage.RouteMonitoring) got.get(1).message()).update().update();
    assertThat(registered.announced()).containsExactly(Nlri.of(ROUTE));
    assertThat(registered.attributes().asPath())
        .isEqualTo(new PathAttribute.AsPath(List.of(AsPathSegment.sequence(65104))));
    Update outside = ((BmpMessage.RouteMonitoring) got.get(2).message()).update().update();
    assertThat(outside.announced()).as("a route outside the registry").containsExactly(Nlri.of(OUTSIDE));
    assertThat(outside.attributes().asPath())
        .isEqualTo(new PathAttribute.AsPath(List.of(AsPathSegment.sequence(65104, 64999))));
    assertThat(((BmpMessage.RouteMonitoring) got.get(3).message()).update().update().withdrawn())
        .containsExactly(Nlri.of(OUTSIDE));

    BmpMessage.PeerDown down = (BmpMessage.PeerDown) got.get(4).message();
    assertThat(down.reason()).as("RFC 7854 §4.9: remote closed with a NOTIFICATION")
        .isEqualTo(BmpMessage.PeerDown.REMOTE_NOTIFICATION);
    assertThat(down.notification().code()).isEqualTo(NotificationError.ADMINISTRATIVE_SHUTDOWN.code());
    assertThat(down.notification().subcode()).isEqualTo(NotificationError.ADMINISTRATIVE_SHUTDOWN.subcode());
    assertThat(down.peer().address().toString()).isEqualTo(ORIGIN);
  }

  @Test
  void aBmpRoutersMessagesArePublishedAsItSentThemUnderItsAddress() throws Exception {
    int bmpPort = DaemonTest.freePort(BmpStationTest.HOST);
    config("routers", """
        bmp:
          listen: "%s:%d"
          routers:
            - {name: r1, address: %s}
        """.formatted(BmpStationTest.HOST, bmpPort, ROUTER));
    Daemon.Loaded loaded = Daemon.load(dir.resolve("bgpsentry.yml"));
    PerPeerHeader peer = BmpStationTest.peer(0);
    List<BmpMessage> messages = List.of(
        BmpStationTest.initiation("r1"),
        BmpStationTest.peerUp(),
        BmpStationTest.announce(0, "203.0.113.0/24", BmpStationTest.NEIGHBOUR_AS),
        BmpStationTest.announce(0, "198.51.100.0/24", BmpStationTest.NEIGHBOUR_AS, 64999),
        BmpStationTest.withdraw("198.51.100.0/24"),
        new BmpMessage.PeerDown(peer, BmpMessage.PeerDown.REMOTE_NO_DATA, null, -1, List.of(), OpaqueBytes.EMPTY));
    try (Daemon daemon = KafkaDaemons.daemon(loaded)) {
      daemon.start();
      ApiClient api = new ApiClient(() -> daemon.httpAddress().getPort());
      try (BmpStationTest.Router r = new BmpStationTest.Router(ROUTER, bmpPort)) {
        r.send(messages.toArray(BmpMessage[]::new));
        Receiver.await(() -> sent(api, "routers.bmp_raw").equals("6.0"), WAIT, "the router's six messages acknowledged");
      }
    }
    List<OpenBmpRecord> got = topic("routers.bmp_raw", ROUTER);
    assertThat(got).hasSize(6);
    for (int i = 0; i < messages.size(); i++) {
      ByteBuf b = Unpooled.buffer();
      BmpCodec.encode(messages.get(i), h -> DecodeContext.FOUR_OCTET_AS, b);
      byte[] expected = new byte[b.readableBytes()];
      b.readBytes(expected);
      b.release();
      assertThat(got.get(i).bmp()).as("message %d octet for octet", i).isEqualTo(expected);
      assertThat(got.get(i).routerIp()).as("the router's address").containsExactly(127, 0, 0, 94);
    }
    assertThat(got.get(1).message()).isInstanceOf(BmpMessage.PeerUp.class);
    assertThat(((BmpMessage.RouteMonitoring) got.get(3).message()).update().update().announced())
        .as("a route outside the registry").containsExactly(Nlri.of(OUTSIDE));
    assertThat(((BmpMessage.PeerDown) got.get(5).message()).peer().peerType()).isEqualTo(PeerType.GLOBAL_INSTANCE);
  }

  /**
   * The broker stops once the Peer Up is in; the producer may hold 64 KiB ({@code buffer.memory}),
   * then its sends wait, the backlog passes its watermark and the session stops reading; the broker
   * back, every UPDATE of the burst is in the topic, in order, and the peer's Cease the Peer Down
   * after them.
   */
  @Test
  void aBurstWhileTheBrokerIsAwayPausesTheSessionAndLosesNothing() throws Exception {
    int bgpPort = DaemonTest.freePort(LOCAL);
    Files.writeString(dir.resolve("prefixes.yml"), "prefixes:\n  - {prefix: 203.0.113.0/24, origin_asns: [65104]}\n");
    Files.writeString(dir.resolve("bgpsentry.yml"), """
        registry: {file: prefixes.yml}
        http: {listen: "127.0.0.1:0"}
        state_dir: state
        kafka:
          bootstrap_servers: ["%s"]
          topic_prefix: burst
          publish_bmp_raw: true
          client: {buffer.memory: "65536", compression.type: "none"}
        bgp: {listen: "%s:%d", local_asn: 65000, router_id: 192.0.2.1}
        peers:
          - {name: origin, address: %s, remote_asn: 65104}
        """.formatted(broker.bootstrap(), LOCAL, bgpPort, ORIGIN));
    // Uncompressed, the burst (about 1 MB of records) cannot fit the producer's 64 KiB buffer and
    // the tap's 16 KiB backlog whatever the timing: the session must pause.
    int n = 5_000;
    List<Update> burst = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      burst.add(ScriptedPeer.announcement(Prefix.parse("10." + (i >> 8) + "." + (i & 0xff) + ".0/24"), "192.0.2.4",
          65104, 64999));
    }
    Daemon.Loaded loaded = Daemon.load(dir.resolve("bgpsentry.yml"));
    DetectionComponent detection = new DetectionComponent();
    TopicGate gate = new TopicGate();
    BmpRawTap tap = new BmpRawTap(gate, 16_384, 4_096); // a hundred or so UPDATEs
    try (Daemon daemon = new Daemon(loaded.config(), loaded.registry(),
        List.of(new KafkaComponent(gate, null), detection, tap, new SessionsComponent(detection, tap)))) {
      daemon.start();
      ApiClient api = new ApiClient(() -> daemon.httpAddress().getPort());
      assertThat(api.text("/metrics")).contains("bgpsentry_kafka_bmp_raw_backlog_bytes 0.0")
          .contains("bgpsentry_kafka_bmp_raw_pauses_total 0.0");
      try (ScriptedPeer origin = new ScriptedPeer(ORIGIN, LOCAL, bgpPort, 65104)) {
        Receiver.await(origin::established, WAIT, "session Established");
        Receiver.await(() -> sent(api, "burst.bmp_raw").equals("1.0"), WAIT, "Peer Up acknowledged");
        broker.stop();
        try {
          origin.sendAll(burst);
          Receiver.await(() -> Double.parseDouble(value(api, "bgpsentry_kafka_bmp_raw_pauses_total ")) >= 1, WAIT,
              "the backlog paused the session");
          assertThat(api.text("/metrics")).doesNotContain("bgpsentry_kafka_bmp_raw_backlog_bytes 0.0");
        } finally {
          broker.restart();
        }
        Receiver.await(() -> sent(api, "burst.bmp_raw").equals((n + 1) + ".0"), Duration.ofSeconds(180),
            "Peer Up and every UPDATE acknowledged");
        assertThat(api.text("/metrics")).contains("bgpsentry_kafka_bmp_raw_backlog_bytes 0.0");
        origin.send(Notification.shutdown(NotificationError.ADMINISTRATIVE_SHUTDOWN, "done"));
        Receiver.await(() -> sent(api, "burst.bmp_raw").equals((n + 2) + ".0"), WAIT, "the Peer Down acknowledged");
      }
    }
    List<OpenBmpRecord> got = topic("burst.bmp_raw", "192.0.2.1");
    assertThat(got).as("Peer Up, the burst, Peer Down").hasSize(n + 2);
    BmpMessage.PeerDown down = (BmpMessage.PeerDown) got.getLast().message();
    assertThat(down.reason()).as("RFC 7854 §4.9: closed by the peer with a NOTIFICATION")
        .isEqualTo(BmpMessage.PeerDown.REMOTE_NOTIFICATION);
    assertThat(down.notification().subcode()).isEqualTo(NotificationError.ADMINISTRATIVE_SHUTDOWN.subcode());
    for (int i = 0; i < n; i++) {
      assertThat(((BmpMessage.RouteMonitoring) got.get(i + 1).message()).update().update().announced())
          .as("UPDATE %d in order", i).containsExactly(burst.get(i).announced().getFirst());
    }
  }
}
