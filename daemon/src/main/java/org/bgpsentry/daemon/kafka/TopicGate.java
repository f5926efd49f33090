package org.bgpsentry.daemon.kafka;

import java.time.Duration;
import java.util.HashSet;
import java.util.Set;

/**
 * Which of a daemon's topics exist with the settings of docs/scaling.md: {@link ClusterWatch}
 * {@link #open opens} a topic once it created it (or found it there). Every Kafka client of the
 * daemon {@link #await waits} here, on its own thread, before its first metadata request or send
 * for a topic: a producer asking first would have the broker auto-create the topic
 * ({@code auto.create.topics.enable}, on by default) with the broker's partition count and no
 * compaction, and ClusterWatch would then find it there.
 *
 * <p>One gate per daemon, made where its Kafka components are (RunCommand) and handed to each of
 * them: {@link KafkaComponent} (which hands it on to {@link ClusterWatch}, {@link AlertPublisher},
 * {@link AlertState} and {@link RegistrySync}), {@link EventPublisher}, {@link BmpRawTap} and
 * {@link KafkaDetector}. Two daemons in one JVM never share one.
 */
public final class TopicGate {
  private final Set<String> open = new HashSet<>();

  /** A gate with no topic open yet, for one daemon's Kafka components. */
  public TopicGate() {}

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
