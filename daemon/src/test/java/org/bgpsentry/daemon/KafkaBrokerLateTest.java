package org.bgpsentry.daemon;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.Config;
import org.apache.kafka.clients.admin.TopicDescription;
import org.apache.kafka.common.config.ConfigResource;
import org.apache.kafka.common.config.TopicConfig;
import org.bgpsentry.analytics.alert.Alert;
import org.bgpsentry.analytics.alert.AlertStatus;
import org.bgpsentry.codec.model.nlri.Prefix;
import org.bgpsentry.daemon.alert.AlertJson;
import org.bgpsentry.daemon.alert.Receiver;
import org.bgpsentry.daemon.kafka.KafkaBroker;
import org.bgpsentry.daemon.kafka.KafkaTopics;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * docs/scaling.md "Topics": a collector and a detector start while the broker is down, the
 * collector's session brings a hijack, and only then does the broker (with its default {@code
 * auto.create.topics.enable=true} and {@code num.partitions=1}) start. No client of either daemon
 * may have the broker auto-create a topic before the daemon's cluster watch creates it: every
 * topic has the documented partitions and {@code cleanup.policy}, and the hijack queued meanwhile
 * reaches the detector's webhook.
 */
class KafkaBrokerLateTest {
  private static final String LOCAL = "127.0.0.111";
  private static final String ORIGIN = "127.0.0.112";
  private static final Prefix REGISTERED = Prefix.parse("203.0.113.0/24");
  private static final Prefix HIJACK = Prefix.parse("203.0.113.128/25");
  private static final Duration WAIT = Duration.ofSeconds(120);

  @TempDir Path dir;

  private Daemon.Loaded config(String name, String yaml) throws Exception {
    return KafkaDaemons.load(dir.resolve(name), """
        prefixes:
          - {prefix: 203.0.113.0/24, origin_asns: [65104]}
        """, yaml);
  }

  @Test
  void daemonsStartedBeforeTheBrokerLeaveNoTopicToAutoCreation() throws Exception {
    int bgpPort = DaemonTest.freePort(LOCAL);
    KafkaBroker broker = KafkaBroker.create(dir.resolve("broker"));
    try (broker; Receiver hook = new Receiver()) {
      Daemon.Loaded c = config("collector", """
          bgp: {listen: "%s:%d", local_asn: 65000, router_id: %s}
          peers:
            - {name: origin, address: %s, remote_asn: 65104}
          """.formatted(LOCAL, bgpPort, LOCAL, ORIGIN) + KafkaDaemons.kafka(broker, "late", "collector"));
      Daemon.Loaded d = config("detector", KafkaDaemons.webhook(hook) + KafkaDaemons.kafka(broker, "late", "detector"));
      try (Daemon collector = KafkaDaemons.daemon(c); Daemon detector = KafkaDaemons.daemon(d)) {
        collector.start();
        detector.start();
        try (ScriptedPeer origin = new ScriptedPeer(ORIGIN, LOCAL, bgpPort, 65104)) {
          Receiver.await(origin::established, WAIT, "session Established at the collector");
          origin.announce(REGISTERED, "192.0.2.4", 65104);
          origin.announce(HIJACK, "192.0.2.4", 65104, 17557);
          // the collector's events wait for the broker; its producer asks for the topic meanwhile
          broker.restart();
          Receiver.await(() -> hook.posts.stream().anyMatch(p -> firingHijack(p.body())), WAIT,
              "the hijack announced while the broker was down, at the detector's webhook");
        }
        KafkaTopics t = KafkaTopics.of("late");
        try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, broker.bootstrap()))) {
          assertTopic(admin, t.events(), KafkaTopics.EVENTS_PARTITIONS, TopicConfig.CLEANUP_POLICY_COMPACT);
          assertTopic(admin, t.registry(), 1, TopicConfig.CLEANUP_POLICY_COMPACT);
          assertTopic(admin, t.alertState(), 1, TopicConfig.CLEANUP_POLICY_COMPACT);
          assertTopic(admin, t.alerts(), 1, TopicConfig.CLEANUP_POLICY_DELETE);
          assertTopic(admin, t.bmpRaw(), 1, TopicConfig.CLEANUP_POLICY_DELETE);
        }
      }
    }
  }

  private static boolean firingHijack(byte[] body) {
    Alert a = AlertJson.read(body);
    return a.status() == AlertStatus.FIRING && a.key().equals("subprefix_hijack|203.0.113.0/24|203.0.113.128/25|17557");
  }

  private static void assertTopic(Admin admin, String topic, int partitions, String cleanup) throws Exception {
    TopicDescription td = admin.describeTopics(List.of(topic)).allTopicNames().get(30, TimeUnit.SECONDS).get(topic);
    ConfigResource r = new ConfigResource(ConfigResource.Type.TOPIC, topic);
    Config cfg = admin.describeConfigs(List.of(r)).all().get(30, TimeUnit.SECONDS).get(r);
    assertThat(td.partitions()).as(topic + " partitions").hasSize(partitions);
    assertThat(cfg.get(TopicConfig.CLEANUP_POLICY_CONFIG).value()).as(topic + " cleanup.policy").isEqualTo(cleanup);
  }
}
