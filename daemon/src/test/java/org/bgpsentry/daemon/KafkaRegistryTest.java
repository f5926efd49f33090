package org.bgpsentry.daemon;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.bgpsentry.daemon.alert.Receiver;
import org.bgpsentry.daemon.kafka.KafkaBroker;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * docs/scaling.md: the registry is shared through the compacted {@code <prefix>.registry}; a
 * change by file, SIGHUP or API on any daemon reaches all of them. Two daemons on one real
 * broker: the first seeds the empty topic, the second adopts the shared registry over its own
 * file, then edits on either side (API add, file edit, SIGHUP, API delete) appear on the other,
 * and unusable records in the topic are skipped and counted without stopping anything. A daemon
 * started while the topic is being seeded adopts the seeded registry whole, never a part.
 */
class KafkaRegistryTest {
  private static final Duration WAIT = Duration.ofSeconds(60);
  @TempDir Path dir;

  private Daemon daemon(String name, String bootstrap, String... prefixes) throws Exception {
    return daemon(name, bootstrap, List.of(), prefixes);
  }

  private Daemon daemon(String name, String bootstrap, List<DaemonComponent> more, String... prefixes) throws Exception {
    Daemon.Loaded loaded = KafkaDaemons.load(dir.resolve(name), registry(prefixes), """
        bgp: {listen: "127.0.0.1:%d", local_asn: 65000, router_id: 192.0.2.1}
        peers: []
        kafka: {bootstrap_servers: ["%s"], topic_prefix: reg}
        """.formatted(DaemonTest.freePort("127.0.0.1"), bootstrap));
    List<DaemonComponent> components = new java.util.ArrayList<>(more);
    components.addAll(Wiring.components(loaded.config()));
    Daemon daemon = new Daemon(loaded.config(), loaded.registry(), components);
    daemon.start();
    return daemon;
  }

  private static void writeRegistry(Path d, String... prefixes) throws Exception {
    Files.writeString(d.resolve("prefixes.yml"), registry(prefixes));
  }

  private static String registry(String... prefixes) {
    StringBuilder sb = new StringBuilder("prefixes:\n");
    for (String p : prefixes) {
      sb.append("  - {prefix: ").append(p).append(", origin_asns: [64496]}\n");
    }
    return sb.toString();
  }

  private static Set<String> prefixes(ApiClient api) {
    Set<String> out = new TreeSet<>();
    api.json("/api/v1/prefixes").path("prefixes").forEach(p -> out.add(p.path("prefix").asText()));
    return out;
  }

  @Test
  void aChangeByFileSighupOrApiOnEitherDaemonReachesTheOther() throws Exception {
    try (KafkaBroker broker = KafkaBroker.start(dir.resolve("broker"));
        Daemon a = daemon("a", broker.bootstrap(), "203.0.113.0/24")) {
      ApiClient apiA = new ApiClient(() -> a.httpAddress().getPort());
      Receiver.await(() -> apiA.text("/metrics").contains("bgpsentry_kafka_records_sent_total{topic=\"reg.registry\"} 2.0"),
          WAIT, "a seeds the empty topic with its registry (its entry, then the commit marker)");
      try (Daemon b = daemon("b", broker.bootstrap(), "198.51.100.0/24")) {
        ApiClient apiB = new ApiClient(() -> b.httpAddress().getPort());
        Receiver.await(() -> prefixes(apiB).equals(Set.of("203.0.113.0/24")), WAIT,
            "b adopts the shared registry over its own file");
        assertThat(Files.readString(dir.resolve("b/prefixes.yml"))).contains("203.0.113.0/24").doesNotContain("198.51.100.0/24");

        assertThat(apiB.post("/api/v1/prefixes", "{\"prefixes\": [{\"prefix\": \"192.0.2.0/24\", \"origin_asns\": [64497]}]}"))
            .isEqualTo(200);
        Receiver.await(() -> prefixes(apiA).equals(Set.of("203.0.113.0/24", "192.0.2.0/24")), WAIT, "b's API add at a");
        assertThat(apiA.json("/api/v1/prefixes").toString()).contains("64497");

        writeRegistry(dir.resolve("a"), "192.0.2.0/24", "198.18.0.0/15");
        Receiver.await(() -> prefixes(apiB).equals(Set.of("192.0.2.0/24", "198.18.0.0/15")), WAIT,
            "a's file edit (one removed, one added) at b");

        writeRegistry(dir.resolve("b"), "192.0.2.0/24", "198.18.0.0/15", "100.64.0.0/10");
        assertThat(b.reload()).isEmpty();
        Receiver.await(() -> prefixes(apiA).equals(Set.of("192.0.2.0/24", "198.18.0.0/15", "100.64.0.0/10")), WAIT,
            "b's SIGHUP reload at a");

        Map<String, Object> props = Map.of(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, broker.bootstrap());
        try (KafkaProducer<byte[], byte[]> p = new KafkaProducer<>(props, new ByteArraySerializer(), new ByteArraySerializer())) {
          p.send(new ProducerRecord<>("reg.registry", 0, "10.0.0.0/8".getBytes(StandardCharsets.UTF_8),
              new byte[] {(byte) 0xde, (byte) 0xad, 0x00})).get();
          ProducerRecord<byte[], byte[]> newer = new ProducerRecord<>("reg.registry", 0,
              "10.0.0.0/8".getBytes(StandardCharsets.UTF_8),
              "{\"prefixes\": [{\"prefix\": \"10.0.0.0/8\", \"origin_asns\": [1]}]}".getBytes(StandardCharsets.UTF_8));
          newer.headers().add("bgpsentry-format", "2".getBytes(StandardCharsets.UTF_8));
          p.send(newer).get();
        }
        for (ApiClient api : List.of(apiA, apiB)) {
          Receiver.await(() -> api.text("/metrics").contains(
              "bgpsentry_kafka_records_skipped_total{reason=\"malformed\",topic=\"reg.registry\"} 1.0")
              && api.text("/metrics").contains(
              "bgpsentry_kafka_records_skipped_total{reason=\"newer_format\",topic=\"reg.registry\"} 1.0"), WAIT,
              "the garbage and the newer-format record skipped and counted");
        }

        HttpResponse<Void> del = HttpClient.newHttpClient().send(HttpRequest.newBuilder(
                URI.create("http://127.0.0.1:" + a.httpAddress().getPort() + "/api/v1/prefixes/198.18.0.0/15"))
            .DELETE().build(), HttpResponse.BodyHandlers.discarding());
        assertThat(del.statusCode()).isLessThan(300);
        Receiver.await(() -> prefixes(apiB).equals(Set.of("192.0.2.0/24", "100.64.0.0/10")), WAIT,
            "a's API delete at b, after the skipped records");
        assertThat(prefixes(apiA)).isEqualTo(prefixes(apiB)).doesNotContain("10.0.0.0/8");
      }
    }
  }

