package org.bgpsentry.daemon.kafka;

import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.bgpsentry.analytics.event.PeerEvent;
import org.bgpsentry.analytics.event.PeerId;
import org.bgpsentry.analytics.event.PeerLocations;
import org.bgpsentry.analytics.event.PeerRole;
import org.bgpsentry.analytics.event.RouteEvent;
import org.bgpsentry.analytics.prefix.PrefixRegistry;
import org.bgpsentry.analytics.prefix.RegisteredPrefix;
import org.bgpsentry.codec.model.nlri.Prefix;
import org.bgpsentry.daemon.DaemonComponent;
import org.bgpsentry.daemon.DaemonContext;
import org.bgpsentry.daemon.DetectionComponent;
import org.bgpsentry.daemon.RouteSink;
import org.bgpsentry.daemon.config.BgpsentryConfig;
import org.bgpsentry.daemon.metrics.BgpsentryMetrics;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A collector's detection (docs/scaling.md): the sessions and RIS Live hand their route and peer
 * events here, as they would to {@link org.bgpsentry.daemon.DetectionComponent}, and they go to
 * the compacted {@code <prefix>.events} ({@link EventCodec}), partitioned by {@link
 * Partitioning}. Record keys name the route ({@code r <peer> <prefix> <path id>}) or the peer's
 * session ({@code p <peer> session}, {@code p <peer> eor <family>}), so compaction keeps each
 * route's and session's latest event and a detector taking a partition over rebuilds its state by
 * reading it from the beginning. Newly registered prefixes get the routes the sessions hold
 * re-sent (the sessions do that on every registry change).
 *
 * <p>The sources' threads only queue; one thread ({@code kafka-events}) waits for the topic
 * ({@link TopicGate}: while the cluster is away at start the events wait in the queue), then
 * encodes and sends. The
 * queue is bounded by watermarks: above {@link #HIGH} events the sources stop reading (TCP flow
 * control slows the peers, as with a busy detection), below {@link #LOW} they read again. While
 * the cluster is away the producer holds what it has ({@code buffer.memory}), then the queue
 * fills and reading pauses: a bounded backlog, logged, and {@code bgpsentry_kafka_up} is 0.
 */
public final class EventPublisher implements DaemonComponent, RouteSink {
  private static final Logger LOG = LoggerFactory.getLogger(EventPublisher.class);
  static final int HIGH = 200_000;
  static final int LOW = 20_000;

  private final LinkedBlockingQueue<Object> queue = new LinkedBlockingQueue<>();
  private volatile PrefixRegistry registry = PrefixRegistry.EMPTY;
  private volatile Consumer<Boolean> reading = r -> {};
  private volatile boolean paused;
  private volatile boolean closing;
  private KafkaProducer<byte[], byte[]> producer;
  private String topic;
  private final TopicGate gate;
  /** Where this collector's peers stand (its config): sent with each Established for the detectors. */
  private volatile PeerLocations locations = PeerLocations.NONE;
  /** The RFC 9234 roles of this collector's peers (its config): sent with each Established too. */
  private volatile Map<String, PeerRole> roles = Map.of();
  private int partitions;
  private BgpsentryMetrics metrics;
  private Clock clock;
  private Thread thread;

  private record Removed(PeerId peer) {}

  /** @param gate the daemon's {@link TopicGate}, the one its {@link KafkaComponent} opens */
  public EventPublisher(TopicGate gate) {
    this.gate = gate;
  }

  @Override
  public void start(DaemonContext context, BgpsentryConfig config, List<RegisteredPrefix> reg) {
    metrics = context.metrics();
    clock = context.clock();
    registry = new PrefixRegistry(reg);
    locations = DetectionComponent.locations(config);
    roles = DetectionComponent.roles(config);
    KafkaClients clients = new KafkaClients(config.kafka());
    topic = KafkaTopics.of(config.kafka().topicPrefix()).events();
    metrics.kafkaTopics(List.of(topic), List.of());
    producer = clients.producer("events", true);
    thread = Thread.ofPlatform().daemon().name("kafka-events").start(this::run);
    LOG.info("collector: route and peer events to {}", topic);
  }

  @Override
  public boolean relevant(Prefix prefix) {
    return registry.overlaps(prefix);
  }

  @Override
  public void offer(RouteEvent event) {
    enqueue(event);
  }

  @Override
  public void offer(PeerEvent event) {
    enqueue(event);
  }

  @Override
  public void peerRemoved(PeerId peer) {
    enqueue(new Removed(peer));
  }

  @Override
  public void backpressure(Consumer<Boolean> reading) {
    this.reading = reading;
  }

  private void enqueue(Object o) {
    queue.add(o);
    if (!paused && queue.size() > HIGH) {
      paused = true;
      LOG.warn("{} events wait for Kafka: sources stop reading until {} are left", queue.size(), LOW);
      reading.accept(false);
    }
  }

  private void run() {
    if (!gate.awaitUnless(topic, () -> closing)) {
      LOG.warn("{}: closing before the topic was there; {} events not published", topic, queue.size());
      return;
    }
    while (!closing || !queue.isEmpty()) {
      Object o;
      try {
        o = queue.poll(200, TimeUnit.MILLISECONDS);
      } catch (InterruptedException e) {
        return;
      }
      if (paused && queue.size() < LOW) {
        paused = false;
        LOG.info("events flow to Kafka again: sources read again");
        reading.accept(true);
      }
      if (o == null) {
        continue;
      }
      try {
        send(o);
      } catch (RuntimeException e) {
        LOG.error("{}: cannot publish {}: {}", topic, o, e.toString());
      }
    }
  }

  private void send(Object o) {
    if (partitions == 0) {
      partitions = producer.partitionsFor(topic).size(); // waits for the cluster (max.block.ms), then throws
    }
    switch (o) {
      case RouteEvent e -> {
        byte[] key = ("r " + e.peer().name() + " " + e.prefix() + " " + e.pathId()).getBytes(StandardCharsets.UTF_8);
        byte[] value = EventCodec.route(e);
        Set<Integer> parts = Partitioning.ofRoute(e.prefix(), registry, partitions);
        for (int p : parts) {
          send(p, key, value);
        }
      }
      case PeerEvent.EndOfRib r -> toAll("p " + r.peer().name() + " eor " + r.family(), EventCodec.peer(r, null));
      case PeerEvent e -> toAll("p " + e.peer().name() + " session", EventCodec.peer(e,
          new EventCodec.Configured(locations.locationOf(e.peer()), roles.get(e.peer().name()))));
      case Removed r -> toAll("p " + r.peer().name() + " session", EventCodec.removed(r.peer(), clock.instant()));
      default -> throw new IllegalStateException("unexpected " + o);
    }
  }

  private void toAll(String key, byte[] value) {
    byte[] k = key.getBytes(StandardCharsets.UTF_8);
    for (int p = 0; p < partitions; p++) {
      send(p, k, value);
    }
  }

  private void send(int partition, byte[] key, byte[] value) {
    producer.send(new ProducerRecord<>(topic, partition, key, value), (md, e) -> {
      if (e == null) {
        metrics.kafkaRecordSent(topic);
      } else {
        LOG.error("{}: cannot publish to partition {}: {}", topic, partition, e.toString());
      }
    });
  }

  @Override
  public Reload prepareReload(BgpsentryConfig config, List<RegisteredPrefix> reg) {
    PeerLocations next = DetectionComponent.locations(config);
    Map<String, PeerRole> nextRoles = DetectionComponent.roles(config);
    return () -> {
      locations = next;
      roles = nextRoles;
    };
  }

  /** Runs before the sessions' own (they re-send held routes of new prefixes through {@link #relevant}). */
  @Override
  public void registryChanged(List<RegisteredPrefix> reg) {
    registry = new PrefixRegistry(reg);
  }

  @Override
  public void close() {
    closing = true;
    KafkaClients.stop(thread, producer);
  }
}
