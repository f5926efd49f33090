package org.bgpsentry.daemon.kafka;

import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.common.config.TopicConfig;
import org.bgpsentry.analytics.prefix.RegisteredPrefix;
import org.bgpsentry.daemon.DaemonComponent;
import org.bgpsentry.daemon.DaemonContext;
import org.bgpsentry.daemon.config.BgpsentryConfig;
import org.bgpsentry.daemon.config.KafkaConfig;
import org.bgpsentry.daemon.http.ApiViews;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The daemon's side of docs/scaling.md: the cluster watch ({@code bgpsentry_kafka_up}, topic
 * creation, the daemon's {@link TopicGate}), the alerts topic fed from the dispatcher's commits, and the shared registry
 * ({@link RegistrySync}). Plugged in only when the
 * config has a {@code kafka:} section; without one the daemon never loads a Kafka class.
 */
public final class KafkaComponent implements DaemonComponent {
  private static final Logger LOG = LoggerFactory.getLogger(KafkaComponent.class);

  private final KafkaDetector detector;
  private final TopicGate gate;
  private KafkaConfig config;
  private ClusterWatch watch;
  private KafkaProducer<byte[], byte[]> producer;
  private AlertPublisher alerts;
  private RegistrySync registrySync;
  private boolean registryFollowed;

  /**
   * With the detector's {@link TopicGate}, or a gate of its own without a detector: for a daemon
   * whose only other Kafka component, if any, is {@code detector}.
   *
   * @param detector the detector's consumer (role detector), which takes over stored alert ids; else null
   */
  public KafkaComponent(KafkaDetector detector) {
    this(detector == null ? new TopicGate() : detector.gate(), detector);
  }

  /**
   * @param gate the daemon's gate, the one its other Kafka components wait on
   * @param detector the detector's consumer (role detector), which takes over stored alert ids; else null
   */
  public KafkaComponent(TopicGate gate, KafkaDetector detector) {
    if (detector != null && detector.gate() != gate) {
      throw new IllegalArgumentException("the detector waits on another TopicGate than this daemon's");
    }
    this.gate = gate;
    this.detector = detector;
  }

  @Override
  public void start(DaemonContext context, BgpsentryConfig cfg, List<RegisteredPrefix> registry) {
    config = cfg.kafka();
    KafkaTopics topics = KafkaTopics.of(config.topicPrefix());
    KafkaClients clients = new KafkaClients(config);
    context.metrics().kafkaTopics(List.of(topics.alerts()), List.of());
    context.metrics().kafkaUp(false);
    context.metrics().kafkaRole(config.role().configName());
    Map<String, String> compact = Map.of(TopicConfig.CLEANUP_POLICY_CONFIG, TopicConfig.CLEANUP_POLICY_COMPACT);
    watch = new ClusterWatch(clients, context.metrics(), gate, List.of(
        new NewTopic(topics.alerts(), Optional.empty(), Optional.empty()),
        new NewTopic(topics.bmpRaw(), Optional.empty(), Optional.empty()),
        new NewTopic(topics.registry(), Optional.of(1), Optional.empty()).configs(compact),
        new NewTopic(topics.events(), Optional.of(KafkaTopics.EVENTS_PARTITIONS), Optional.empty()).configs(compact),
        new NewTopic(topics.alertState(), Optional.of(1), Optional.empty()).configs(compact)));
    producer = clients.producer("alerts");
    alerts = new AlertPublisher(producer, topics.alerts(), gate, context.metrics());
    if (context.dispatcher() != null) {
      context.dispatcher().addCommitListener(alerts);
      if (detector != null) {
        AlertState state = new AlertState(clients, producer, topics.alertState(), gate, context.metrics());
        context.metrics().kafkaTopics(List.of(topics.alertState()), List.of(topics.alertState()));
        context.dispatcher().addCommitListener(state);
        detector.alertState(state);
      }
    }
    context.metrics().kafkaTopics(List.of(topics.registry()), List.of(topics.registry()));
    registrySync = new RegistrySync(clients, topics.registry(), producer, gate, context.metrics());
    LOG.info("Kafka {} at {}: alerts to {}", config.role().configName(), config.bootstrapServers(), topics.alerts());
  }

  @Override
  public Reload prepareReload(BgpsentryConfig next, List<RegisteredPrefix> registry) {
    if (!java.util.Objects.equals(next.kafka(), config)) {
      LOG.warn("kafka section changes take effect at the next restart");
    }
    return () -> {};
  }

  @Override
  public void registryChanged(List<RegisteredPrefix> registry) {
    registrySync.localChanged();
  }

  /** Takes the registry the API edits: the shared registry's changes go through it. */
  @Override
  public ApiViews contribute(ApiViews views) {
    if (!registryFollowed) {
      registryFollowed = true;
      registrySync.start(views.registry());
    }
    return views;
  }

  @Override
  public void close() {
    if (registrySync != null) {
      registrySync.close();
    }
    if (alerts != null) {
      alerts.close();
    }
    if (producer != null) {
      producer.close(java.time.Duration.ofSeconds(3));
    }
    if (watch != null) {
      watch.close();
    }
  }
}
