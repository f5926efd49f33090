package org.bgpsentry.daemon;

import static org.assertj.core.api.Assertions.assertThat;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.bgpsentry.codec.bmp.BmpCodec;
import org.bgpsentry.codec.bmp.BmpHeader;
import org.bgpsentry.codec.bmp.BmpMessage;
import org.bgpsentry.codec.model.attr.PathAttribute;
import org.bgpsentry.codec.model.nlri.Nlri;
import org.bgpsentry.codec.model.nlri.Prefix;
import org.bgpsentry.codec.wire.DecodeContext;
import org.bgpsentry.daemon.alert.Receiver;
import org.bgpsentry.daemon.kafka.BmpRawTap;
import org.bgpsentry.daemon.kafka.KafkaBroker;
import org.bgpsentry.daemon.kafka.KafkaComponent;
import org.bgpsentry.daemon.kafka.Kcat;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * docs/scaling.md {@code publish_bmp_raw}: a BGP session's Established and route changes appear
 * in {@code <prefix>.bmp_raw}, read with kcat and decoded the way libbgpstream's {@code
 * bs_format_bmp.c} does: the OpenBMP v1.7 header field by field (magic, version, header and
 * message lengths, router flag, object type 12, collector and router fields, row count), then
 * the BMP message it frames; the registered route is found in a Route Monitoring message.
 */
class KafkaBmpRawTest {
  private static final String LOCAL = "127.0.0.91";
  private static final String ORIGIN = "127.0.0.92";
  private static final Prefix ROUTE = Prefix.parse("203.0.113.0/24");
  private static final Duration WAIT = Duration.ofSeconds(60);

  @TempDir Path dir;

  /** One bmp_raw record, parsed as bs_format_bmp.c parses the OpenBMP header. */
  record Parsed(int flags, String adminId, byte[] routerIp, BmpMessage message) {}

  static Parsed parse(byte[] record) {
    ByteBuf in = Unpooled.wrappedBuffer(record);
    try {
      assertThat(in.readCharSequence(4, StandardCharsets.US_ASCII).toString()).isEqualTo("OBMP");
      assertThat(in.readUnsignedByte()).as("major version").isEqualTo((short) 1);
      assertThat(in.readUnsignedByte()).as("minor version").isEqualTo((short) 7);
      int headerLength = in.readUnsignedShort();
      long messageLength = in.readUnsignedInt();
      int flags = in.readUnsignedByte();
      assertThat(flags & 0x80).as("router message flag").isNotZero();
      assertThat(in.readUnsignedByte()).as("object type: BMP raw").isEqualTo((short) 12);
      in.skipBytes(8 + 16); // collector timestamp, collector hash
      String admin = in.readCharSequence(in.readUnsignedShort(), StandardCharsets.UTF_8).toString();
      in.skipBytes(16); // router hash
      byte[] ip = new byte[(flags & 0x40) != 0 ? 16 : 4];
      in.readBytes(ip);
      in.skipBytes(16 - ip.length);
      in.skipBytes(in.readUnsignedShort()); // router group
      assertThat(in.readUnsignedInt()).as("row count").isEqualTo(1);
      assertThat(in.readerIndex()).as("header length").isEqualTo(headerLength);
      assertThat(in.readableBytes()).as("message length").isEqualTo((int) messageLength);
      BmpHeader h = BmpHeader.read(in);
      assertThat(h.length()).isEqualTo((int) messageLength);
      BmpMessage m = BmpCodec.decode(h.type(), in.readSlice(h.length() - 6), p -> DecodeContext.FOUR_OCTET_AS);
      return new Parsed(flags, admin, ip, m);
    } finally {
      in.release();
    }
  }

  @Test
  void routeChangesAreBmpBehindTheOpenBmpHeaderAsBgpStreamReadsThem() throws Exception {
    int bgpPort = DaemonTest.freePort(LOCAL);
    try (KafkaBroker broker = KafkaBroker.start(dir.resolve("broker"))) {
      Files.writeString(dir.resolve("prefixes.yml"), "prefixes:\n  - {prefix: 203.0.113.0/24, origin_asns: [65104]}\n");
      Files.writeString(dir.resolve("bgpsentry.yml"), """
          bgp: {listen: "%s:%d", local_asn: 65000, router_id: 192.0.2.1}
          peers:
            - {name: origin, address: %s, remote_asn: 65104}
          registry: {file: prefixes.yml}
          http: {listen: "127.0.0.1:0"}
          state_dir: state
          kafka: {bootstrap_servers: ["%s"], topic_prefix: raw, publish_bmp_raw: true}
          """.formatted(LOCAL, bgpPort, ORIGIN, broker.bootstrap()));
      Daemon.Loaded loaded = Daemon.load(dir.resolve("bgpsentry.yml"));
      DetectionComponent detection = new DetectionComponent();
      BmpRawTap tap = new BmpRawTap(detection);
      try (Daemon daemon = new Daemon(loaded.config(), loaded.registry(),
          List.of(new KafkaComponent(null), detection, tap, new SessionsComponent(tap)))) {
        daemon.start();
        ApiClient api = new ApiClient(() -> daemon.httpAddress().getPort());
        try (ScriptedPeer origin = new ScriptedPeer(ORIGIN, LOCAL, bgpPort, 65104)) {
          Receiver.await(origin::established, WAIT, "session Established");
          origin.announce(ROUTE, "192.0.2.4", 65104);
          origin.withdraw(ROUTE);
          Receiver.await(() -> api.text("/metrics").contains("bgpsentry_kafka_records_sent_total{topic=\"raw.bmp_raw\"} 3.0"),
              WAIT, "Peer Up, the announcement and the withdrawal acknowledged");
        }
      }
      List<Parsed> got = new ArrayList<>();
      for (Kcat.Message m : Kcat.read(broker.bootstrap(), "raw.bmp_raw")) {
        assertThat(m.key()).as("key: the router").isEqualTo("192.0.2.1");
        got.add(parse(m.value()));
      }
      assertThat(got).hasSizeGreaterThanOrEqualTo(3);
      assertThat(got.getFirst().adminId()).isEqualTo("bgpsentry");
      assertThat(got.getFirst().routerIp()).containsExactly(192, 0, 2, 1);
      BmpMessage.PeerUp up = (BmpMessage.PeerUp) got.get(0).message();
      assertThat(up.peer().address().toString()).isEqualTo(ORIGIN);
      assertThat(up.peer().peerAs()).isEqualTo(65104);
      BmpMessage.RouteMonitoring announce = (BmpMessage.RouteMonitoring) got.get(1).message();
      assertThat(announce.update().update().announced()).containsExactly(Nlri.of(ROUTE));
      assertThat(announce.update().update().attributes().asPath()).isEqualTo(
          new PathAttribute.AsPath(List.of(org.bgpsentry.codec.model.attr.AsPathSegment.sequence(65104))));
      BmpMessage.RouteMonitoring withdraw = (BmpMessage.RouteMonitoring) got.get(2).message();
      assertThat(withdraw.update().update().withdrawn()).containsExactly(Nlri.of(ROUTE));
    }
  }
}
