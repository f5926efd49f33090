package org.bgpsentry.daemon.config;

import java.util.List;
import java.util.Map;

/**
 * The {@code kafka:} section (docs/scaling.md): where the cluster is, how topics are named, which
 * role this daemon plays. Absent (null in {@link BgpsentryConfig}) means one daemon does
 * everything and nothing talks to Kafka.
 *
 * @param bootstrapServers {@code host:port} of one or more brokers, as Kafka's {@code
 *     bootstrap.servers}
 * @param topicPrefix the first part of every topic name: {@code <prefix>.alerts}, ...
 * @param client extra client properties as written (TLS, SASL), given to every producer,
 *     consumer and admin client untouched
 * @param bootstrapAt {@code file:line:col} of {@code bootstrap_servers}, for warnings about it
 */
public record KafkaConfig(
    List<String> bootstrapServers,
    String topicPrefix,
    Map<String, String> client,
    Role role,
    boolean publishBmpRaw,
    String bootstrapAt) {
  public static final String DEFAULT_TOPIC_PREFIX = "bgpsentry";

  public KafkaConfig {
    bootstrapServers = List.copyOf(bootstrapServers);
    client = Map.copyOf(client);
  }

  /** What a daemon does in a cluster; each is a wiring of the same components. */
  public enum Role {
    /** Everything local, as without Kafka; alerts are also published. */
    STANDALONE,
    /** Sources only: publishes the route and peer events detection needs. */
    COLLECTOR,
    /** No sources: consumes the collectors' events, detects, delivers, publishes alerts. */
    DETECTOR;

    /** The config spelling. */
    public String configName() {
      return name().toLowerCase(java.util.Locale.ROOT);
    }
  }
}
