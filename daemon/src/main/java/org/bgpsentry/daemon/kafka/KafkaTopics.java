package org.bgpsentry.daemon.kafka;

/**
 * The topic names of one cluster (CONTRACT.md §11): {@code alerts} and {@code bmp_raw} are
 * public formats; {@code registry} is the daemons' shared registry (compacted).
 */
public record KafkaTopics(String alerts, String bmpRaw, String registry) {
  public static KafkaTopics of(String prefix) {
    return new KafkaTopics(prefix + ".alerts", prefix + ".bmp_raw", prefix + ".registry");
  }
}
