package org.bgpsentry.daemon;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeFalse;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import org.bgpsentry.analytics.event.PeerId;
import org.bgpsentry.analytics.prefix.RegisteredPrefix;
import org.bgpsentry.codec.model.nlri.IpAddress;
import org.bgpsentry.daemon.config.BgpsentryConfig;
import org.bgpsentry.daemon.http.ApiViews;
import org.bgpsentry.daemon.session.PeerStatus;
import org.bgpsentry.daemon.session.SessionState;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code bgpsentry run}: wiring, plug points, reload that refuses bad configs, registry pick-up, signals. */
class DaemonTest {
  @TempDir Path dir;
  private final HttpClient client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
  private static final ObjectMapper JSON = new ObjectMapper();

  /**
   * The daemon's listeners: an address of its own, where a port found free stays free until the
   * daemon binds it (on 127.0.0.1 it could become the local port of any outgoing loopback
   * connection on the machine meanwhile).
   */
  static final String HOST = "127.0.0.92";

  /** A port free on {@code address} now, for a listener bound later. */
  static int freePort(String address) throws Exception {
    try (ServerSocket s = new ServerSocket(0, 1, java.net.InetAddress.getByName(address))) {
      return s.getLocalPort();
    }
  }

  private Path config(int port, String extra) throws Exception {
    Files.writeString(dir.resolve("prefixes.yml"), "prefixes:\n  - {prefix: 203.0.113.0/24, origin_asns: [64496]}\n");
    Path c = dir.resolve("bgpsentry.yml");
    Files.writeString(c, """
        bgp: {listen: "%s:%d", local_asn: 64512, router_id: 192.0.2.1}
        peers:
          - {name: edge1, address: 192.0.2.11, remote_asn: 64500}
        registry: {file: prefixes.yml}
        http: {listen: "%s:%d"}
        state_dir: state
        """.formatted(HOST, freePort(HOST), HOST, port) + extra);
    return c;
  }

  private JsonNode get(int port, String path) throws Exception {
    HttpResponse<String> r = client.send(HttpRequest.newBuilder(URI.create("http://" + HOST + ":" + port + path)).build(),
        HttpResponse.BodyHandlers.ofString());
    return JSON.readTree(r.body());
  }

  /** A component recording what the daemon hands it. */
  static final class Recorder implements DaemonComponent {
    final List<String> calls = new CopyOnWriteArrayList<>();

    @Override
    public void start(DaemonContext context, BgpsentryConfig config, List<RegisteredPrefix> registry) {
      calls.add("start " + config.peers().size() + " " + registry.size());
    }

    @Override
    public Reload prepareReload(BgpsentryConfig config, List<RegisteredPrefix> registry) {
      return () -> calls.add("reload " + config.peers().size() + " " + registry.size());
    }

    @Override
    public void registryChanged(List<RegisteredPrefix> registry) {
      calls.add("registry " + registry.size());
    }

    @Override
    public ApiViews contribute(ApiViews views) {
      return views.withPeers(() -> List.of(new PeerStatus(new PeerId("edge1", IpAddress.parse("192.0.2.11"), 64500),
          SessionState.IDLE, null, 0, 0, List.of(), null)));
    }

    @Override
    public void close() {
      calls.add("close");
    }
  }

  /** A component with only what it must have: reload, registry and API are the defaults. */
  static final class StartCloseOnly implements DaemonComponent {
    final List<String> calls = new java.util.concurrent.CopyOnWriteArrayList<>();

    @Override
    public void start(DaemonContext context, BgpsentryConfig config, List<RegisteredPrefix> registry) {
      calls.add("start");
    }

    @Override
    public void close() {
      calls.add("close");
    }
  }

