package org.bgpsentry.daemon.kafka;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.OptionalLong;
import java.util.Properties;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRebalanceListener;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.CooperativeStickyAssignor;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.WakeupException;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.bgpsentry.analytics.alert.Alert;
import org.bgpsentry.analytics.alert.AlertSink;
import org.bgpsentry.analytics.prefix.RegisteredPrefix;
import org.bgpsentry.daemon.DaemonComponent;
import org.bgpsentry.daemon.DaemonContext;
import org.bgpsentry.daemon.DetectionComponent;
import org.bgpsentry.daemon.config.BgpsentryConfig;
import org.bgpsentry.daemon.http.ApiViews;
import org.bgpsentry.daemon.metrics.BgpsentryMetrics;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A detector's detection (docs/scaling.md): {@link DetectionComponent} fed from {@code
 * <prefix>.events} as a member of the consumer group {@code <prefix>-detectors} instead of from
 * sessions. Kafka's group assigns the partitions (cooperative sticky) and moves them when a
 * detector dies or joins; this class only follows {@link ConsumerRebalanceListener}.
 *
 * <p>The engine sees only the registered prefixes of the partitions it owns. A partition it gains
 * is read from the beginning (offsets are never committed: the compacted topic is the state);
 * until its position, and that of every other partition being rebuilt, reaches the end seen at
 * assignment, the alerts of its prefixes are held back.
 * Then {@link DetectionComponent#takeOver} gives the engine the ids stored in {@code
 * <prefix>.alert_state}: what was delivered keeps its id, what the previous owner never delivered
 * is delivered now (transitions it committed but its webhooks had not delivered, with their ids;
 * alerts it never committed), and nothing is re-fired. Peer events arrive once per partition: only the
 * newest of each session (and each route, which may sit in several partitions) is applied.
 * Established records carry where the peer stands in its collector's config ({@link
 * DetectionComponent#peerConfigured}), for the {@code ingress_location} rule, and its RFC 9234
 * role, for route_leak's {@code otc}, {@code aspa} and {@code valley_free}.
 */
public final class KafkaDetector implements DaemonComponent {
  private static final Logger LOG = LoggerFactory.getLogger(KafkaDetector.class);

  private final DetectionComponent detection;
  private volatile List<RegisteredPrefix> registry = List.of();
  /** Partitions owned (assigned), and those of them still being read up to their end. */
  private final Set<Integer> owned = ConcurrentHashMap.newKeySet();
  private final Set<Integer> rebuilding = ConcurrentHashMap.newKeySet();
  private final Map<TopicPartition, Long> rebuildEnd = new HashMap<>();
  /** Newest event time applied per route or session key (consumer thread only). */
  private final Map<String, Instant> applied = new HashMap<>();
  private volatile int partitions;
  private volatile boolean paused;
  private volatile boolean closing;
  private KafkaConsumer<byte[], byte[]> consumer;
  private volatile AlertState alertState;
  private AlertSink durable;
  private BgpsentryMetrics metrics;
  private String topic;
  private final TopicGate gate;
  private Thread thread;

  /** With a {@link TopicGate} of its own, which {@link KafkaComponent#KafkaComponent(KafkaDetector)} shares. */
  public KafkaDetector(DetectionComponent detection) {
    this(detection, new TopicGate());
  }

  /** @param gate the daemon's {@link TopicGate}, the one its {@link KafkaComponent} opens */
  public KafkaDetector(DetectionComponent detection, TopicGate gate) {
    this.detection = detection;
    this.gate = gate;
  }

  TopicGate gate() {
    return gate;
  }

  /** The stored alert state this detector writes (set by {@link KafkaComponent}, which owns the producer). */
  void alertState(AlertState state) {
    this.alertState = state;
  }

