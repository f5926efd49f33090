package org.bgpsentry.daemon.kafka;

/**
 * The topic names of one cluster (docs/scaling.md): {@code alerts} and {@code bmp_raw} are
 * public formats; {@code registry} (the shared registry), {@code events} (collectors' route and
 * peer events) and {@code alertState} (each alert's latest transition) are the daemons' own,
 * compacted; the detectors' consumer group is {@code detectors}.
 */
public record KafkaTopics(
    String alerts, String bmpRaw, String registry, String events, String alertState, String detectors) {
  /** Partitions {@code events} is created with (an existing topic keeps its own count). */
  public static final int EVENTS_PARTITIONS = 12;

  public static KafkaTopics of(String prefix) {
    return new KafkaTopics(prefix + ".alerts", prefix + ".bmp_raw", prefix + ".registry", prefix + ".events",
        prefix + ".alert_state", prefix + "-detectors");
  }
}
