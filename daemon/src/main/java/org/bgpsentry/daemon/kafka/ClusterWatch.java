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
 * other settings), retrying those it could not create at each check. Each topic created or found
 * opens the daemon's {@link TopicGate}, which the daemon's other Kafka clients wait on before they
 * use it: while the cluster is away at start, none of them can have the broker auto-create a
 * topic without its partitions and compaction. The first check runs in the constructor.
 */
final class ClusterWatch implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(ClusterWatch.class);
  static final Duration INTERVAL = Duration.ofSeconds(5);

  private final Admin admin;
  private final BgpsentryMetrics metrics;
  private final TopicGate gate;
  /** Topics not yet created or found (the watch thread only, after the constructor). */
  private final List<NewTopic> missing;
  private final ScheduledExecutorService timer =
      Executors.newSingleThreadScheduledExecutor(r -> Thread.ofPlatform().daemon().name("kafka-watch").unstarted(r));
  private Boolean up;

  ClusterWatch(KafkaClients clients, BgpsentryMetrics metrics, TopicGate gate, List<NewTopic> topics) {
    this.admin = clients.admin("watch", INTERVAL.minusSeconds(1));
    this.metrics = metrics;
    this.gate = gate;
    this.missing = new java.util.ArrayList<>(topics);
    // The first check runs before the caller starts its clients, so that with a cluster that
    // answers they find the gate open; bounded by INTERVAL when the cluster does not answer.
    check();
    timer.scheduleWithFixedDelay(this::check, INTERVAL.toMillis(), INTERVAL.toMillis(), TimeUnit.MILLISECONDS);
  }

  private void check() {
    boolean now;
    String why = "";
    try {
      now = !admin.describeCluster().nodes().get(INTERVAL.toMillis(), TimeUnit.MILLISECONDS).isEmpty();
      if (now && !missing.isEmpty()) {
        createTopics();
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

  /** Creates the missing topics; each one created or already there opens the gate and is no longer missing. */
  private void createTopics() throws InterruptedException {
    for (var e : admin.createTopics(missing).values().entrySet()) {
      try {
        e.getValue().get(INTERVAL.toMillis(), TimeUnit.MILLISECONDS);
        LOG.info("created topic {}", e.getKey());
      } catch (ExecutionException ex) {
        if (!(ex.getCause() instanceof TopicExistsException)) {
          LOG.warn("cannot create topic {}: {} (create it with the settings in docs/scaling.md; its clients wait for it)",
              e.getKey(), ex.getCause().toString());
          continue;
        }
      } catch (TimeoutException ex) {
        continue;
      }
      missing.removeIf(t -> t.name().equals(e.getKey()));
      gate.open(e.getKey());
    }
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
