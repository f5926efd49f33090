package org.bgpsentry.daemon.kafka;

import java.time.Duration;
import java.util.Map;
import java.util.Properties;
import org.apache.kafka.clients.CommonClientConfigs;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.bgpsentry.daemon.config.KafkaConfig;

/**
 * Builds Kafka clients from the {@code kafka:} section: {@code bootstrap_servers}, then the
 * operator's {@code client} properties untouched (TLS, SASL), then what bgpsentry needs of each
 * client (serializers, delivery guarantees).
 */
public final class KafkaClients {
  private final KafkaConfig config;

  public KafkaClients(KafkaConfig config) {
    this.config = config;
  }

  public KafkaConfig config() {
    return config;
  }

  /** {@code bootstrap.servers}, a client id naming the role and purpose, and {@code kafka.client}. */
  Properties base(String purpose) {
    Properties p = new Properties();
    p.put(CommonClientConfigs.BOOTSTRAP_SERVERS_CONFIG, String.join(",", config.bootstrapServers()));
    p.put(CommonClientConfigs.CLIENT_ID_CONFIG, "bgpsentry-" + config.role().configName() + "-" + purpose);
    p.putAll(config.client());
    return p;
  }

  /**
   * An admin client that gives up within {@code timeout} per call, so that nothing waits on an
   * unreachable cluster longer than that.
   */
  /**
   * A consumer's properties: {@link #base} and no topic auto-creation, so a consumer that asks for
   * a topic before {@link ClusterWatch} created it waits for it instead of having the broker create
   * it with one partition and no compaction.
   */
  Properties consumer(String purpose) {
    Properties p = base(purpose);
    p.put(org.apache.kafka.clients.consumer.ConsumerConfig.ALLOW_AUTO_CREATE_TOPICS_CONFIG, "false");
    return p;
  }

  public Admin admin(String purpose, Duration timeout) {
    Properties p = base(purpose);
    int ms = (int) timeout.toMillis();
    p.putIfAbsent(AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, Integer.toString(ms));
    p.putIfAbsent(AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, Integer.toString(ms));
    p.putIfAbsent(AdminClientConfig.RETRY_BACKOFF_MS_CONFIG, "200");
    p.putIfAbsent(AdminClientConfig.RECONNECT_BACKOFF_MAX_MS_CONFIG, "1000");
    return Admin.create(p);
  }

  /**
   * A producer of byte keys and values: idempotent with {@code acks=all}, so a record is sent
   * once and in order per partition; a record waits (bounded by {@code buffer.memory}) while the
   * cluster is away instead of expiring after the default two minutes.
   */
  public KafkaProducer<byte[], byte[]> producer(String purpose) {
    return producer(purpose, false);
  }

  /**
   * {@link #producer(String)}; with {@code waitForCluster}, {@code send} waits for the cluster's
   * metadata as long as it is away (instead of failing the record after {@code max.block.ms}): for
   * a thread of its own whose queue then fills and pushes back on the sources.
   */
  public KafkaProducer<byte[], byte[]> producer(String purpose, boolean waitForCluster) {
    Properties p = base(purpose);
    if (waitForCluster) {
      p.putIfAbsent(ProducerConfig.MAX_BLOCK_MS_CONFIG, Long.toString(Long.MAX_VALUE));
    }
    p.put(ProducerConfig.ACKS_CONFIG, "all");
    p.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, "true");
    p.putIfAbsent(ProducerConfig.DELIVERY_TIMEOUT_MS_CONFIG, Integer.toString(Integer.MAX_VALUE));
    p.putIfAbsent(ProducerConfig.LINGER_MS_CONFIG, "5");
    p.putIfAbsent(ProducerConfig.COMPRESSION_TYPE_CONFIG, "lz4");
    return new KafkaProducer<>(p, new ByteArraySerializer(), new ByteArraySerializer());
  }

  /**
   * Stops a sending thread that drains its queue once {@code closing} is set: waits up to 5 s for
   * it, then closes the producer, which sends what it holds within 3 s.
   */
  static void stop(Thread sender, org.apache.kafka.clients.producer.Producer<?, ?> producer) {
    if (sender != null) {
      try {
        sender.join(5_000);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
      sender.interrupt();
    }
    if (producer != null) {
      producer.close(Duration.ofSeconds(3));
    }
  }

  /** The operator's extra properties (for logs and tests). */
  Map<String, String> client() {
    return config.client();
  }
}
