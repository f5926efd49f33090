package org.bgpsentry.daemon;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.bgpsentry.analytics.alert.AlertStatus;
import org.bgpsentry.codec.model.nlri.Prefix;
import org.bgpsentry.daemon.alert.AlertJson;
import org.bgpsentry.daemon.alert.Receiver;
import org.bgpsentry.daemon.kafka.KafkaBroker;
import org.bgpsentry.daemon.kafka.Kcat;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * docs/scaling.md {@code standalone}: everything local as without Kafka, and every alert
 * transition also in {@code <prefix>.alerts} (key = alert key, value = the alert JSON of docs/alerts.md), read back
 * by kcat from a real broker; the Kafka series exist at 0 before the first record.
 */
class KafkaStandaloneTest {
  private static final String LOCAL = "127.0.0.61";
  private static final String ORIGIN = "127.0.0.62";
  private static final Prefix REGISTERED = Prefix.parse("203.0.113.0/24");
  private static final Prefix HIJACK = Prefix.parse("203.0.113.128/25");
  private static final Duration WAIT = Duration.ofSeconds(60);

  @TempDir Path dir;
  private int httpPort;
  private final ApiClient api = new ApiClient(() -> httpPort);

  @Test
  void alertsGoToTheWebhookAndToTheAlertsTopicAsTheSameJson() throws Exception {
    int bgpPort = DaemonTest.freePort(LOCAL);
    try (KafkaBroker broker = KafkaBroker.start(dir.resolve("broker")); Receiver hook = new Receiver()) {
      Daemon.Loaded loaded = KafkaDaemons.load(dir, """
          prefixes:
            - {prefix: 203.0.113.0/24, customer: contoso, origin_asns: [65104]}
          """, """
          bgp: {listen: "%s:%d", local_asn: 65000, router_id: %s}
          peers:
            - {name: origin, address: %s, remote_asn: 65104}
          alerts:
            webhooks:
              - {name: noc, url: "%s", format: json}
          kafka:
            bootstrap_servers: ["%s"]
            topic_prefix: t1
          """.formatted(LOCAL, bgpPort, LOCAL, ORIGIN, hook.uri("/hook"), broker.bootstrap()));
      try (Daemon daemon = KafkaDaemons.daemon(loaded)) {
        daemon.start();
        httpPort = daemon.httpAddress().getPort();
        assertThat(api.text("/metrics"))
            .contains("bgpsentry_kafka_records_sent_total{topic=\"t1.alerts\"} 0.0")
            .contains("bgpsentry_kafka_up ");
        Receiver.await(() -> metrics().contains("bgpsentry_kafka_up 1.0"), WAIT, "bgpsentry_kafka_up 1");
        try (ScriptedPeer origin = new ScriptedPeer(ORIGIN, LOCAL, bgpPort, 65104)) {
          Receiver.await(origin::established, WAIT, "session Established");
          origin.announce(REGISTERED, "192.0.2.4", 65104);
          origin.announce(HIJACK, "192.0.2.4", 65104, 17557);
          Receiver.await(() -> hook.posts.size() == 1, WAIT, "the firing subprefix_hijack at the webhook");
          origin.withdraw(HIJACK);
          Receiver.await(() -> hook.posts.size() == 2, WAIT, "the resolved subprefix_hijack at the webhook");
        }
        // Closing the session raised peer_down: three transitions in all.
        Receiver.await(() -> hook.posts.size() == 3, WAIT, "the peer_down at the webhook");
        Receiver.await(() -> metrics().contains("bgpsentry_kafka_records_sent_total{topic=\"t1.alerts\"} 3.0"), WAIT,
            "the three transitions acknowledged by the broker");
      }
      List<Kcat.Message> records = Kcat.read(broker.bootstrap(), "t1.alerts");
      assertThat(records).hasSize(3);
      for (int i = 0; i < 3; i++) {
        Kcat.Message m = records.get(i);
        var alert = AlertJson.read(m.value());
        assertThat(m.key()).as("key = the alert key").isEqualTo(alert.key());
        assertThat(m.value()).as("the very bytes the json webhook got").isEqualTo(hook.posts.get(i).body());
      }
      var firing = AlertJson.read(records.get(0).value());
      var resolved = AlertJson.read(records.get(1).value());
      assertThat(firing.key()).isEqualTo("subprefix_hijack|203.0.113.0/24|203.0.113.128/25|17557");
      assertThat(firing.status()).isEqualTo(AlertStatus.FIRING);
      assertThat(resolved.key()).isEqualTo(firing.key());
      assertThat(resolved.status()).isEqualTo(AlertStatus.RESOLVED);
      assertThat(resolved.id()).isEqualTo(firing.id());
      assertThat(AlertJson.read(records.get(2).value()).key()).isEqualTo("peer_down|||origin");
    }
  }

  private String metrics() {
    try {
      return api.text("/metrics");
    } catch (Exception e) {
      return "";
    }
  }
}
