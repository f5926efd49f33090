package org.bgpsentry.daemon.kafka;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.common.errors.TopicExistsException;
import org.bgpsentry.daemon.metrics.BgpsentryMetrics;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@code bgpsentry_kafka_up}: asks the cluster for its brokers every {@link #INTERVAL}, logs the
 * cluster going away and coming back once each, and creates this daemon's topics the first time
 * it answers (existing ones are left as they are, so an operator may create them beforehand with
 * other settings). The first check runs in the constructor, before the daemon's other Kafka
 * clients exist.
 */
final class ClusterWatch implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(ClusterWatch.class);
  static final Duration INTERVAL = Duration.ofSeconds(5);

  private final Admin admin;
  private final BgpsentryMetrics metrics;
  private final List<NewTopic> topics;
  private final ScheduledExecutorService timer =
      Executors.newSingleThreadScheduledExecutor(r -> Thread.ofPlatform().daemon().name("kafka-watch").unstarted(r));
  private Boolean up;
  private boolean topicsCreated;

  ClusterWatch(KafkaClients clients, BgpsentryMetrics metrics, List<NewTopic> topics) {
    this.admin = clients.admin("watch", INTERVAL.minusSeconds(1));
    this.metrics = metrics;
    this.topics = List.copyOf(topics);
    // The first check runs before the caller makes its producers and consumers, so that the
    // topics exist (with their partitions and compaction) before a client could have the broker
    // auto-create one; bounded by INTERVAL when the cluster does not answer.
    check();
    timer.scheduleWithFixedDelay(this::check, INTERVAL.toMillis(), INTERVAL.toMillis(), TimeUnit.MILLISECONDS);
  }

  private void check() {
    boolean now;
    String why = "";
    try {
      now = !admin.describeCluster().nodes().get(INTERVAL.toMillis(), TimeUnit.MILLISECONDS).isEmpty();
      if (now && !topicsCreated) {
        topicsCreated = createTopics();
      }
    } catch (ExecutionException | TimeoutException e) {
      now = false;
      why = e instanceof ExecutionException ? e.getCause().toString() : "no answer within " + INTERVAL;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return;
    }
    metrics.kafkaUp(now);
    if (up == null || up != now) {
      if (now) {
        LOG.info("Kafka cluster reachable");
      } else {
        LOG.warn("Kafka cluster not reachable: {}", why);
      }
      up = now;
    }
  }

  private boolean createTopics() throws InterruptedException {
    boolean ok = true;
    for (var e : admin.createTopics(topics).values().entrySet()) {
      try {
        e.getValue().get(INTERVAL.toMillis(), TimeUnit.MILLISECONDS);
        LOG.info("created topic {}", e.getKey());
      } catch (ExecutionException ex) {
        if (!(ex.getCause() instanceof TopicExistsException)) {
          LOG.warn("cannot create topic {}: {} (create it with the settings in docs/scaling.md)", e.getKey(), ex.getCause().toString());
          ok = false;
        }
      } catch (TimeoutException ex) {
        ok = false;
      }
    }
    return ok;
  }

  @Override
  public void close() {
    timer.shutdownNow();
    try {
      timer.awaitTermination(INTERVAL.toMillis(), TimeUnit.MILLISECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    admin.close(Duration.ofSeconds(1));
  }
}