  /** Counts the registry changes a daemon hands its components, and keeps the last. */
  private static final class Changes implements DaemonComponent {
    final java.util.concurrent.atomic.AtomicInteger count = new java.util.concurrent.atomic.AtomicInteger();
    volatile List<org.bgpsentry.analytics.prefix.RegisteredPrefix> last = List.of();
    /** Every change's prefixes, sorted. */
    final List<List<String>> seen = java.util.Collections.synchronizedList(new java.util.ArrayList<>());

    @Override
    public void start(DaemonContext context, org.bgpsentry.daemon.config.BgpsentryConfig config,
        List<org.bgpsentry.analytics.prefix.RegisteredPrefix> registry) {}

    @Override
    public Reload prepareReload(org.bgpsentry.daemon.config.BgpsentryConfig config,
        List<org.bgpsentry.analytics.prefix.RegisteredPrefix> registry) {
      return () -> {};
    }

    @Override
    public void registryChanged(List<org.bgpsentry.analytics.prefix.RegisteredPrefix> registry) {
      last = registry;
      seen.add(registry.stream().map(p -> p.prefix().toString()).sorted().toList());
      count.incrementAndGet();
    }

    @Override
    public org.bgpsentry.daemon.http.ApiViews contribute(org.bgpsentry.daemon.http.ApiViews views) {
      return views;
    }

    @Override
    public void close() {}
  }

  /**
   * A daemon whose file holds many prefixes the shared registry lacks (it started while another
   * seeded the topic, or its file is stale) adopts the shared registry as one change: one file
   * write, one re-evaluation by detection. One change per dropped prefix kept a detector's
   * analytics re-evaluating everything for minutes, and its alerts seconds late (issue 14).
   */
  @Test
  void adoptingTheSharedRegistryIsOneChangeHoweverManyPrefixesItDrops() throws Exception {
    String[] own = new String[500];
    for (int i = 0; i < own.length; i++) {
      own[i] = "10." + (i / 256) + "." + (i % 256) + ".0/24";
    }
    try (KafkaBroker broker = KafkaBroker.start(dir.resolve("broker"));
        Daemon a = daemon("a", broker.bootstrap(), List.of(), "203.0.113.0/24")) {
      ApiClient apiA = new ApiClient(() -> a.httpAddress().getPort());
      Receiver.await(() -> apiA.text("/metrics").contains("bgpsentry_kafka_records_sent_total{topic=\"reg.registry\"} 2.0"),
          WAIT, "a seeds the empty topic with its registry (its entry, then the commit marker)");
      Changes changes = new Changes();
      try (Daemon b = daemon("b", broker.bootstrap(), List.of(changes), own)) {
        ApiClient apiB = new ApiClient(() -> b.httpAddress().getPort());
        Receiver.await(() -> prefixes(apiB).equals(Set.of("203.0.113.0/24")), WAIT,
            "b adopts the shared registry over its own file of " + own.length + " prefixes");
        assertThat(changes.last).extracting(p -> p.prefix().toString()).containsExactly("203.0.113.0/24");
        assertThat(changes.count.get()).as("registry changes b made to adopt the shared registry").isEqualTo(1);
        assertThat(Files.readString(dir.resolve("b/prefixes.yml"))).contains("203.0.113.0/24").doesNotContain("10.0.0.0/24");
      }
    }
  }

