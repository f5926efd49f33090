package org.bgpsentry.daemon.kafka;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.WakeupException;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.bgpsentry.analytics.prefix.RegisteredPrefix;
import org.bgpsentry.codec.model.nlri.Prefix;
import org.bgpsentry.daemon.config.ConfigException;
import org.bgpsentry.daemon.config.RegistryFile;
import org.bgpsentry.daemon.config.RegistryLoader;
import org.bgpsentry.daemon.http.ApiViews;
import org.bgpsentry.daemon.metrics.BgpsentryMetrics;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The registry shared through the compacted topic {@code <prefix>.registry} (docs/scaling.md):
 * one record per registered prefix, key = the prefix, value = the entry as the API's JSON
 * ({@code {"prefixes": [entry]}}), a tombstone (null value) when it is removed.
 *
 * <p>Every daemon reads the whole topic (no group: each needs all of it). At start it reads to
 * the end first: an empty topic is seeded with this daemon's registry; otherwise the shared
 * registry replaces the local one (written to {@code registry.file}). Afterwards each local
 * change (file, SIGHUP, API) is published as the difference to what the topic holds, and each
 * record from another daemon is applied through the same registry the API edits, so sessions
 * re-send routes for new prefixes as after any edit. Records that cannot be read (not JSON, a
 * key that is not the entry's prefix, a newer {@link #FORMAT}) are skipped, counted and logged.
 *
 * <p>One thread ({@code kafka-registry}) waits for the topic ({@link TopicGate}), then consumes
 * and publishes, so a cluster that is away blocks no caller; {@link #localChanged} only hands the new list over.
 */
final class RegistrySync implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(RegistrySync.class);
  /** Record header naming the value's format version; records of a later version are skipped. */
  static final String FORMAT_HEADER = "bgpsentry-format";
  static final int FORMAT = 1;

  private final String topic;
  private final KafkaConsumer<byte[], byte[]> consumer;
  private final Producer<byte[], byte[]> producer;
  private final TopicGate gate;
  private final BgpsentryMetrics metrics;
  private final Thread thread;
  /** What the topic holds, as far as read. Only the sync thread touches it. */
  private final Map<Prefix, RegisteredPrefix> shared = new HashMap<>();
  private volatile ApiViews.Registry registry;
  /** Whether the local registry changed since it was last compared with the topic. */
  private volatile boolean dirty;
  private volatile boolean closing;

  RegistrySync(KafkaClients clients, String topic, Producer<byte[], byte[]> producer, TopicGate gate,
      BgpsentryMetrics metrics) {
    this.topic = topic;
    this.producer = producer;
    this.gate = gate;
    this.metrics = metrics;
    Properties p = clients.consumer("registry");
    p.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
    p.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, "false");
    this.consumer = new KafkaConsumer<>(p, new ByteArrayDeserializer(), new ByteArrayDeserializer());
    this.thread = Thread.ofPlatform().daemon().name("kafka-registry").unstarted(this::run);
  }

  /** Starts following the topic; remote changes go into {@code registry} (the API's). */
  void start(ApiViews.Registry registry) {
    this.registry = registry;
    thread.start();
  }

  /** The local registry changed (file, SIGHUP, API, or a remote change applied): publish the difference. */
  void localChanged() {
    dirty = true;
    consumer.wakeup();
  }

  private void run() {
    TopicPartition tp = new TopicPartition(topic, 0);
    try {
      if (!gate.awaitUnless(topic, () -> closing)) {
        return;
      }
      consumer.assign(List.of(tp));
      consumer.seekToBeginning(List.of(tp));
      catchUp(tp);
      follow();
    } catch (WakeupException e) {
      if (!closing) {
        LOG.error("{}: stopped following the shared registry: {}", topic, e.toString());
      }
    } catch (RuntimeException e) {
      LOG.error("{}: stopped following the shared registry: {}", topic, e.toString());
    } finally {
      consumer.close(Duration.ofSeconds(1));
    }
  }

  /** Reads to the end seen now (waiting for the cluster), then seeds or adopts. */
  private void catchUp(TopicPartition tp) {
    Long end = null;
    while (end == null && !closing) {
      try {
        end = consumer.endOffsets(List.of(tp), Duration.ofSeconds(5)).get(tp);
      } catch (org.apache.kafka.common.errors.TimeoutException | WakeupException e) {
        // the cluster is away, or a local change woke us: keep waiting, the change stays pending
      }
    }
    while (!closing && position(tp) < end) {
      try {
        consumer.poll(Duration.ofMillis(500)).forEach(this::read);
      } catch (WakeupException e) {
        // a local change: published once caught up
      }
    }
    if (closing) {
      return;
    }
    dirty = false;
    if (shared.isEmpty()) {
      LOG.info("{}: shared registry empty, publishing this daemon's {} prefixes", topic, currentLocal().size());
      publish();
    } else {
      LOG.info("{}: following the shared registry of {} prefixes", topic, shared.size());
      apply(null);
    }
  }

  /** The consumer's position, waiting while the cluster is away. */
  private long position(TopicPartition tp) {
    while (!closing) {
      try {
        return consumer.position(tp, Duration.ofSeconds(5));
      } catch (org.apache.kafka.common.errors.TimeoutException | WakeupException e) {
        // keep waiting
      }
    }
    return Long.MAX_VALUE;
  }

  /**
   * Local changes first (published as differences), then remote records, applied only for the
   * prefixes they name, so that a local edit made meanwhile is never undone.
   */
  private void follow() {
    while (!closing) {
      if (dirty) {
        dirty = false;
        publish();
      }
      try {
        java.util.Set<Prefix> touched = new java.util.HashSet<>();
        for (ConsumerRecord<byte[], byte[]> r : consumer.poll(Duration.ofSeconds(1))) {
          Prefix p = read(r);
          if (p != null) {
            touched.add(p);
          }
        }
        if (!touched.isEmpty()) {
          apply(touched);
        }
      } catch (WakeupException e) {
        if (closing) {
          return;
        }
      }
    }
  }

  private List<RegisteredPrefix> currentLocal() {
    List<RegisteredPrefix> l = registry.list();
    return l == null ? List.of() : l;
  }

  /** One record into {@link #shared}, returning its prefix; unusable ones are skipped, counted and logged (null). */
  private Prefix read(ConsumerRecord<byte[], byte[]> r) {
    metrics.kafkaRecordReceived(topic);
    String key = r.key() == null ? null : new String(r.key(), StandardCharsets.UTF_8);
    Header h = r.headers().lastHeader(FORMAT_HEADER);
    if (h != null && !Integer.toString(FORMAT).equals(new String(h.value(), StandardCharsets.UTF_8))) {
      skip(r, "newer_format", "format " + new String(h.value(), StandardCharsets.UTF_8) + " (this daemon reads " + FORMAT + ")");
      return null;
    }
    Prefix prefix;
    try {
      prefix = Prefix.parse(key);
    } catch (RuntimeException e) {
      skip(r, "malformed", "key '" + key + "' is not a prefix");
      return null;
    }
    if (r.value() == null) {
      shared.remove(prefix);
      return prefix;
    }
    try {
      List<RegisteredPrefix> entries =
          RegistryLoader.parseJson(new String(r.value(), StandardCharsets.UTF_8), topic + "@" + r.offset());
      if (entries.size() != 1 || !entries.getFirst().prefix().equals(prefix)) {
        skip(r, "malformed", "expected one entry for " + prefix + ", found " + entries.size());
        return null;
      }
      shared.put(prefix, entries.getFirst());
      return prefix;
    } catch (ConfigException e) {
      skip(r, "malformed", e.errors().getFirst().toString());
      return null;
    }
  }

  private void skip(ConsumerRecord<byte[], byte[]> r, String reason, String why) {
    metrics.kafkaRecordSkipped(topic, reason);
    LOG.warn("{}: skipped the record at partition {} offset {}: {}", topic, r.partition(), r.offset(), why);
  }

  /**
   * Makes the local registry hold what the topic holds for {@code prefixes} (null: every
   * prefix), without publishing it back: the change notifications this causes find no
   * difference. One registry change however many prefixes differ: a daemon that starts while
   * another seeds the topic adopts the part seeded so far and drops the rest of its own file at
   * once, where a change per prefix rewrote the file and had detection re-evaluate everything
   * each time (thousands of times: a detector's alerts came seconds late long after).
   */
  private void apply(java.util.Set<Prefix> prefixes) {
    Map<Prefix, RegisteredPrefix> have = new LinkedHashMap<>();
    currentLocal().forEach(p -> have.put(p.prefix(), p));
    List<RegisteredPrefix> put = new ArrayList<>();
    for (RegisteredPrefix p : shared.values()) {
      if ((prefixes == null || prefixes.contains(p.prefix())) && !p.equals(have.get(p.prefix()))) {
        put.add(p);
      }
    }
    List<Prefix> gone = have.keySet().stream()
        .filter(p -> (prefixes == null || prefixes.contains(p)) && !shared.containsKey(p)).toList();
    try {
      if (!put.isEmpty() || !gone.isEmpty()) {
        registry.update(put, gone); // one change: per entry, each would rewrite the file and re-evaluate everything
      }
    } catch (java.io.IOException e) {
      LOG.error("{}: cannot write the shared registry's changes to the registry file: {}", topic, e.toString());
      return;
    }
    if (!put.isEmpty() || !gone.isEmpty()) {
      LOG.info("{}: shared registry applied: {} added or changed, {} removed", topic, put.size(), gone.size());
    }
  }

  /** Sends what differs between the local registry and the topic: entries, and tombstones for the rest. */
  private void publish() {
    Map<Prefix, RegisteredPrefix> want = new LinkedHashMap<>();
    currentLocal().forEach(p -> want.put(p.prefix(), p));
    for (RegisteredPrefix p : want.values()) {
      if (!p.equals(shared.get(p.prefix()))) {
        send(p.prefix(), encode(p));
        shared.put(p.prefix(), p);
      }
    }
    for (Prefix p : new ArrayList<>(shared.keySet())) {
      if (!want.containsKey(p)) {
        send(p, null);
        shared.remove(p);
      }
    }
  }

  static byte[] encode(RegisteredPrefix p) {
    try {
      return org.bgpsentry.daemon.alert.AlertJson.MAPPER.writeValueAsBytes(Map.of("prefixes", List.of(RegistryFile.toMap(p))));
    } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
      throw new IllegalStateException(e);
    }
  }

  private void send(Prefix prefix, byte[] value) {
    ProducerRecord<byte[], byte[]> r =
        new ProducerRecord<>(topic, 0, prefix.toString().getBytes(StandardCharsets.UTF_8), value);
    r.headers().add(FORMAT_HEADER, Integer.toString(FORMAT).getBytes(StandardCharsets.UTF_8));
    producer.send(r, (md, e) -> {
      if (e == null) {
        metrics.kafkaRecordSent(topic);
      } else {
        LOG.error("{}: cannot publish {}: {}", topic, prefix, e.toString());
      }
    });
  }

  @Override
  public void close() {
    closing = true;
    consumer.wakeup();
    try {
      thread.join(5_000);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
