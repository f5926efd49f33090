package org.bgpsentry.daemon.kafka;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.bgpsentry.analytics.alert.Alert;
import org.bgpsentry.analytics.alert.AlertStatus;
import org.bgpsentry.daemon.alert.AlertDispatcher;
import org.bgpsentry.daemon.alert.AlertJson;
import org.bgpsentry.daemon.metrics.BgpsentryMetrics;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@code <prefix>.alert_state} (compacted, docs/scaling.md), two kinds of records:
 *
 * <ul>
 *   <li>key = the alert key, value = the alert JSON (docs/alerts.md) of its latest transition
 *       while firing; a resolved alert leaves a tombstone;
 *   <li>key = {@code outbox <id> <status>} ({@link #OUTBOX}), value = that transition's alert
 *       JSON: committed, and not yet delivered by every webhook that takes it. Once each delivered
 *       it or gave up on it (counted {@code failed}), the detector writes a tombstone there: the
 *       delivery marker.
 * </ul>
 *
 * A detector writes its commits here before its webhooks may post them (bounded by {@link
 * #WAIT}), so a detector taking a partition over finds the ids of everything already raised (and
 * fires none of them again with a new id) and delivers, with their ids, the transitions the
 * previous owner committed but did not deliver (its webhooks stalled, then it died with them in
 * its outbox).
 */
final class AlertState implements AlertDispatcher.CommitListener {
  private static final Logger LOG = LoggerFactory.getLogger(AlertState.class);
  static final Duration WAIT = Duration.ofSeconds(10);
  /** Key prefix of the undelivered transitions; no alert key starts so (they start with the type). */
  static final String OUTBOX = "outbox ";

  /**
   * What the topic holds: the firing alerts by key, and the committed transitions not yet marked
   * delivered, in the order they were committed.
   */
  record Stored(Map<String, Alert> firing, List<Alert> undelivered) {}

  private final KafkaClients clients;
  private final Producer<byte[], byte[]> producer;
  private final String topic;
  private final TopicGate gate;
  private final BgpsentryMetrics metrics;
  private final List<Future<RecordMetadata>> sent = new ArrayList<>();

  AlertState(KafkaClients clients, Producer<byte[], byte[]> producer, String topic, TopicGate gate,
      BgpsentryMetrics metrics) {
    this.clients = clients;
    this.producer = producer;
    this.topic = topic;
    this.gate = gate;
    this.metrics = metrics;
  }

  @Override
  public void committed(Alert alert, byte[] json) {
    // A detector commits only what it consumed, after the cluster answered: the topic is there.
    if (!gate.await(topic, WAIT)) {
      LOG.error("{}: the topic is not there yet; {} {} is not stored in Kafka, a detector taking over may fire it again",
          topic, alert.key(), alert.status().wireName());
      return;
    }
    byte[] value = alert.status() == AlertStatus.FIRING ? json : null;
    sent.add(send(alert.key(), value));
    sent.add(send(outboxKey(alert), json));
  }

  /** Every webhook delivered the transition or gave up on it: its {@link #OUTBOX} record goes. */
  @Override
  public void delivered(Alert alert) {
    if (gate.isOpen(topic)) {
      send(outboxKey(alert), null);
    }
  }

  private static String outboxKey(Alert a) {
    return OUTBOX + a.id() + " " + a.status().wireName();
  }

  private Future<RecordMetadata> send(String key, byte[] value) {
    return producer.send(new ProducerRecord<>(topic, key.getBytes(StandardCharsets.UTF_8), value), (md, e) -> {
      if (e == null) {
        metrics.kafkaRecordSent(topic);
      } else {
        LOG.error("{}: cannot store {}: {}", topic, key, e.toString());
      }
    });
  }

  @Override
  public void batchCommitted() {
    long deadline = System.nanoTime() + WAIT.toNanos();
    for (Future<RecordMetadata> f : sent) {
      try {
        f.get(Math.max(0, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
      } catch (Exception e) {
        LOG.error("{}: an alert transition is not stored in Kafka ({}); a detector taking over may fire it again", topic,
            e.toString());
      }
    }
    sent.clear();
  }

  /** What is stored now, read from the beginning to the current end. */
  Stored read() {
    Properties p = clients.consumer("alert-state");
    p.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, "false");
    Map<String, Alert> out = new HashMap<>();
    Map<String, Alert> undelivered = new java.util.LinkedHashMap<>();
    try (KafkaConsumer<byte[], byte[]> c = new KafkaConsumer<>(p, new ByteArrayDeserializer(), new ByteArrayDeserializer())) {
      List<TopicPartition> parts = c.partitionsFor(topic).stream()
          .map(i -> new TopicPartition(topic, i.partition())).toList();
      c.assign(parts);
      c.seekToBeginning(parts);
      Map<TopicPartition, Long> end = c.endOffsets(parts);
      while (parts.stream().anyMatch(tp -> c.position(tp) < end.get(tp))) {
        for (ConsumerRecord<byte[], byte[]> r : c.poll(Duration.ofMillis(500))) {
          metrics.kafkaRecordReceived(topic);
          String key = r.key() == null ? "" : new String(r.key(), StandardCharsets.UTF_8);
          Map<String, Alert> into = key.startsWith(OUTBOX) ? undelivered : out;
          into.remove(key); // a transition stored again goes to the end
          if (r.value() == null) {
            continue;
          }
          try {
            Alert a = AlertJson.read(r.value());
            String expected = into == out ? a.key() : outboxKey(a);
            if (!expected.equals(key)) {
              throw new IllegalArgumentException("key '" + key + "' is not the alert's '" + expected + "'");
            }
            into.put(key, a);
          } catch (RuntimeException e) {
            metrics.kafkaRecordSkipped(topic, "malformed");
            LOG.warn("{}: skipped the record at partition {} offset {}: {}", topic, r.partition(), r.offset(), e.toString());
          }
        }
      }
    }
    return new Stored(out, List.copyOf(undelivered.values()));
  }
}