  private static ProducerRecord<byte[], byte[]> seedRecord(String key, String value, String format, String batch) {
    ProducerRecord<byte[], byte[]> r = new ProducerRecord<>("reg.registry", 0, key.getBytes(StandardCharsets.UTF_8),
        value.getBytes(StandardCharsets.UTF_8));
    r.headers().add("bgpsentry-format", format.getBytes(StandardCharsets.UTF_8));
    if (batch != null) {
      r.headers().add("bgpsentry-batch", batch.getBytes(StandardCharsets.UTF_8));
    }
    return r;
  }

  /**
   * The seeding race: the test seeds the topic as a daemon does (entries of one batch, then its
   * commit marker) and stops half-way; a daemon started meanwhile reads the half, keeps its own
   * registry (and an API add made meanwhile) and hands out no registry change until the marker
   * comes, then adopts the whole seeded registry in one change, with the add kept and published.
   */
  @Test
  void aDaemonStartedWhileAnotherSeedsTheTopicNeverHoldsAPartOfIt() throws Exception {
    String[] seeded = new String[2000];
    for (int i = 0; i < seeded.length; i++) {
      seeded[i] = "10." + (i / 256) + "." + (i % 256) + ".0/24";
    }
    Set<String> full = new TreeSet<>(List.of(seeded));
    try (KafkaBroker broker = KafkaBroker.start(dir.resolve("broker"));
        org.apache.kafka.clients.admin.Admin admin = org.apache.kafka.clients.admin.Admin.create(
            Map.<String, Object>of("bootstrap.servers", broker.bootstrap()));
        KafkaProducer<byte[], byte[]> seeder = new KafkaProducer<>(
            Map.<String, Object>of(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, broker.bootstrap()),
            new ByteArraySerializer(), new ByteArraySerializer())) {
      admin.createTopics(List.of(new org.apache.kafka.clients.admin.NewTopic("reg.registry", 1, (short) 1)
          .configs(Map.of("cleanup.policy", "compact")))).all().get();
      int half = seeded.length / 2;
      for (int i = 0; i < half; i++) {
        seeder.send(seedRecord(seeded[i], "{\"prefixes\": [{\"prefix\": \"" + seeded[i] + "\", \"origin_asns\": [64496]}]}",
            "1", "seeder 1"));
      }
      seeder.flush();

      Changes changes = new Changes();
      try (Daemon b = daemon("b", broker.bootstrap(), List.of(changes), "198.51.100.0/24")) {
        ApiClient apiB = new ApiClient(() -> b.httpAddress().getPort());
        Receiver.await(() -> apiB.metric("bgpsentry_kafka_records_received_total{topic=\"reg.registry\"}") >= half,
            WAIT, "b read the half seeded so far");
        assertThat(apiB.post("/api/v1/prefixes", "{\"prefixes\": [{\"prefix\": \"192.0.2.0/24\", \"origin_asns\": [64497]}]}"))
            .isEqualTo(200);
        assertThat(prefixes(apiB)).as("b holds its own registry while the seeding goes on")
            .isEqualTo(Set.of("198.51.100.0/24", "192.0.2.0/24"));

        for (int i = half; i < seeded.length; i++) {
          seeder.send(seedRecord(seeded[i], "{\"prefixes\": [{\"prefix\": \"" + seeded[i] + "\", \"origin_asns\": [64496]}]}",
              "1", "seeder 1"));
        }
        seeder.send(seedRecord("commit seeder", "{\"seq\": 1, \"records\": " + seeded.length + "}", "2", null)).get();

        Set<String> adopted = new TreeSet<>(full);
        adopted.add("192.0.2.0/24");
        Receiver.await(() -> prefixes(apiB).equals(adopted), WAIT,
            "b adopts the whole seeded registry, its API add kept");
        Receiver.await(() -> apiB.metric("bgpsentry_kafka_records_sent_total{topic=\"reg.registry\"}") == 2.0, WAIT,
            "b publishes its API add (entry and marker)");
        assertThat(changes.seen).as("registry changes b made: its API add, then the whole seeded registry")
            .containsExactly(List.of("192.0.2.0/24", "198.51.100.0/24"), List.copyOf(adopted));
      }
    }
  }
}
