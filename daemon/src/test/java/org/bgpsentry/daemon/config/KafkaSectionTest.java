package org.bgpsentry.daemon.config;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** docs/scaling.md {@code kafka:}: defaults, the client map untouched, roles, file:line:col errors. */
class KafkaSectionTest {
  @TempDir Path dir;

  private static final String SOURCES =
      """
      bgp: {local_asn: 64512, router_id: 192.0.2.1}
      peers: []
      """;

  /** {@code yaml} with a registry file at its end (Kafka roles share the registry through it). */
  private Path write(String yaml) throws Exception {
    Files.writeString(dir.resolve("prefixes.yml"), "prefixes: []\n");
    Path p = dir.resolve("c.yml");
    Files.writeString(p, yaml + "registry: {file: prefixes.yml}\n");
    return p;
  }

  private BgpsentryConfig load(String yaml) throws Exception {
    Path p = write(yaml);
    return ConfigLoader.load(p, BgpsentryConfig.Purpose.RUN);
  }

  private List<String> errors(String yaml) throws Exception {
    Path p = write(yaml);
    return ConfigErrors.of(p);
  }

  @Test
  void withoutTheSectionThereIsNoKafka() throws Exception {
    assertThat(load(SOURCES).kafka()).isNull();
  }

  @Test
  void kafkaRolesKeepTheSharedRegistryInRegistryFile() throws Exception {
    Path p = dir.resolve("c.yml");
    Files.writeString(p, SOURCES + "kafka: {bootstrap_servers: [k:9092]}\n");
    try {
      ConfigLoader.load(p, BgpsentryConfig.Purpose.RUN);
      throw new AssertionError("expected errors");
    } catch (ConfigException e) {
      assertThat(e.errors().stream().map(err -> err.toString().replace(p.toString(), "F"))).containsExactly(
          "F:3:9: 'kafka' is set but 'registry' is not (expected: registry.file, where this daemon keeps the"
              + " registry it shares with the others through bgpsentry.registry)");
    }
  }

  @Test
  void onlyBootstrapServersIsRequiredAndTheRestHasTheBracketedDefaults() throws Exception {
    KafkaConfig k = load(SOURCES + "kafka:\n  bootstrap_servers: kafka1.example.net:9092\n").kafka();
    assertThat(k.bootstrapServers()).containsExactly("kafka1.example.net:9092");
    assertThat(k.topicPrefix()).isEqualTo("bgpsentry");
    assertThat(k.client()).isEmpty();
    assertThat(k.role()).isEqualTo(KafkaConfig.Role.STANDALONE);
    assertThat(k.publishBmpRaw()).isFalse();
    assertThat(k.bootstrapAt()).isEqualTo(dir.resolve("c.yml") + ":4:22");
  }

  @Test
  void clientPropertiesPassThroughAsWritten() throws Exception {
    KafkaConfig k = load(SOURCES + """
        kafka:
          bootstrap_servers: [kafka1:9093, "[2001:db8::1]:9093"]
          topic_prefix: pop1.bgp
          role: collector
          publish_bmp_raw: true
          client:
            security.protocol: SASL_SSL
            sasl.mechanism: SCRAM-SHA-512
            ssl.endpoint.identification.algorithm: ""
            max.request.size: 2097152
        """).kafka();
    assertThat(k.bootstrapServers()).containsExactly("kafka1:9093", "[2001:db8::1]:9093");
    assertThat(k.topicPrefix()).isEqualTo("pop1.bgp");
    assertThat(k.role()).isEqualTo(KafkaConfig.Role.COLLECTOR);
    assertThat(k.publishBmpRaw()).isTrue();
    assertThat(k.client()).isEqualTo(Map.of(
        "security.protocol", "SASL_SSL", "sasl.mechanism", "SCRAM-SHA-512",
        "ssl.endpoint.identification.algorithm", "", "max.request.size", "2097152"));
  }

  @Test
  void aDetectorNeedsNoSourcesAndMayNotHaveThem() throws Exception {
    BgpsentryConfig c = load("kafka: {bootstrap_servers: [k:9092], role: detector}\n");
    assertThat(c.bgp()).isNull();
    assertThat(c.peers()).isEmpty();
    assertThat(errors(SOURCES + "kafka: {bootstrap_servers: [k:9092], role: detector}\n")).containsExactly(
        "F:1:7: 'bgp' is set but kafka.role is detector, which has no sources (expected: no 'bgp' here;"
            + " sessions belong in a collector's or standalone daemon's config)",
        "F:2:8: 'peers' is set but kafka.role is detector, which has no sources (expected: no 'peers' here;"
            + " sessions belong in a collector's or standalone daemon's config)");
    assertThat(errors("kafka: {bootstrap_servers: [k:9092], role: collector}\n"))
        .as("a collector has sources").contains("F:1:1: missing required key 'bgp' in the config (expected: a value)");
  }

  @Test
  void everyBadValueIsReportedAtItsPosition() throws Exception {
    assertThat(errors(SOURCES + """
        kafka:
          topic_prefix: "bgp sentry"
          role: leader
          publish_bmp_raw: yes please
          client:
            bootstrap.servers: other:9092
            ssl.keystore: {a: 1}
          partitions: 3
        """)).containsExactly(
        "F:4:3: missing required key 'bootstrap_servers' in kafka (expected: a value)",
        "F:4:17: 'topic_prefix' is 'bgp sentry' (expected: 1..237 of the characters Kafka allows in topic names:"
            + " letters, digits, '.', '_', '-')",
        "F:5:9: 'role' is 'leader' (expected: one of standalone, collector, detector)",
        "F:6:20: 'publish_bmp_raw' is 'yes please' (expected: true or false)",
        "F:8:5: 'bootstrap.servers' in kafka.client is set by bgpsentry (expected: kafka.bootstrap_servers)",
        "F:9:20: 'ssl.keystore' in kafka.client is a mapping (expected: a string, number or boolean,"
            + " as in a Kafka client .properties file)",
        "F:10:3: unknown key 'partitions' in kafka (expected one of: bootstrap_servers, topic_prefix, client, role,"
            + " publish_bmp_raw)");
    assertThat(errors(SOURCES + "kafka: {bootstrap_servers: [kafka1, 'k:99999']}\n")).containsExactly(
        "F:3:29: 'bootstrap_servers' has 'kafka1' (expected: host:port, e.g. kafka1:9092)");
    assertThat(errors(SOURCES + "kafka: {bootstrap_servers: []}\n")).containsExactly(
        "F:3:28: 'bootstrap_servers' is empty (expected: at least one host:port)");
  }
}
