package org.bgpsentry.daemon.kafka;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.admin.TopicDescription;
import org.apache.kafka.common.config.TopicConfig;
import org.bgpsentry.daemon.config.KafkaConfig;
import org.bgpsentry.daemon.metrics.BgpsentryMetrics;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The daemon's topics exist, with their partitions, once {@link ClusterWatch} is constructed:
 * before the producers and consumers made after it could have the broker auto-create one with a
 * single partition (seen in the scale bench: a detector's consumer created {@code .events} with one
 * partition, so two detectors could never share the work).
 */
class ClusterWatchTest {
  @TempDir Path dir;

  @Test
  void topicsExistWithTheirPartitionsWhenTheWatchIsConstructed() throws Exception {
    try (KafkaBroker broker = KafkaBroker.start(dir.resolve("broker"))) {
      KafkaConfig config = new KafkaConfig(List.of(broker.bootstrap()), "cw", Map.of(),
          KafkaConfig.Role.DETECTOR, false, null);
      KafkaClients clients = new KafkaClients(config);
      Map<String, String> compact =
          Map.of(TopicConfig.CLEANUP_POLICY_CONFIG, TopicConfig.CLEANUP_POLICY_COMPACT);
      TopicGate gate = new TopicGate();
      try (ClusterWatch watch = new ClusterWatch(clients, new BgpsentryMetrics(), gate,
              List.of(new NewTopic("cw.events", Optional.of(8), Optional.empty()).configs(compact)));
          Admin admin = clients.admin("test", Duration.ofSeconds(10))) {
        // no wait: the constructor's own first check created it
        TopicDescription events =
            admin.describeTopics(List.of("cw.events")).allTopicNames().get(10, TimeUnit.SECONDS).get("cw.events");
        assertThat(events.partitions()).hasSize(8);
        assertThat(gate.isOpen("cw.events")).as("the gate opens with the topic").isTrue();
      }
      Properties props = clients.consumer("test");
      assertThat(props.get("allow.auto.create.topics")).isEqualTo("false");
    }
  }
}
