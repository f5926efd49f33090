package org.bgpsentry.daemon;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;
import org.bgpsentry.codec.model.nlri.Prefix;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * UPDATE-to-webhook latency with the full table flowing and 10,000 registered prefixes (issue 6
 * "Performance"). A measurement, not a check (run only by the {@code bench} profile), and
 * holds fixed loopback addresses, so run it under {@code flock /tmp/bgpsentry-external.lock}.
 *
 * <p>The real launcher {@code bin/bgpsentry run} gets a registry of 10,000 prefixes taken from the
 * bench table (BGPTBL01 format of the full-table harness's {@code gen_table.py}) with their real
 * origins: 8,000 IPv4 /24s and 2,000 IPv6 /48s, spread over the table (the table's most common
 * lengths; few have more specifics). The
 * bench's {@code blaster.py} sends the full table from 127.0.0.2 (AS 65001); a {@link ScriptedPeer}
 * (127.0.0.3, AS 65002) announces, one UPDATE at a time, registered IPv4
 * prefixes from a foreign origin (AS 3, or 4 when 3 is the registered one), each an {@code
 * origin_hijack}: first every 10 ms while the table flows, then {@link #AFTER} more every 20 ms
 * once it is in, then {@link #AFTER} more while {@code GET /api/v1/routes} queries over the whole
 * table run back to back (the scan shares the BGP event loop). A webhook receiver in this test (json format, every alert type) times each
 * firing hijack from the moment its UPDATE is written to the socket. {@code max_path_length} is 64
 * so the table itself raises no {@code suboptimal_path} (its paths are 3-10 hops); with {@code
 * -Dbgpsentry.bench.storm=true} it stays at the default 3 and ~6,000 of the registered prefixes
 * fire one while the table loads: an alert storm. Meanwhile /metrics is scraped
 * every 500 ms. Prints p50/p90/p99/max per phase, the scrape times, {@code
 * bgpsentry_update_to_alert_seconds} and the load average.
 *
 * <pre>
 * flock /tmp/bgpsentry-external.lock mvn -B -ntp -q -pl daemon -am -Pbench verify \
 *   -Dit.test=UpdateToWebhookBench -Dbgpsentry.bench.dir=HARNESS [-Dbgpsentry.bench.table=.../out/table.bin]
 * </pre>
 *
 * The table and its pre-encoded stream ({@code out/table.bin}, {@code out/stream.cache}) must be
 * writable when the cache does not exist yet: point {@code bgpsentry.bench.table} at a copy.
 */
class UpdateToWebhookBench {
  static final String SENTRY = "127.0.0.1";
  static final String FEED = "127.0.0.2";
  static final String HIJACKER = "127.0.0.3";
  static final long FEED_AS = 65001;
  static final long HIJACKER_AS = 65002;
  static final int REGISTERED_V4 = 8_000;
  static final int REGISTERED_V6 = 2_000;
  static final int DURING_MAX = 2_000;
  static final int AFTER = 300;
  static final Duration WAIT = Duration.ofMinutes(5);
  /** A full-table answer cut at the default and at the largest limit, and a full scan finding nothing. */
  static final List<String> ROUTE_QUERIES = List.of(
      "prefix=0.0.0.0/0&more_specifics=true",
      "prefix=0.0.0.0/0&more_specifics=true&limit=100000",
      "prefix=240.0.0.0/4&more_specifics=true");
  static final ObjectMapper JSON = new ObjectMapper();

  @TempDir Path dir;
  private int httpPort;
  private final ApiClient api = new ApiClient(() -> httpPort);

  /** A registered prefix and its origin in the table. */
  record Entry(Prefix prefix, long origin) {}

  @Test
  void updateToWebhookWithTheFullTableFlowingAnd10000RegisteredPrefixes() throws Exception {
    String harness = System.getProperty("bgpsentry.bench.dir");
    assertThat(harness).as("-Dbgpsentry.bench.dir: the full-table harness (blaster.py, gen_table.py)").isNotNull();
    Path bench = Path.of(harness).toAbsolutePath().normalize();
    Path table = Path.of(System.getProperty("bgpsentry.bench.table", bench.resolve("out/table.bin").toString()));
    Path cache = Path.of(System.getProperty("bgpsentry.bench.cache", table.resolveSibling("stream.cache").toString()));
    assertThat(bench.resolve("blaster.py")).as("the harness at " + bench).isReadable();
    assertThat(table).as("no table at " + table
        + ": generate one with gen_table.py (see " + bench.resolve("README.md") + ")").isReadable();
    Path launcher = EndToEndIT.launcher();

    Table t = Table.read(table);
    List<Entry> registered = t.registry(REGISTERED_V4, REGISTERED_V6);
    List<Entry> v4 = registered.stream().filter(e -> !e.prefix().ipv6()).toList();
    writeRegistry(registered);

    Map<String, Long> sentAt = new ConcurrentHashMap<>();
    Map<String, Long> latency = new ConcurrentHashMap<>();
    Map<String, AtomicInteger> otherAlerts = new ConcurrentHashMap<>();
    HttpServer receiver = HttpServer.create(new InetSocketAddress(SENTRY, 0), 0);
    receiver.setExecutor(Executors.newFixedThreadPool(4));
    receiver.createContext("/hook", ex -> {
      long at = System.nanoTime();
      JsonNode a = JSON.readTree(ex.getRequestBody().readAllBytes());
      ex.sendResponseHeaders(204, -1);
      ex.close();
      Long sent = sentAt.get(a.path("prefix").asText());
      if (sent != null && a.path("type").asText().equals("origin_hijack") && a.path("status").asText().equals("firing")) {
        latency.putIfAbsent(a.path("prefix").asText(), at - sent);
      } else {
        otherAlerts.computeIfAbsent(a.path("type").asText() + " " + a.path("status").asText(), k -> new AtomicInteger())
            .incrementAndGet();
      }
    });
    receiver.start();

    int bgpPort = EndToEndIT.freePort();
    httpPort = EndToEndIT.freePort();
    boolean storm = Boolean.getBoolean("bgpsentry.bench.storm");
    writeConfig(bgpPort, receiver.getAddress().getPort(), storm ? 3 : 64);
    String loadBefore = Files.readString(Path.of("/proc/loadavg")).trim();
    List<Process> started = new ArrayList<>();
    Scraper scraper = new Scraper();
    try {
      start(started, "bgpsentry", List.of(launcher.toString(), "run", "--config", dir.resolve("bgpsentry.yml").toString()));
      EndToEndIT.await("the daemon ready on /readyz", WAIT, () -> api.status("/readyz") == 200);
      try (ScriptedPeer hijacker = new ScriptedPeer(HIJACKER, SENTRY, bgpPort, HIJACKER_AS)) {
        EndToEndIT.await("the hijacker Established", WAIT, hijacker::established);
        scraper.start();
        start(started, "blaster", List.of("python3", bench.resolve("blaster.py").toString(), "send",
            "--table", table.toString(), "--cache", cache.toString(), "--connect", SENTRY + ":" + bgpPort,
            "--bind", FEED, "--local-as", String.valueOf(FEED_AS), "--router-id", FEED, "--max-time", "1200"));
        long expected = t.size();
        EndToEndIT.await("the first routes from the blaster", WAIT, () -> feedRoutes() > 0);
        long flowStart = System.nanoTime();
        scraper.phase = "during";

        List<String> during = new ArrayList<>();
        int next = 0;
        long full = 0;
        while (full == 0 && next < DURING_MAX) {
          during.add(hijack(hijacker, v4.get(next++), sentAt));
          Thread.sleep(10);
          if (next % 10 == 0 && feedRoutes() >= expected) {
            full = System.nanoTime();
          }
        }
        EndToEndIT.await("the full table", WAIT, () -> feedRoutes() >= expected);
        long tableNanos = (full == 0 ? System.nanoTime() : full) - flowStart;
        scraper.phase = "after";
        List<String> after = new ArrayList<>();
        for (int i = 0; i < AFTER; i++) {
          after.add(hijack(hijacker, v4.get(next++), sentAt));
          Thread.sleep(20);
        }
        List<String> withQueries = new ArrayList<>();
        Map<String, List<Long>> queryTimes = new ConcurrentHashMap<>();
        Thread queries = Thread.ofPlatform().daemon().name("routes-queries").start(() -> {
          while (!Thread.currentThread().isInterrupted()) {
            for (String q : ROUTE_QUERIES) {
              long t0 = System.nanoTime();
              String body = api.text("/api/v1/routes?" + q);
              long took = System.nanoTime() - t0;
              if (body.contains("\"routes\"")) {
                queryTimes.computeIfAbsent(q, k -> new CopyOnWriteArrayList<>()).add(took);
              }
            }
          }
        });
        for (int i = 0; i < AFTER; i++) {
          withQueries.add(hijack(hijacker, v4.get(next++), sentAt));
          Thread.sleep(20);
        }
        queries.interrupt();
        queries.join(60_000);
        int sent = during.size() + after.size() + withQueries.size();
        EndToEndIT.await(() -> "every hijack at the webhook: " + latency.size() + " of " + sent + ", missing "
                + sentAt.keySet().stream().filter(k -> !latency.containsKey(k)).toList() + ", others " + otherAlerts,
            Duration.ofMinutes(2), () -> latency.size() >= sent);
        scraper.stop();

        String loadAfter = Files.readString(Path.of("/proc/loadavg")).trim();
        System.out.printf("%n=== UPDATE -> webhook, full table (%,d routes) + %,d registered prefixes, max_path_length %d ===%n",
            expected, registered.size(), storm ? 3 : 64);
        System.out.printf("table: first route -> all %,d routes counted: %.1f s%n", expected, tableNanos / 1e9);
        report("hijacks sent while the table flowed (every 10 ms)", during, latency);
        report("hijacks sent after the table was in (every 20 ms)", after, latency);
        report("the same while /api/v1/routes queries run back to back", withQueries, latency);
        queryTimes.forEach((q, times) -> {
          long[] ns = times.stream().mapToLong(Long::longValue).sorted().toArray();
          System.out.printf("GET /api/v1/routes?%s: n=%d median %.1f ms, max %.1f ms%n", q, ns.length,
              pct(ns, 50) / 1e6, ns[ns.length - 1] / 1e6);
        });
        System.out.printf("other alerts posted meanwhile (from the table itself): %s%n", new java.util.TreeMap<>(otherAlerts));
        scraper.report();
        System.out.println(api.metricLines("bgpsentry_update_to_alert_seconds"));
        System.out.println(api.metricLines("bgpsentry_bgp_routes"));
        System.out.println("load average before: " + loadBefore + ", after: " + loadAfter);
        assertThat(latency).hasSizeGreaterThanOrEqualTo(sent);
      }
    } catch (AssertionError | RuntimeException e) {
      for (String name : List.of("bgpsentry", "blaster")) {
        Path log = dir.resolve(name + ".log");
        String text = Files.exists(log) ? Files.readString(log) : "(none)";
        System.out.println("----- " + log + "\n" + text.substring(Math.max(0, text.length() - 20_000)));
      }
      throw e;
    } finally {
      scraper.stop();
      EndToEndIT.stop(started);
      receiver.stop(0);
    }
  }

  /** Announces {@code e.prefix()} from a foreign origin; returns the prefix. */
  private static String hijack(ScriptedPeer s, Entry e, Map<String, Long> sentAt) throws IOException {
    long foreign = e.origin() == 3 ? 4 : 3;
    String key = e.prefix().toString();
    sentAt.put(key, System.nanoTime()); // the write below takes microseconds; the post, milliseconds
    s.announce(e.prefix(), "192.0.2.3", HIJACKER_AS, 174, foreign);
    return key;
  }

  private static void report(String what, List<String> prefixes, Map<String, Long> latency) {
    long[] ns = prefixes.stream().mapToLong(latency::get).sorted().toArray();
    System.out.printf("%s: n=%d p50 %.1f ms, p90 %.1f ms, p99 %.1f ms, max %.1f ms%n", what, ns.length,
        pct(ns, 50) / 1e6, pct(ns, 90) / 1e6, pct(ns, 99) / 1e6, ns[ns.length - 1] / 1e6);
  }

  /** Nearest-rank percentile of sorted values. */
  static long pct(long[] sorted, int p) {
    int rank = (int) Math.ceil(p / 100.0 * sorted.length);
    return sorted[Math.max(0, rank - 1)];
  }

  private void writeRegistry(List<Entry> entries) throws IOException {
    StringBuilder y = new StringBuilder("prefixes:\n");
    for (Entry e : entries) {
      y.append("  - {prefix: ").append(e.prefix()).append(", origin_asns: [").append(e.origin()).append("]}\n");
    }
    Files.writeString(dir.resolve("prefixes.yml"), y);
  }

  private void writeConfig(int bgpPort, int hookPort, int maxPathLength) throws IOException {
    Files.writeString(dir.resolve("bgpsentry.yml"), """
        bgp:
          listen: %s:%d
          local_asn: 65000
          router_id: %s
        peers:
          - {name: feed, address: %s, remote_asn: %d}
          - {name: hijacker, address: %s, remote_asn: %d}
        registry: {file: prefixes.yml}
        detection: {max_path_length: %d}
        http: {listen: "127.0.0.1:%d"}
        state_dir: %s
        alerts:
          webhooks:
            - {name: bench, url: "http://127.0.0.1:%d/hook", format: json}
        """.formatted(SENTRY, bgpPort, SENTRY, FEED, FEED_AS, HIJACKER, HIJACKER_AS, maxPathLength, httpPort,
        dir.resolve("state"), hookPort));
  }

  private long feedRoutes() {
    for (JsonNode p : api.json("/api/v1/peers").path("peers")) {
      if (p.path("name").asText().equals("feed")) {
        return p.path("routes_ipv4").asLong() + p.path("routes_ipv6").asLong();
      }
    }
    return -1;
  }



  private void start(List<Process> started, String name, List<String> command) throws IOException {
    started.add(new ProcessBuilder(command).directory(dir.toFile()).redirectErrorStream(true)
        .redirectOutput(dir.resolve(name + ".log").toFile()).start());
  }

  /** Scrapes /metrics every 500 ms, timing each scrape, by phase. */
  private final class Scraper {
    volatile String phase = "before";
    private final List<long[]> times = new CopyOnWriteArrayList<>(); // {phase index, nanos, bytes}
    private final List<String> phases = List.of("before", "during", "after");
    private volatile boolean running;
    private Thread thread;

    void start() {
      running = true;
      thread = Thread.ofPlatform().daemon().name("scraper").start(() -> {
        while (running) {
          long t0 = System.nanoTime();
          String body = api.text("/metrics");
          times.add(new long[] {phases.indexOf(phase), System.nanoTime() - t0, body.length()});
          try {
            Thread.sleep(500);
          } catch (InterruptedException e) {
            return;
          }
        }
      });
    }

    void stop() throws InterruptedException {
      running = false;
      if (thread != null) {
        thread.interrupt();
        thread.join(5_000);
      }
    }

    void report() {
      for (int i = 1; i < phases.size(); i++) {
        int ph = i;
        long[] ns = times.stream().filter(t -> t[0] == ph).mapToLong(t -> t[1]).sorted().toArray();
        long bytes = times.stream().filter(t -> t[0] == ph).mapToLong(t -> t[2]).max().orElse(0);
        if (ns.length > 0) {
          System.out.printf("/metrics scrape %s: n=%d median %.1f ms, p90 %.1f ms, max %.1f ms, %,d bytes%n",
              phases.get(ph), ns.length, pct(ns, 50) / 1e6, pct(ns, 90) / 1e6, ns[ns.length - 1] / 1e6, bytes);
        }
      }
    }
  }

  /** The bench table (gen_table.py's BGPTBL01 file): attribute sets' AS paths and the prefixes. */
  record Table(long[] origins, byte[] v4, byte[] v6, int n4, int n6) {
    static final int REC4 = 9;
    static final int REC6 = 21;

    static Table read(Path file) throws IOException {
      ByteBuffer b = ByteBuffer.wrap(Files.readAllBytes(file));
      byte[] magic = new byte[8];
      b.get(magic);
      if (!Arrays.equals(magic, "BGPTBL01".getBytes(java.nio.charset.StandardCharsets.US_ASCII))) {
        throw new IOException(file + ": not a BGPTBL01 file (expected: gen_table.py output)");
      }
      int nAttrs = b.getInt();
      int n4 = b.getInt();
      int n6 = b.getInt();
      b.getInt(); // peer AS
      b.getLong(); // seed
      long[] origins = new long[nAttrs];
      for (int i = 0; i < nAttrs; i++) {
        b.get(); // origin code
        int flags = b.get() & 0xff;
        int pathLength = b.get() & 0xff;
        int communities = b.get() & 0xff;
        int large = b.get() & 0xff;
        b.position(b.position() + ((flags & 1) != 0 ? 4 : 0) + ((flags & 2) != 0 ? 8 : 0));
        long origin = -1;
        for (int j = 0; j < pathLength; j++) {
          origin = b.getInt() & 0xffff_ffffL;
        }
        origins[i] = pathLength >= 2 ? origin : -1; // the blaster rewrites a one-AS path's first AS
        b.position(b.position() + 4 * communities + 12 * large);
      }
      byte[] v4 = new byte[n4 * REC4];
      b.get(v4);
      byte[] v6 = new byte[n6 * REC6];
      b.get(v6);
      return new Table(origins, v4, v6, n4, n6);
    }

    long size() {
      return (long) n4 + n6;
    }

    /** {@code count4} IPv4 /24s and {@code count6} IPv6 /48s, spread evenly over the table. */
    List<Entry> registry(int count4, int count6) {
      List<Entry> out = new ArrayList<>(pick(v4, REC4, 4, 24, count4));
      out.addAll(pick(v6, REC6, 16, 48, count6));
      return out;
    }

    private List<Entry> pick(byte[] recs, int size, int addrBytes, int length, int count) {
      List<Integer> candidates = new ArrayList<>();
      for (int i = 0; i < recs.length / size; i++) {
        int ai = ByteBuffer.wrap(recs, i * size + 1 + addrBytes, 4).getInt();
        if ((recs[i * size] & 0xff) == length && origins[ai] >= 0) {
          candidates.add(i);
        }
      }
      if (candidates.size() < count) {
        throw new IllegalStateException(candidates.size() + " candidate /" + length + " prefixes (expected: >= " + count + ")");
      }
      List<Entry> out = new ArrayList<>(count);
      java.util.Set<Prefix> seen = new java.util.HashSet<>();
      double step = (double) candidates.size() / count;
      for (int k = 0; k < count; k++) {
        int i = candidates.get((int) (k * step));
        byte[] addr = Arrays.copyOfRange(recs, i * size + 1, i * size + 1 + addrBytes);
        int ai = ByteBuffer.wrap(recs, i * size + 1 + addrBytes, 4).getInt();
        Prefix p = Prefix.of(addrBytes == 4 ? org.bgpsentry.codec.model.nlri.Afi.IPV4 : org.bgpsentry.codec.model.nlri.Afi.IPV6,
            addr, length);
        if (seen.add(p)) {
          out.add(new Entry(p, origins[ai]));
        }
      }
      return out;
    }
  }
}