  @Test
  void componentsArePluggedAndReloadRefusesInvalidConfig() throws Exception {
    Path c = config(0, ""); // the kernel picks the HTTP port when the listener binds
    Daemon.Loaded l = Daemon.load(c);
    Recorder rec = new Recorder();
    StartCloseOnly plain = new StartCloseOnly();
    try (Daemon d = new Daemon(l.config(), l.registry(), List.of(rec, plain))) {
      d.start();
      int port = d.httpAddress().getPort();
      assertThat(get(port, "/readyz").get("status").asText()).isEqualTo("ready");
      assertThat(get(port, "/api/v1/peers").get("peers").get(0).get("name").asText()).isEqualTo("edge1");
      assertThat(get(port, "/api/v1/prefixes").get("prefixes").size()).isEqualTo(1);

      Files.writeString(c, Files.readString(c) + "bogus: 1\n");
      List<String> problems = d.reload();
      assertThat(problems).singleElement().asString().contains(":7:1: unknown key 'bogus'");
      assertThat(get(port, "/readyz").get("status").asText()).isEqualTo("ready");

      Files.writeString(c, Files.readString(c).replace("bogus: 1\n", "").replace("peers:\n", "peers:\n  - {name: edge2, address: 192.0.2.12, remote_asn: 64501}\n"));
      assertThat(d.reload()).isEmpty();
      assertThat(rec.calls).contains("start 1 1", "reload 2 1");

      // A registry edit on disk is picked up without a signal.
      Files.writeString(dir.resolve("prefixes.yml"), "prefixes:\n  - {prefix: 203.0.113.0/24, origin_asns: [64496]}\n  - {prefix: 198.51.100.0/24, origin_asns: []}\n");
      // The API lists the new entries as soon as the file is read, the components hear of them
      // right after: wait for both.
      long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
      while (get(port, "/api/v1/prefixes").get("prefixes").size() != 2 || !rec.calls.contains("registry 2")) {
        assertThat(System.nanoTime()).as("registry change picked up: " + rec.calls).isLessThan(deadline);
        Thread.sleep(100);
      }
    }
    assertThat(rec.calls).last().isEqualTo("close");
    assertThat(plain.calls).containsExactly("start", "close");
  }

  /** Starts {@code bgpsentry run} as its own process (through {@code sh -c prelude}) and waits until it runs. */
  private Process startDaemon(Path c, String prelude) throws Exception {
    String java = ProcessHandle.current().info().command().orElse("java");
    Process p = new ProcessBuilder("sh", "-c", prelude + "exec \"$@\"", "sh", java, "-cp", System.getProperty("java.class.path"),
            "org.bgpsentry.daemon.Main", "run", "--config", c.toString())
        .redirectErrorStream(true).redirectOutput(dir.resolve("out.log").toFile()).start();
    long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
    while (!Files.readString(dir.resolve("out.log")).contains("bgpsentry running")) {
      assertThat(p.isAlive()).as("daemon alive: " + Files.readString(dir.resolve("out.log"))).isTrue();
      assertThat(System.nanoTime()).as("daemon started").isLessThan(deadline);
      Thread.sleep(50);
    }
    return p;
  }

  /** The real process: SIGHUP reloads, SIGTERM stops within 10 s with exit code 0. */
  @Test
  void sighupReloadsAndSigtermExitsZero() throws Exception {
    int port = freePort(HOST);
    Path c = config(port, "");
    Process p = startDaemon(c, "");
    try {
      assumeFalse(Files.readString(dir.resolve("out.log")).contains("SIGHUP was ignored"),
          "this test's JVM ignores SIGHUP (started under nohup?), so the daemon it starts cannot catch it");
      long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
      assertThat(get(port, "/healthz").get("status").asText()).isEqualTo("ok");
      Files.writeString(c, Files.readString(c) + "bogus: 1\n");
      new ProcessBuilder("kill", "-HUP", Long.toString(p.pid())).start().waitFor();
      deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
      while (!Files.readString(dir.resolve("out.log")).contains("reload refused")) {
        assertThat(System.nanoTime()).as("reload refused logged").isLessThan(deadline);
        Thread.sleep(50);
      }
      assertThat(get(port, "/healthz").get("status").asText()).isEqualTo("ok");
      long t0 = System.nanoTime();
      p.destroy(); // SIGTERM
      assertThat(p.waitFor(10, TimeUnit.SECONDS)).as("stopped within 10 s").isTrue();
      assertThat(p.exitValue()).isZero();
      assertThat(Duration.ofNanos(System.nanoTime() - t0)).isLessThan(Duration.ofSeconds(10));
      assertThat(Files.readString(dir.resolve("out.log"))).contains("INFO  RunCommand: stopped");
    } finally {
      p.destroyForcibly();
    }
  }

  /** Started with SIGHUP ignored (as under nohup), the JVM cannot catch it: the daemon says so. */
  @Test
  void sighupIgnoredByTheParentIsReported() throws Exception {
    int port = freePort(HOST);
    Process p = startDaemon(config(port, ""), "trap '' HUP; ");
    try {
      assertThat(Files.readString(dir.resolve("out.log")))
          .contains("SIGHUP was ignored by whatever started bgpsentry (nohup?)", "POST /api/v1/reload");
      p.destroy();
      assertThat(p.waitFor(10, TimeUnit.SECONDS)).as("stopped by SIGTERM").isTrue();
    } finally {
      p.destroyForcibly();
    }
  }
}
