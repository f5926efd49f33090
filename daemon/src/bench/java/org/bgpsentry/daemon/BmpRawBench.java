package org.bgpsentry.daemon;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.bgpsentry.daemon.UpdateToWebhookBench.Table;
import org.bgpsentry.daemon.kafka.KafkaBroker;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The cost of {@code publish_bmp_raw} (docs/performance.md "Kafka scale-out"): one standalone
 * daemon ({@code bin/bgpsentry run}, one registered prefix) takes the full table from the bench
 * harness's {@code blaster.py} with a real Kafka broker ({@link KafkaBroker}), alternately with
 * {@code publish_bmp_raw} off and on. Reported per run: time from the first route to the full
 * table, the daemon's CPU seconds over that time (/proc utime + stime), and with it on, when the
 * broker had acknowledged every {@code bmp_raw} record (backlog 0, count steady for 2 s), records
 * per second and the topic's bytes in the broker's log per route. Run by the {@code bench}
 * profile; fixed loopback addresses, so under {@code flock /tmp/bgpsentry-external.lock}.
 */
class BmpRawBench {
  static final String FEED = "127.0.0.2";
  static final String DAEMON = "127.0.0.40";
  static final long FEED_AS = 65001;
  static final Duration WAIT = Duration.ofMinutes(10);

  @TempDir Path dir;

  @Test
  void fullTableWithAndWithoutBmpRaw() throws Exception {
    String harness = System.getProperty("bgpsentry.bench.dir");
    assertThat(harness).as("-Dbgpsentry.bench.dir: the full-table harness (blaster.py)").isNotNull();
    Path bench = Path.of(harness).toAbsolutePath().normalize();
    Path table = Path.of(System.getProperty("bgpsentry.bench.table", bench.resolve("out/table.bin").toString()));
    Path cache = Path.of(System.getProperty("bgpsentry.bench.cache", table.resolveSibling("stream.cache").toString()));
    int runs = Integer.getInteger("bgpsentry.bench.runs", 2);
    long routes = Table.read(table).size();
    Path launcher = EndToEndIT.launcher();
    List<String> lines = new ArrayList<>();
    try (KafkaBroker broker = KafkaBroker.start(dir.resolve("broker"))) {
      for (int run = 0; run < 2 * runs; run++) {
        boolean on = run % 2 == 1;
        String topics = "b" + run;
        Path d = Files.createDirectories(dir.resolve(topics));
        int bgp = EndToEndIT.freePort(DAEMON);
        int http = EndToEndIT.freePort();
        Files.writeString(d.resolve("prefixes.yml"), "prefixes:\n  - {prefix: 192.0.2.0/24, origin_asns: [64496]}\n");
        Files.writeString(d.resolve("bgpsentry.yml"), """
            bgp: {listen: "%s:%d", local_asn: 65000, router_id: %s}
            peers:
              - {name: feed, address: %s, remote_asn: %d}
            registry: {file: prefixes.yml}
            http: {listen: "127.0.0.1:%d"}
            state_dir: state
            kafka: {bootstrap_servers: ["%s"], topic_prefix: %s, publish_bmp_raw: %s}
            """.formatted(DAEMON, bgp, DAEMON, FEED, FEED_AS, http, broker.bootstrap(), topics, on));
        List<Process> started = new ArrayList<>();
        try {
          Process daemon = start(started, d, "daemon", List.of(launcher.toString(), "run", "--config",
              d.resolve("bgpsentry.yml").toString()));
          ApiClient api = new ApiClient(() -> http);
          EndToEndIT.await("ready on /readyz", WAIT, () -> api.status("/readyz") == 200);
          start(started, d, "blaster", List.of("python3", bench.resolve("blaster.py").toString(), "send",
              "--table", table.toString(), "--cache", cache.toString(), "--connect", DAEMON + ":" + bgp,
              "--bind", FEED, "--local-as", String.valueOf(FEED_AS), "--router-id", FEED, "--max-time", "3000"));
          EndToEndIT.await("the first route", WAIT, () -> sum(api, "bgpsentry_bgp_routes{") > 0);
          long t0 = System.nanoTime();
          double cpu0 = cpu(daemon.pid());
          EndToEndIT.await("the full table", WAIT, () -> sum(api, "bgpsentry_bgp_routes{") >= routes);
          double tableSeconds = (System.nanoTime() - t0) / 1e9;
          double tableCpu = cpu(daemon.pid()) - cpu0;
          String line = "publish_bmp_raw %-5s: full table (%,d routes) in %.2f s, %.2f CPU s".formatted(on, routes,
              tableSeconds, tableCpu);
          if (on) {
            String sent = "bgpsentry_kafka_records_sent_total{topic=\"" + topics + ".bmp_raw\"}";
            double[] last = {-1};
            long[] steadySince = {0};
            EndToEndIT.await("every bmp_raw record acknowledged", WAIT, () -> {
              double now = sum(api, sent);
              if (now != last[0] || sum(api, "bgpsentry_kafka_bmp_raw_backlog_bytes") > 0) {
                last[0] = now;
                steadySince[0] = System.nanoTime();
                return false;
              }
              return System.nanoTime() - steadySince[0] > 2_000_000_000L;
            });
            double ackSeconds = (steadySince[0] - t0) / 1e9;
            long bytes = topicBytes(broker.bootstrap(), topics + ".bmp_raw");
            line += "; %,.0f bmp_raw records all acknowledged %.2f s after the first route (%,.0f records/s), %.2f CPU s"
                .formatted(last[0], ackSeconds, last[0] / ackSeconds, cpu(daemon.pid()) - cpu0)
                + "; %,d bytes in the broker's log: %.1f bytes/route, %.1f bytes/record; pauses %.0f".formatted(bytes,
                (double) bytes / routes, bytes / last[0], sum(api, "bgpsentry_kafka_bmp_raw_pauses_total"));
          }
          lines.add(line);
          System.out.println(line);
        } finally {
          EndToEndIT.stop(started);
        }
      }
    }
    System.out.printf("%n=== publish_bmp_raw off/on, full table, load %s ===%n", Files.readString(Path.of("/proc/loadavg")).trim());
    lines.forEach(System.out::println);
  }

