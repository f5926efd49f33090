package org.bgpsentry.daemon.kafka;

import java.time.Duration;
import java.util.Collections;
import java.util.HashSet;
import java.util.IdentityHashMap;
import java.util.Map;
import java.util.Set;
import org.bgpsentry.daemon.config.KafkaConfig;

/**
 * Which of a daemon's topics exist with the settings of docs/scaling.md: {@link ClusterWatch}
 * {@link #open opens} a topic once it created it (or found it there). Every Kafka client of the
 * daemon {@link #await waits} here, on its own thread, before its first metadata request or send
 * for a topic: a producer asking first would have the broker auto-create the topic
 * ({@code auto.create.topics.enable}, on by default) with the broker's partition count and no
 * compaction, and ClusterWatch would then find it there.
 *
 * <p>One gate per daemon: the daemon's components share its {@code kafka:} section (the same
 * object), which {@link #of} maps to the gate; {@link KafkaComponent} {@link #release releases} it
 * when it closes.
 */
final class TopicGate {
  private static final Map<KafkaConfig, TopicGate> GATES = Collections.synchronizedMap(new IdentityHashMap<>());

  private final Set<String> open = new HashSet<>();

  private TopicGate() {}

  /** The gate of the daemon whose {@code kafka:} section is {@code config}. */
  static TopicGate of(KafkaConfig config) {
    return GATES.computeIfAbsent(config, c -> new TopicGate());
  }

  /** Forgets the daemon's gate (it stopped); a daemon started again with the same section gets a new one. */
  static void release(KafkaConfig config) {
    GATES.remove(config);
  }

  /** {@code topic} exists with its settings: clients of it may go on. */
  synchronized void open(String topic) {
    if (open.add(topic)) {
      notifyAll();
    }
  }

  synchronized boolean isOpen(String topic) {
    return open.contains(topic);
  }

  /**
   * Waits until {@code topic} is open (true) or {@code stop} holds (false, checked every second):
   * for a client's own thread, which stops waiting when its component closes.
   */
  boolean awaitUnless(String topic, java.util.function.BooleanSupplier stop) {
    while (!stop.getAsBoolean()) {
      if (await(topic, Duration.ofSeconds(1))) {
        return true;
      }
      if (Thread.currentThread().isInterrupted()) {
        return false;
      }
    }
    return false;
  }

  /** Waits up to {@code timeout} for {@code topic} to be open; false when it is not (yet), or on interrupt. */
  synchronized boolean await(String topic, Duration timeout) {
    long deadline = System.nanoTime() + timeout.toNanos();
    while (!open.contains(topic)) {
      long left = deadline - System.nanoTime();
      if (left <= 0) {
        return false;
      }
      try {
        java.util.concurrent.TimeUnit.NANOSECONDS.timedWait(this, left);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        return false;
      }
    }
    return true;
  }
}
