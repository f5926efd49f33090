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
 * <p>Changes are published in batches, adopted all or nothing: each entry record carries the
 * header {@link #BATCH_HEADER} ({@code <writer> <seq>}: the publishing daemon's random id for
 * this run and its batch number), and after the batch's entries comes the commit marker, key
 * {@code commit <writer>}, value {@code {"seq": n, "records": m}}. A reader holds a batch's
 * entries aside until the marker of its writer with that or a later {@code seq} arrives, then
 * applies them at once; a daemon that starts while another seeds the topic therefore never holds
 * the seeded part only. A writer's batches follow one another, so its latest marker (the one
 * compaction keeps) commits all of them. Entries without the header (format 1 writers) apply at once.
 *
 * <p>Every daemon reads the whole topic (no group: each needs all of it). At start it reads to
 * the end first: an empty topic is seeded with this daemon's registry; entries without their
 * marker yet (another daemon seeding) are awaited; otherwise the shared registry replaces the
 * local one (written to {@code registry.file}), keeping the edits made since start. Afterwards each local
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
  /** The commit marker's format: daemons that read only {@link #FORMAT} skip markers as newer. */
  static final int MARKER_FORMAT = 2;
  /** Entry header {@code <writer> <seq>}: the batch the entry belongs to. */
  static final String BATCH_HEADER = "bgpsentry-batch";
  /** Key prefix of the commit markers: {@code commit <writer>}. */
  static final String MARKER_KEY = "commit ";
  /**
   * How long a daemon that finds only uncommitted entries (another daemon seeding) waits with no
   * record arriving before it takes that seeding for abandoned and seeds its own registry.
   */
  static final Duration SEEDING_ABANDONED = Duration.ofSeconds(30);

  private final String topic;
  private final KafkaConsumer<byte[], byte[]> consumer;
  private final Producer<byte[], byte[]> producer;
  private final TopicGate gate;
  private final BgpsentryMetrics metrics;
  private final Thread thread;
  /** What the topic holds, as far as read. Only the sync thread touches it. */
  private final Map<Prefix, RegisteredPrefix> shared = new HashMap<>();
  /** Entries of batches whose marker has not arrived, by writer then seq, in log order. Sync thread only. */
  private final Map<String, java.util.TreeMap<Long, Map<Prefix, RegisteredPrefix>>> pending = new HashMap<>();
  /** This run's writer id in {@link #BATCH_HEADER} and the marker key. */
  private final String writer = java.util.UUID.randomUUID().toString();
  private long seq;
  /** The local registry when this daemon started: edits made before adoption are kept over it. */
  private volatile List<RegisteredPrefix> atStart;
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
    this.atStart = currentLocal();
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

  /**
   * Reads to the end seen now (waiting for the cluster), then seeds or adopts: an empty shared
   * registry is seeded with this daemon's, unless another daemon is seeding it (entries whose
   * marker has not come), whose registry is then awaited.
   */
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
    long idleSince = System.nanoTime();
    while (!closing && shared.isEmpty() && !pending.isEmpty()
        && System.nanoTime() - idleSince < SEEDING_ABANDONED.toNanos()) {
      // another daemon is seeding: adopt its registry whole once its marker comes, never a part
      try {
        var records = consumer.poll(Duration.ofMillis(500));
        if (!records.isEmpty()) {
          records.forEach(this::read);
          idleSince = System.nanoTime();
        }
      } catch (WakeupException e) {
        // a local change: kept over what is adopted
      }
    }
    if (closing) {
      return;
    }
    if (shared.isEmpty()) {
      dirty = false;
      LOG.info("{}: shared registry empty, publishing this daemon's {} prefixes", topic, currentLocal().size());
      publish();
    } else {
      LOG.info("{}: following the shared registry of {} prefixes", topic, shared.size());
      adopt();
    }
  }

  /**
   * Makes the local registry the shared one, keeping the edits (API, file) made on this daemon
   * since it started, which are then published.
   */
  private void adopt() {
    Map<Prefix, RegisteredPrefix> before = new HashMap<>();
    atStart.forEach(p -> before.put(p.prefix(), p));
    Map<Prefix, RegisteredPrefix> now = new HashMap<>();
    currentLocal().forEach(p -> now.put(p.prefix(), p));
    Map<Prefix, RegisteredPrefix> want = new LinkedHashMap<>(shared);
    now.forEach((p, e) -> {
      if (!e.equals(before.get(p))) {
        want.put(p, e);
      }
    });
    before.keySet().stream().filter(p -> !now.containsKey(p)).forEach(want::remove);
    dirty = false;
    replace(want, null);
    if (!want.equals(shared)) {
      dirty = true; // the edits made meanwhile: published by follow()
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
   * Local changes first (published as differences), then remote batches as their markers come,
   * applied only for the prefixes they name, so that a local edit made meanwhile is never undone.
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
          touched.addAll(read(r));
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

  /**
   * One record: an entry of a batch is held aside, a marker moves its writer's batches into
   * {@link #shared}. Returns the prefixes {@link #shared} changed for; unusable records are
   * skipped, counted and logged.
   */
  private java.util.Set<Prefix> read(ConsumerRecord<byte[], byte[]> r) {
    metrics.kafkaRecordReceived(topic);
    String key = r.key() == null ? null : new String(r.key(), StandardCharsets.UTF_8);
    Header h = r.headers().lastHeader(FORMAT_HEADER);
    String format = h == null ? Integer.toString(FORMAT) : new String(h.value(), StandardCharsets.UTF_8);
    if (key != null && key.startsWith(MARKER_KEY)) {
      return format.equals(Integer.toString(MARKER_FORMAT)) ? commit(r, key.substring(MARKER_KEY.length()))
          : skip(r, "newer_format", "marker format " + format + " (this daemon reads " + MARKER_FORMAT + ")");
    }
    if (!format.equals(Integer.toString(FORMAT))) {
      return skip(r, "newer_format", "format " + format + " (this daemon reads " + FORMAT + ")");
    }
    Prefix prefix;
    try {
      prefix = Prefix.parse(key);
    } catch (RuntimeException e) {
      return skip(r, "malformed", "key '" + key + "' is not a prefix");
    }
    RegisteredPrefix entry = null;
    if (r.value() != null) {
      try {
        List<RegisteredPrefix> entries =
            RegistryLoader.parseJson(new String(r.value(), StandardCharsets.UTF_8), topic + "@" + r.offset());
        if (entries.size() != 1 || !entries.getFirst().prefix().equals(prefix)) {
          return skip(r, "malformed", "expected one entry for " + prefix + ", found " + entries.size());
        }
        entry = entries.getFirst();
      } catch (ConfigException e) {
        return skip(r, "malformed", e.errors().getFirst().toString());
      }
    }
    Header b = r.headers().lastHeader(BATCH_HEADER);
    if (b == null) {
      return put(Map.of(prefix, java.util.Optional.ofNullable(entry)));
    }
    String[] batch = new String(b.value(), StandardCharsets.UTF_8).split(" ", 2);
    long n;
    try {
      n = batch.length == 2 ? Long.parseLong(batch[1]) : -1;
    } catch (NumberFormatException e) {
      n = -1;
    }
    if (n < 0) {
      return skip(r, "malformed", "batch header '" + new String(b.value(), StandardCharsets.UTF_8) + "' is not '<writer> <seq>'");
    }
    pending.computeIfAbsent(batch[0], w -> new java.util.TreeMap<>())
        .computeIfAbsent(n, s -> new LinkedHashMap<>()).put(prefix, entry);
    return java.util.Set.of();
  }

  /** A marker: every held batch of {@code writer} up to its {@code seq} goes into {@link #shared}, in order. */
  private java.util.Set<Prefix> commit(ConsumerRecord<byte[], byte[]> r, String writer) {
    if (r.value() == null) {
      return java.util.Set.of();
    }
    long upTo;
    try {
      upTo = org.bgpsentry.daemon.alert.AlertJson.MAPPER.readTree(r.value()).path("seq").asLong(-1);
    } catch (java.io.IOException e) {
      upTo = -1;
    }
    if (upTo < 0) {
      return skip(r, "malformed", "marker of " + writer + " has no seq");
    }
    java.util.TreeMap<Long, Map<Prefix, RegisteredPrefix>> batches = pending.get(writer);
    if (batches == null) {
      return java.util.Set.of();
    }
    Map<Prefix, java.util.Optional<RegisteredPrefix>> changes = new LinkedHashMap<>();
    Map<Long, Map<Prefix, RegisteredPrefix>> done = batches.headMap(upTo, true);
    done.values().forEach(batch -> batch.forEach((p, e) -> changes.put(p, java.util.Optional.ofNullable(e))));
    done.clear();
    if (batches.isEmpty()) {
      pending.remove(writer);
    }
    return put(changes);
  }

  private java.util.Set<Prefix> put(Map<Prefix, java.util.Optional<RegisteredPrefix>> changes) {
    changes.forEach((p, e) -> {
      if (e.isPresent()) {
        shared.put(p, e.get());
      } else {
        shared.remove(p);
      }
    });
    return changes.keySet();
  }

  private java.util.Set<Prefix> skip(ConsumerRecord<byte[], byte[]> r, String reason, String why) {
    metrics.kafkaRecordSkipped(topic, reason);
    LOG.warn("{}: skipped the record at partition {} offset {}: {}", topic, r.partition(), r.offset(), why);
    return java.util.Set.of();
  }

  /**
   * Makes the local registry hold what the topic holds for {@code prefixes} (null: every
   * prefix), without publishing it back: the change notifications this causes find no
   * difference. One registry change however many prefixes differ: per prefix, each would
   * rewrite the file and have detection re-evaluate everything.
   */
  private void apply(java.util.Set<Prefix> prefixes) {
    replace(shared, prefixes);
  }

  /** Makes the local registry hold {@code want} for {@code prefixes} (null: every prefix), in one registry change. */
  private void replace(Map<Prefix, RegisteredPrefix> want, java.util.Set<Prefix> prefixes) {
    Map<Prefix, RegisteredPrefix> have = new LinkedHashMap<>();
    currentLocal().forEach(p -> have.put(p.prefix(), p));
    List<RegisteredPrefix> put = new ArrayList<>();
    for (RegisteredPrefix p : want.values()) {
      if ((prefixes == null || prefixes.contains(p.prefix())) && !p.equals(have.get(p.prefix()))) {
        put.add(p);
      }
    }
    List<Prefix> gone = have.keySet().stream()
        .filter(p -> (prefixes == null || prefixes.contains(p)) && !want.containsKey(p)).toList();
    try {
      if (!put.isEmpty() || !gone.isEmpty()) {
        registry.update(put, gone);
      }
    } catch (java.io.IOException e) {
      LOG.error("{}: cannot write the shared registry's changes to the registry file: {}", topic, e.toString());
      return;
    }
    if (!put.isEmpty() || !gone.isEmpty()) {
      LOG.info("{}: shared registry applied: {} added or changed, {} removed", topic, put.size(), gone.size());
    }
  }

  /**
   * Sends what differs between the local registry and the topic as one batch: entries, and
   * tombstones for the rest, then the batch's commit marker.
   */
  private void publish() {
    Map<Prefix, RegisteredPrefix> want = new LinkedHashMap<>();
    currentLocal().forEach(p -> want.put(p.prefix(), p));
    byte[] batch = (writer + " " + (seq + 1)).getBytes(StandardCharsets.UTF_8);
    int records = 0;
    for (RegisteredPrefix p : want.values()) {
      if (!p.equals(shared.get(p.prefix()))) {
        send(p.prefix().toString(), encode(p), FORMAT, batch);
        shared.put(p.prefix(), p);
        records++;
      }
    }
    for (Prefix p : new ArrayList<>(shared.keySet())) {
      if (!want.containsKey(p)) {
        send(p.toString(), null, FORMAT, batch);
        shared.remove(p);
        records++;
      }
    }
    if (records > 0) {
      seq++;
      send(MARKER_KEY + writer, marker(seq, records), MARKER_FORMAT, null);
    }
  }

  static byte[] marker(long seq, int records) {
    return ("{\"seq\":" + seq + ",\"records\":" + records + "}").getBytes(StandardCharsets.UTF_8);
  }

  static byte[] encode(RegisteredPrefix p) {
    try {
      return org.bgpsentry.daemon.alert.AlertJson.MAPPER.writeValueAsBytes(Map.of("prefixes", List.of(RegistryFile.toMap(p))));
    } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
      throw new IllegalStateException(e);
    }
  }

  private void send(String key, byte[] value, int format, byte[] batch) {
    ProducerRecord<byte[], byte[]> r = new ProducerRecord<>(topic, 0, key.getBytes(StandardCharsets.UTF_8), value);
    r.headers().add(FORMAT_HEADER, Integer.toString(format).getBytes(StandardCharsets.UTF_8));
    if (batch != null) {
      r.headers().add(BATCH_HEADER, batch);
    }
    producer.send(r, (md, e) -> {
      if (e == null) {
        metrics.kafkaRecordSent(topic);
      } else {
        LOG.error("{}: cannot publish {}: {}", topic, key, e.toString());
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
