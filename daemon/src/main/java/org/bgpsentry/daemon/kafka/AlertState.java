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
 * {@code <prefix>.alert_state} (compacted, docs/scaling.md): each firing alert's latest
 * transition, key = the alert key, value = its alert JSON (docs/alerts.md); a resolved alert leaves a tombstone. A
 * detector writes its commits here before its webhooks may post them (bounded by {@link
 * #WAIT}), so a detector taking a partition over finds the ids of everything already delivered
 * and fires none of them again with a new id.
 */
final class AlertState implements AlertDispatcher.CommitListener {
  private static final Logger LOG = LoggerFactory.getLogger(AlertState.class);
  static final Duration WAIT = Duration.ofSeconds(10);

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
    sent.add(producer.send(new ProducerRecord<>(topic, alert.key().getBytes(StandardCharsets.UTF_8), value), (md, e) -> {
      if (e == null) {
        metrics.kafkaRecordSent(topic);
      }
    }));
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

  /** Every firing alert stored now, read from the beginning to the current end. */
  Map<String, Alert> read() {
    Properties p = clients.consumer("alert-state");
    p.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, "false");
    Map<String, Alert> out = new HashMap<>();
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
          if (r.value() == null) {
            out.remove(key);
            continue;
          }
          try {
            Alert a = AlertJson.read(r.value());
            if (!a.key().equals(key)) {
              throw new IllegalArgumentException("key '" + key + "' is not the alert's '" + a.key() + "'");
            }
            out.put(key, a);
          } catch (RuntimeException e) {
            metrics.kafkaRecordSkipped(topic, "malformed");
            LOG.warn("{}: skipped the record at partition {} offset {}: {}", topic, r.partition(), r.offset(), e.toString());
          }
        }
      }
    }
    return out;
  }
}