  @Override
  public void start(DaemonContext ctx, BgpsentryConfig config, List<RegisteredPrefix> reg) throws Exception {
    registry = reg;
    metrics = ctx.metrics();
    durable = ctx.alertSink();
    KafkaTopics topics = KafkaTopics.of(config.kafka().topicPrefix());
    topic = topics.events();
    metrics.kafkaTopics(List.of(), List.of(topic));
    // Restored alerts come from Kafka per partition, not from this daemon's last run.
    detection.start(new DaemonContext(metrics, this::deliverIfSettled, List.of(), ctx.stateDir(), ctx.clock(),
        ctx.dispatcher()), config, List.of());
    detection.backpressure(reading -> paused = !reading);
    Properties p = new KafkaClients(config.kafka()).consumer("detector");
    p.put(ConsumerConfig.GROUP_ID_CONFIG, topics.detectors());
    p.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, "false");
    p.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
    p.putIfAbsent(ConsumerConfig.PARTITION_ASSIGNMENT_STRATEGY_CONFIG, CooperativeStickyAssignor.class.getName());
    p.putIfAbsent(ConsumerConfig.SESSION_TIMEOUT_MS_CONFIG, "10000");
    p.putIfAbsent(ConsumerConfig.HEARTBEAT_INTERVAL_MS_CONFIG, "2000");
    consumer = new KafkaConsumer<>(p, new ByteArrayDeserializer(), new ByteArrayDeserializer());
    thread = Thread.ofPlatform().daemon().name("kafka-detector").start(this::run);
    LOG.info("detector in group {} on {}", topics.detectors(), topic);
  }

  /** Alerts of partitions this detector owns and has rebuilt go on; the others are held back. */
  private void deliverIfSettled(Alert a) {
    int n = partitions;
    if (n == 0) {
      return;
    }
    int p = Partitioning.ofAlert(a, n);
    if (owned.contains(p) && !rebuilding.contains(p)) {
      durable.accept(a);
    }
  }

  private List<RegisteredPrefix> ownedRegistry() {
    return owned(registry);
  }

  private List<RegisteredPrefix> owned(List<RegisteredPrefix> reg) {
    int n = partitions;
    return n == 0 ? List.of() : reg.stream().filter(r -> owned.contains(Partitioning.of(r.prefix(), n))).toList();
  }

  private void run() {
    try {
      if (!gate.awaitUnless(topic, () -> closing)) {
        return;
      }
      while (partitions == 0 && !closing) {
        try {
          partitions = consumer.partitionsFor(topic, Duration.ofSeconds(5)).size();
        } catch (org.apache.kafka.common.errors.TimeoutException e) {
          // the cluster or the topic is not there yet
        }
      }
      consumer.subscribe(List.of(topic), new ConsumerRebalanceListener() {
        @Override
        public void onPartitionsRevoked(Collection<TopicPartition> parts) {
          lose(parts, "revoked");
        }

        @Override
        public void onPartitionsLost(Collection<TopicPartition> parts) {
          lose(parts, "lost");
        }

        @Override
        public void onPartitionsAssigned(Collection<TopicPartition> parts) {
          gain(parts);
        }
      });
      boolean wasPaused = false;
      while (!closing) {
        if (paused != wasPaused) {
          wasPaused = paused;
          if (wasPaused) {
            consumer.pause(consumer.assignment());
          } else {
            consumer.resume(consumer.assignment());
          }
        }
        for (ConsumerRecord<byte[], byte[]> r : consumer.poll(Duration.ofMillis(500))) {
          metrics.kafkaRecordReceived(topic);
          apply(r);
        }
        settle();
      }
    } catch (WakeupException e) {
      // closing
    } catch (RuntimeException e) {
      LOG.error("detector stopped consuming {}: {}", topic, e.toString(), e);
    } finally {
      consumer.close(Duration.ofSeconds(2));
    }
  }

  private void gain(Collection<TopicPartition> parts) {
    if (parts.isEmpty()) {
      return;
    }
    consumer.seekToBeginning(parts);
    Map<TopicPartition, Long> end = consumer.endOffsets(parts);
    for (TopicPartition tp : parts) {
      owned.add(tp.partition());
      rebuilding.add(tp.partition());
      rebuildEnd.put(tp, end.get(tp));
    }
    detection.registryChanged(ownedRegistry());
    LOG.info("{}: took over partitions {}; reading them from the beginning before they alert", topic,
        parts.stream().map(TopicPartition::partition).sorted().toList());
  }

  private void lose(Collection<TopicPartition> parts, String how) {
    if (parts.isEmpty()) {
      return;
    }
    for (TopicPartition tp : parts) {
      owned.remove(tp.partition());
      rebuilding.remove(tp.partition());
      rebuildEnd.remove(tp);
      metrics.removeKafkaConsumerLag(topic, tp.partition());
    }
    applied.keySet().removeIf(k -> k.startsWith("r "));
    detection.registryChanged(ownedRegistry());
    LOG.info("{}: partitions {} {}", topic, parts.stream().map(TopicPartition::partition).sorted().toList(), how);
  }

  /**
   * Once every partition being rebuilt is read up to its end at assignment, they take the stored
   * alert ids and start alerting.
   */
  private void settle() {
    for (TopicPartition tp : consumer.assignment()) {
      OptionalLong lag = consumer.currentLag(tp);
      if (lag.isPresent()) {
        metrics.kafkaConsumerLag(topic, tp.partition(), lag.getAsLong());
      }
    }
    // All at once, with one read of the stored alerts: that read starts a consumer and reads the
    // whole topic (0.5-0.9 s on a loaded machine), and the partitions of one takeover reach their
    // ends a few polls apart; a read per poll held back the survivor's consuming for seconds.
    if (rebuildEnd.isEmpty() || rebuildEnd.entrySet().stream().anyMatch(e -> consumer.position(e.getKey()) < e.getValue())) {
      return;
    }
    Map<TopicPartition, Long> done = new HashMap<>(rebuildEnd);
    rebuildEnd.clear();
    AlertState.Stored stored = alertState == null ? new AlertState.Stored(Map.of(), List.of()) : alertState.read();
    int n = partitions;
    for (var e : done.entrySet()) {
      int p = e.getKey().partition();
      List<Alert> mine = stored.firing().values().stream().filter(a -> Partitioning.ofAlert(a, n) == p).toList();
      List<Alert> undelivered = stored.undelivered().stream().filter(a -> Partitioning.ofAlert(a, n) == p).toList();
      detection.takeOver(a -> Partitioning.ofAlert(a, n) == p, mine, undelivered, durable);
      detection.analytics().submit(en -> rebuilding.remove(p));
      LOG.info("{}: partition {} rebuilt up to offset {}, {} stored firing alerts taken over, {} undelivered transitions"
          + " delivered", topic, p, e.getValue(), mine.size(), undelivered.size());
    }
  }

  private void apply(ConsumerRecord<byte[], byte[]> r) {
    EventCodec.Event e;
    try {
      e = EventCodec.decode(r.value());
    } catch (EventCodec.Malformed m) {
      metrics.kafkaRecordSkipped(topic, m.reason);
      LOG.warn("{}: skipped the record at partition {} offset {}: {}", topic, r.partition(), r.offset(), m.getMessage());
      return;
    }
    String key = r.key() == null ? "" : new String(r.key(), StandardCharsets.UTF_8);
    switch (e) {
      case EventCodec.Route x -> {
        if (newest(key, x.event().at())) {
          detection.offer(x.event());
        }
      }
      case EventCodec.Peer x -> {
        if (newest(key, x.event().at())) {
          if (x.configured() != null) {
            String location = x.configured().location();
            detection.peerConfigured(x.event().peer(), location.isEmpty() ? null : location, x.configured().role());
          }
          detection.offer(x.event());
        }
      }
      case EventCodec.Removed x -> {
        if (newest(key, x.at())) {
          detection.peerConfigured(x.peer(), null, null);
          detection.peerRemoved(x.peer());
        }
      }
    }
  }

  /** Whether an event of {@code key} at {@code at} is newer than what was applied (copies from other partitions are not). */
  private boolean newest(String key, Instant at) {
    Instant last = applied.get(key);
    if (last != null && !at.isAfter(last)) {
      return false;
    }
    applied.put(key, at);
    return true;
  }

  @Override
  public Reload prepareReload(BgpsentryConfig config, List<RegisteredPrefix> reg) throws Exception {
    Reload inner = detection.prepareReload(config, owned(reg));
    return new Reload() {
      @Override
      public void apply() throws Exception {
        registry = reg;
        inner.apply();
        detection.registryChanged(ownedRegistry());
      }

      @Override
      public void abort() {
        inner.abort();
      }
    };
  }

  @Override
  public void registryChanged(List<RegisteredPrefix> reg) {
    registry = reg;
    detection.registryChanged(ownedRegistry());
  }

  @Override
  public ApiViews contribute(ApiViews views) {
    return detection.contribute(views);
  }

  @Override
  public void close() {
    closing = true;
    if (consumer != null) {
      consumer.wakeup();
    }
    if (thread != null) {
      try {
        thread.join(5_000);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }
    detection.close();
  }
}
