package org.bgpsentry.daemon.session;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.bgpsentry.codec.bmp.BmpMessage;
import org.bgpsentry.codec.model.nlri.IpAddress;
import org.bgpsentry.codec.model.nlri.Nlri;
import org.bgpsentry.codec.model.nlri.Prefix;
import org.bgpsentry.daemon.Daemon;
import org.bgpsentry.daemon.DetectionComponent;
import org.bgpsentry.daemon.bmp.BmpComponent;
import org.bgpsentry.daemon.kafka.BmpRawTap;
import org.bgpsentry.daemon.kafka.KafkaBroker;
import org.bgpsentry.daemon.kafka.KafkaComponent;
import org.bgpsentry.daemon.kafka.Kcat;
import org.bgpsentry.daemon.kafka.OpenBmpRecord;
import org.bgpsentry.daemon.kafka.TopicGate;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * docs/scaling.md "The bmp_raw topic" with a real router: GoBGP 3.10 sends BMP from {@code ::1}
 * (an IPv6 router: the header's 0x40 flag and a 16-octet router IP) about its ExaBGP neighbour,
 * whose route lies outside the registry. Read with kcat and decoded as libbgpstream does, the
 * topic holds exactly as many records as BMP messages the station received (every message, none
 * filtered), among them the Initiation, the neighbour's Peer Up, the route and, once the
 * neighbour is gone, its Peer Down.
 */
class BmpRawInteropTest {
  static final String GOBGP = "127.0.0.112";
  static final String NEIGHBOUR = "127.0.0.113";
  static final Duration WAIT = Duration.ofSeconds(60);
  static final Prefix OUTSIDE = Prefix.parse("198.51.100.0/24");

  @TempDir Path dir;
  private final HttpClient http = HttpClient.newHttpClient();

  private double sum(Daemon d, String prefix) {
    try {
      String body = http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + d.httpAddress().getPort()
          + "/metrics")).build(), HttpResponse.BodyHandlers.ofString()).body();
      return body.lines().filter(l -> l.startsWith(prefix))
          .mapToDouble(l -> Double.parseDouble(l.substring(l.lastIndexOf(' ') + 1))).sum();
    } catch (Exception e) {
      return -1;
    }
  }

  @Test
  void gobgpOverIpv6EveryMessageWithTheRoutersAddress() throws Exception {
    ExternalDaemon.require("exabgp", "exabgp");
    ExternalDaemon.require("gobgpd", "gobgpd");
    int bmpPort = Loopback.freePort("::1");
    int bgpPort = Loopback.freePort(GOBGP);
    try (KafkaBroker broker = KafkaBroker.start(dir.resolve("broker"))) {
      Files.writeString(dir.resolve("prefixes.yml"), "prefixes:\n  - {prefix: 203.0.113.0/24, origin_asns: [3333]}\n");
      Files.writeString(dir.resolve("bgpsentry.yml"), """
          bmp:
            listen: "[::1]:%d"
            routers:
              - {name: r2, address: "::1"}
          registry: {file: prefixes.yml}
          http: {listen: "127.0.0.1:0"}
          state_dir: state
          kafka: {bootstrap_servers: ["%s"], topic_prefix: interop, publish_bmp_raw: true}
          """.formatted(bmpPort, broker.bootstrap()));
      Daemon.Loaded loaded = Daemon.load(dir.resolve("bgpsentry.yml"));
      DetectionComponent detection = new DetectionComponent();
      TopicGate gate = new TopicGate();
      BmpRawTap tap = new BmpRawTap(gate);
      String sent = "bgpsentry_kafka_records_sent_total{topic=\"interop.bmp_raw\"}";
      String received = "bgpsentry_bmp_messages_received_total{";
      Gobgp g = null;
      try (Daemon daemon = new Daemon(loaded.config(), loaded.registry(),
          List.of(new KafkaComponent(gate, null), detection, tap, new BmpComponent(detection, tap)))) {
        daemon.start();
        g = Gobgp.start(dir, GOBGP, 65200, bgpPort, NEIGHBOUR, 174, """
            [[bmp-servers]]
              [bmp-servers.config]
                address = "::1"
                port = %d
                route-monitoring-policy = "pre-policy"
            """.formatted(bmpPort));
        Gobgp router = g;
        Path exaDir = Files.createDirectories(dir.resolve("exabgp"));
        try (Exabgp exa = Exabgp.start(exaDir, NEIGHBOUR, 174, GOBGP, 65200, bgpPort, "ipv4 unicast;",
            "    route 198.51.100.0/24 next-hop 192.0.2.113 as-path [174 3333];\n")) {
          ExternalDaemon.await(() -> "the neighbour's route published: " + router.log(), WAIT,
              () -> sum(daemon, sent) >= 3 && sum(daemon, "bgpsentry_bmp_routes{") > 0);
        }
        ExternalDaemon.await(() -> "every message received is published (after the Peer Down): "
            + sum(daemon, sent) + " of " + sum(daemon, received), WAIT,
            () -> sum(daemon, "bgpsentry_bmp_messages_received_total{router=\"r2\",type=\"peer_down\"}") >= 1
                && sum(daemon, sent) == sum(daemon, received));
      } finally {
        if (g != null) {
          g.close();
        }
      }
      List<OpenBmpRecord> got = new ArrayList<>();
      for (Kcat.Message m : Kcat.read(broker.bootstrap(), "interop.bmp_raw")) {
        assertThat(m.key()).as("key: the router's address").isEqualTo("::1");
        got.add(OpenBmpRecord.parse(m.value()));
      }
      assertThat(got).allSatisfy(r -> {
        assertThat(r.flags() & 0x40).as("IPv6 router").isNotZero();
        assertThat(r.routerIp()).isEqualTo(IpAddress.parse("::1").bytes());
      });
      assertThat(got.getFirst().message()).as("RFC 7854 §4.3: first the Initiation").isInstanceOf(BmpMessage.Initiation.class);
      assertThat(got).anySatisfy(r -> assertThat(r.message()).isInstanceOfSatisfying(BmpMessage.PeerUp.class,
          up -> assertThat(up.peer().address()).isEqualTo(IpAddress.parse(NEIGHBOUR))));
      assertThat(got).as("the route outside the registry").anySatisfy(r -> assertThat(r.message())
          .isInstanceOfSatisfying(BmpMessage.RouteMonitoring.class,
              rm -> assertThat(rm.update().update().announced()).contains(Nlri.of(OUTSIDE))));
      assertThat(got).anySatisfy(r -> assertThat(r.message()).isInstanceOfSatisfying(BmpMessage.PeerDown.class,
          down -> assertThat(down.peer().address()).isEqualTo(IpAddress.parse(NEIGHBOUR))));
    }
  }
}
