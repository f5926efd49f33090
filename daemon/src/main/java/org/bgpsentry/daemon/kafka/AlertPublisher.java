package org.bgpsentry.daemon.kafka;

import java.nio.charset.StandardCharsets;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.bgpsentry.analytics.alert.Alert;
import org.bgpsentry.daemon.alert.AlertDispatcher;
import org.bgpsentry.daemon.metrics.BgpsentryMetrics;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@code <prefix>.alerts} (docs/scaling.md): every committed transition, key = the alert key,
 * value = its alert JSON (docs/alerts.md), the very bytes the webhooks get. The dispatcher's commit thread only
 * queues; this thread waits for the topic ({@link TopicGate}), then hands records to the
 * producer, which may block while the cluster is away.
 * The queue is bounded ({@link #BACKLOG}); beyond it transitions are not published (logged and
 * counted), never held up: webhooks and the API do not depend on Kafka.
 */
final class AlertPublisher implements AlertDispatcher.CommitListener, AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(AlertPublisher.class);
  static final int BACKLOG = 100_000;

  private record Item(byte[] key, byte[] value) {}

  private final Producer<byte[], byte[]> producer;
  private final String topic;
  private final TopicGate gate;
  private final BgpsentryMetrics metrics;
  private final BlockingQueue<Item> queue = new ArrayBlockingQueue<>(BACKLOG);
  private final Thread thread;
  private volatile boolean closing;
  private long dropped;

  AlertPublisher(Producer<byte[], byte[]> producer, String topic, TopicGate gate, BgpsentryMetrics metrics) {
    this.producer = producer;
    this.topic = topic;
    this.gate = gate;
    this.metrics = metrics;
    this.thread = Thread.ofPlatform().daemon().name("kafka-alerts").start(this::run);
  }

  @Override
  public void committed(Alert alert, byte[] json) {
    if (!queue.offer(new Item(alert.key().getBytes(StandardCharsets.UTF_8), json))) {
      synchronized (this) {
        if (dropped++ % 1000 == 0) {
          LOG.error("{}: {} transitions wait for Kafka; not publishing {} {} ({} so far)",
              topic, BACKLOG, alert.key(), alert.status().wireName(), dropped);
        }
      }
    }
  }

  private void run() {
    if (!gate.awaitUnless(topic, () -> closing)) {
      return; // closing before the topic was there: what is queued stays unpublished
    }
    while (!closing || !queue.isEmpty()) {
      Item item;
      try {
        item = queue.poll(200, TimeUnit.MILLISECONDS);
      } catch (InterruptedException e) {
        return;
      }
      if (item == null) {
        continue;
      }
      try {
        producer.send(new ProducerRecord<>(topic, item.key(), item.value()), (md, e) -> {
          if (e == null) {
            metrics.kafkaRecordSent(topic);
          } else {
            LOG.error("{}: cannot publish {}: {}", topic, new String(item.key(), StandardCharsets.UTF_8), e.toString());
          }
        });
      } catch (RuntimeException e) {
        LOG.error("{}: cannot publish {}: {}", topic, new String(item.key(), StandardCharsets.UTF_8), e.toString());
      }
    }
  }

  /** Hands what is queued to the producer (bounded), then stops. */
  @Override
  public void close() {
    closing = true;
    try {
      thread.join(5_000);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    thread.interrupt();
  }
}