  private static double sum(ApiClient api, String prefix) {
    return api.text("/metrics").lines().filter(l -> l.startsWith(prefix))
        .mapToDouble(l -> Double.parseDouble(l.substring(l.lastIndexOf(' ') + 1))).sum();
  }

  /** CPU seconds (user + system) of a process and its threads, from /proc/pid/stat (100 ticks/s). */
  private static double cpu(long pid) throws java.io.IOException {
    String stat = Files.readString(Path.of("/proc", Long.toString(pid), "stat"));
    String[] f = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
    return (Long.parseLong(f[11]) + Long.parseLong(f[12])) / 100.0;
  }

  private static Process start(List<Process> started, Path d, String name, List<String> command) throws java.io.IOException {
    Process p = new ProcessBuilder(command).directory(d.toFile()).redirectErrorStream(true)
        .redirectOutput(d.resolve(name + ".log").toFile()).start();
    started.add(p);
    return p;
  }

  /** Bytes of {@code topic} in the broker's log directories (lz4 batches as stored). */
  private static long topicBytes(String bootstrap, String topic) throws Exception {
    try (org.apache.kafka.clients.admin.Admin admin = org.apache.kafka.clients.admin.Admin.create(
        Map.of(org.apache.kafka.clients.admin.AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap))) {
      long bytes = 0;
      for (var dirs : admin.describeLogDirs(List.of(1)).allDescriptions().get().values()) {
        for (var x : dirs.values()) {
          for (var e : x.replicaInfos().entrySet()) {
            if (e.getKey().topic().equals(topic)) {
              bytes += e.getValue().size();
            }
          }
        }
      }
      return bytes;
    }
  }
}
