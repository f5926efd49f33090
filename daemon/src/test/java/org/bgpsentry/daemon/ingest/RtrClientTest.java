package org.bgpsentry.daemon.ingest;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.File;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Map;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.BooleanSupplier;
import java.util.function.Supplier;
import org.bgpsentry.analytics.rpki.AspaSet;
import org.bgpsentry.analytics.rpki.RpkiState;
import org.bgpsentry.codec.model.nlri.Prefix;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Assumptions;
import org.bgpsentry.codec.testing.TestData;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@link RtrClient} against Debian's {@code stayrtr} on loopback, serving the 18 ROAs of
 * {@code testdata/rpki/stayrtr-test.rpki.json} (their 2021 {@code expires} dropped, else
 * StayRTR serves nothing) and re-reading the file every second ({@code -refresh 1}).
 */
public class RtrClientTest {
  static final ObjectMapper JSON = new ObjectMapper();
  static final Duration WAIT = Duration.ofSeconds(40);
  /**
   * StayRTR listens on an address of its own: on 127.0.0.1 a port found free could be taken as
   * the local port of any outgoing loopback connection on the machine before StayRTR binds it.
   */
  public static final String CACHE_HOST = "127.0.0.71";
  /** 1.0.0.0/24-24 AS13335, the first ROA of the file. */
  static final Prefix CLOUDFLARE = Prefix.parse("1.0.0.0/24");

  @TempDir Path dir;
  private final List<Process> caches = new ArrayList<>();

  @Test
  void rfc8210_resetQueryLoadsEveryVrpThenAWithdrawalArrivesIncrementallyWhileConnected() throws Exception {
    ArrayNode roas = roas();
    Path file = dir.resolve("vrps.json");
    write(file, roas);
    int port = freePort();
    stayrtr(file, port, 2);
    AtomicReference<RpkiData> latest = new AtomicReference<>();
    try (RtrClient client = connect(port, latest)) {
      await(() -> "18 VRPs over RTR, have " + size(latest.get()), () -> size(latest.get()) == 18);
      assertThat(client.version()).as("StayRTR 0.5.1 speaks version 2 (draft-ietf-sidrops-8210bis)").isEqualTo(2);
      assertThat(latest.get().vrps().validate(CLOUDFLARE, 13335)).isEqualTo(RpkiState.VALID);
      assertThat(latest.get().vrps().ipv6Count()).isEqualTo(14);

      roas.remove(0);
      write(file, roas);
      await(() -> "17 VRPs after the withdrawal, have " + size(latest.get()), () -> size(latest.get()) == 17);
      assertThat(latest.get().vrps().validate(CLOUDFLARE, 13335)).isEqualTo(RpkiState.NOT_FOUND);
      assertThat(client.connections()).as("the update came over the same session").isEqualTo(1);
    }
  }

  /**
   * ASPA over RTR version 2: StayRTR 0.5.1 reads rpki-client 8's {@code provider_authorizations}
   * and sends one ASPA PDU per customer and address family (the layout of draft -10). A record
   * changed and one removed while connected reach the client incrementally on the same
   * connection; StayRTR sends the change as "announce the new set, withdraw the old one", and the
   * withdrawal of the replaced set must not remove the new one.
   */
  @Test
  void draft8210bis_aspaRecordsArriveOverVersion2AndChangesWhileConnectedReplaceThem() throws Exception {
    ArrayNode roas = roas();
    Path file = dir.resolve("vrps.json");
    write(file, roas, Map.of(64496L, List.of(64501L), 64500L, List.of(64502L)));
    int port = freePort();
    stayrtr(file, port, 2);
    AtomicReference<RpkiData> latest = new AtomicReference<>();
    try (RtrClient client = connect(port, latest)) {
      await(() -> "2 ASPAs over RTR, have " + latest.get(), () -> aspas(latest.get()) == 2);
      assertThat(client.version()).isEqualTo(2);
      assertThat(size(latest.get())).isEqualTo(18);
      AspaSet a = latest.get().aspas();
      assertThat(a.verifyUpstream(new long[] {64501, 64496}, false).outcome()).isEqualTo(AspaSet.Outcome.VALID);
      assertThat(a.verifyUpstream(new long[] {64510, 64496}, false).outcome()).isEqualTo(AspaSet.Outcome.INVALID);

      write(file, roas, Map.of(64496L, List.of(64501L, 64510L)));
      await(() -> "AS64510 attested and AS64500's record gone, have " + latest.get(),
          () -> aspas(latest.get()) == 1
              && latest.get().aspas().verifyUpstream(new long[] {64510, 64496}, false).outcome()
                  == AspaSet.Outcome.VALID);
      assertThat(size(latest.get())).as("the VRPs stay").isEqualTo(18);
      assertThat(client.connections()).as("the changes came over the same connection").isEqualTo(1);
    }
  }

  @Test
  void rfc8210_7_fallsBackToVersion1WhenTheCacheSpeaksOnlyRfc8210() throws Exception {
    Path file = dir.resolve("vrps.json");
    write(file, roas());
    int port = freePort();
    stayrtr(file, port, 1);
    AtomicReference<RpkiData> latest = new AtomicReference<>();
    try (RtrClient client = connect(port, latest)) {
      await(() -> "18 VRPs over RTR version 1, have " + size(latest.get()), () -> size(latest.get()) == 18);
      assertThat(client.version()).isEqualTo(1);
    }
  }

  /**
   * RFC 8210 §7 the other way StayRTR does not use: the cache answers our version 2 Reset Query
   * with an Error Report "Unsupported Protocol Version" (code 4) in the version it speaks, and
   * the client reconnects in that version. A minimal version-1 cache on loopback plays the part.
   */
  @Test
  void rfc8210_7_errorReportUnsupportedVersionMakesTheClientReconnectInTheCachesVersion() throws Exception {
    try (ServerSocket server = new ServerSocket(0, 4, java.net.InetAddress.getByName(CACHE_HOST))) {
      List<Integer> queried = new java.util.concurrent.CopyOnWriteArrayList<>();
      Thread cache = Thread.ofPlatform().daemon().start(() -> versionOneCache(server, queried));
      AtomicReference<RpkiData> latest = new AtomicReference<>();
      try (RtrClient client = connect(server.getLocalPort(), latest)) {
        await(() -> "1 VRP from the version-1 cache, have " + size(latest.get()), () -> size(latest.get()) == 1);
        assertThat(client.version()).isEqualTo(1);
        assertThat(queried).as("Reset Query versions, one per connection").startsWith(2, 1);
        assertThat(latest.get().vrps().validate(Prefix.parse("192.0.2.0/24"), 64496)).isEqualTo(RpkiState.VALID);
      }
      cache.interrupt();
    }
  }

  /** Accepts connections: a query above version 1 gets Error Report 4 in version 1, else one VRP. */
  private static void versionOneCache(ServerSocket server, List<Integer> queried) {
    while (!server.isClosed()) {
      try (java.net.Socket s = server.accept()) {
        java.io.DataInputStream in = new java.io.DataInputStream(s.getInputStream());
        byte[] query = new byte[8];
        in.readFully(query);
        int version = query[0];
        queried.add(version);
        java.io.OutputStream out = s.getOutputStream();
        if (version > 1) {
          out.write(RtrPdu.errorReport(1, RtrPdu.UNSUPPORTED_PROTOCOL_VERSION, "version 1 only"));
          out.flush();
          continue;
        }
        out.write(java.util.HexFormat.of().parseHex(
            "0103002a00000008"                                  // v1 Cache Response, session 42
                + "0104000000000014" + "01181800" + "c0000200" + "0000fbf0" // announce 192.0.2.0/24-24 AS64496
                + "0107002a00000018" + "00000001"               // End of Data, serial 1,
                + "00000e10" + "00000258" + "00001c20"));       //   refresh 3600, retry 600, expire 7200
        out.flush();
        in.read(); // hold the session until the client closes it
      } catch (IOException e) {
        return;
      }
    }
  }

  @Test
  void rfc8210_7_fallsBackToVersion0WhenTheCacheSpeaksOnlyRfc6810() throws Exception {
    Path file = dir.resolve("vrps.json");
    write(file, roas());
    int port = freePort();
    stayrtr(file, port, 0);
    AtomicReference<RpkiData> latest = new AtomicReference<>();
    try (RtrClient client = connect(port, latest)) {
      await(() -> "18 VRPs over RTR version 0, have " + size(latest.get()), () -> size(latest.get()) == 18);
      assertThat(client.version()).isZero();
    }
  }

  @Test
  void rfc8210_6_reconnectsAfterTheCacheRestartsAndTakesItsNewSession() throws Exception {
    ArrayNode roas = roas();
    Path file = dir.resolve("vrps.json");
    write(file, roas);
    int port = freePort();
    Process stayrtr = stayrtr(file, port, 2, "-rtr.retry", "1");
    AtomicReference<RpkiData> latest = new AtomicReference<>();
    try (RtrClient client = connect(port, latest)) {
      await(() -> "18 VRPs, have " + size(latest.get()), () -> size(latest.get()) == 18);
      stop(stayrtr);
      stayrtr = stayrtr(file, port, 2, "-rtr.retry", "1");
      // The cache's Retry Interval (1 s, sent in End of Data) paces the reconnection. Whether the
      // new cache keeps the Session ID (StayRTR derives it from its start time) or not, the
      // client's Serial Query or the Reset Query after the mismatch brings it back in step.
      await(() -> "reconnected to the restarted cache", () -> client.connections() >= 2);
      roas.remove(0);
      roas.remove(0);
      write(file, roas);
      await(() -> "16 VRPs from the restarted cache, have " + size(latest.get()), () -> size(latest.get()) == 16);
      assertThat(client.connections()).isGreaterThanOrEqualTo(2);
    }
  }

  private static int size(RpkiData s) {
    return s == null ? -1 : s.vrps().size();
  }

  /** The test file's ROAs without their (long past) expiry times. */
  public static ArrayNode roas() throws IOException {
    JsonNode root = JSON.readTree(TestData.file("rpki/stayrtr-test.rpki.json").toFile());
    ArrayNode out = JSON.createArrayNode();
    for (JsonNode r : root.path("roas")) {
      ObjectNode c = ((ObjectNode) r).deepCopy();
      c.remove("expires");
      out.add(c);
    }
    return out;
  }

  private static int aspas(RpkiData s) {
    return s == null ? -1 : s.aspas().size();
  }

  /** Writes atomically (StayRTR may read at any moment). */
  public static void write(Path file, ArrayNode roas) throws IOException {
    write(file, roas, Map.of());
  }

  /**
   * Writes ROAs and ASPAs (customer -> providers) atomically, the ASPAs as rpki-client 8 did and
   * StayRTR 0.5.1 reads them: {@code provider_authorizations}, the same list per address family.
   */
  public static void write(Path file, ArrayNode roas, Map<Long, List<Long>> aspas) throws IOException {
    ObjectNode root = JSON.createObjectNode();
    root.set("roas", roas);
    if (!aspas.isEmpty()) {
      ArrayNode list = JSON.createArrayNode();
      aspas.forEach((customer, providers) -> {
        ObjectNode a = list.addObject().put("customer_asid", customer);
        providers.forEach(a.putArray("providers")::add);
      });
      ObjectNode pa = root.putObject("provider_authorizations");
      pa.set("ipv4", list);
      pa.set("ipv6", list.deepCopy());
    }
    Path tmp = file.resolveSibling(file.getFileName() + ".tmp");
    JSON.writeValue(tmp.toFile(), root);
    Files.move(tmp, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
  }

  private Process stayrtr(Path file, int port, int protocol, String... more) throws IOException, InterruptedException {
    Process p = startStayrtr(file, port, protocol, dir.resolve("stayrtr.log"), more);
    caches.add(p);
    return p;
  }

  @AfterEach
  void stopCaches() throws InterruptedException {
    for (Process p : caches) {
      stop(p);
    }
  }

  /** A started client of the cache on {@code port}, handing each update to {@code latest}. */
  private static RtrClient connect(int port, AtomicReference<RpkiData> latest) {
    RtrClient client = new RtrClient(new InetSocketAddress(CACHE_HOST, port), Clock.systemUTC(),
        Duration.ofMillis(200), latest::set);
    client.start();
    return client;
  }

  /** Starts StayRTR serving {@code file} (re-read every second) and waits until it listens. */
  public static Process startStayrtr(Path file, int port, int protocol, Path log, String... more)
      throws IOException, InterruptedException {
    List<String> cmd = new ArrayList<>(List.of(require("stayrtr"), "-bind", CACHE_HOST + ":" + port, "-cache",
        file.toString(), "-checktime=false", "-refresh", "1", "-protocol", Integer.toString(protocol),
        "-metrics.addr", "127.0.0.1:0"));
    cmd.addAll(List.of(more));
    Process p = new ProcessBuilder(cmd)
        .redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()))
        .start();
    await(() -> "stayrtr listening on " + port, () -> {
      try (java.net.Socket s = new java.net.Socket(CACHE_HOST, port)) {
        return true;
      } catch (IOException e) {
        return false;
      }
    });
    return p;
  }

  public static void stop(Process p) throws InterruptedException {
    p.destroy();
    if (!p.waitFor(10, TimeUnit.SECONDS)) {
      p.destroyForcibly().waitFor(5, TimeUnit.SECONDS);
    }
  }

  static String require(String binary) {
    for (String d : (System.getenv().getOrDefault("PATH", "") + File.pathSeparator + "/usr/sbin").split(File.pathSeparator)) {
      if (!d.isEmpty() && Files.isExecutable(Path.of(d, binary))) {
        return Path.of(d, binary).toString();
      }
    }
    Assumptions.abort(binary + " is not installed (apt-get install stayrtr)");
    return null;
  }

  /** A port free on {@link #CACHE_HOST} now, for StayRTR. */
  public static int freePort() throws IOException {
    try (ServerSocket s = new ServerSocket(0, 1, java.net.InetAddress.getByName(CACHE_HOST))) {
      return s.getLocalPort();
    }
  }

  public static void await(Supplier<String> what, BooleanSupplier condition) throws InterruptedException {
    await(what, WAIT, condition);
  }

  static void await(Supplier<String> what, Duration timeout, BooleanSupplier condition) throws InterruptedException {
    long end = System.nanoTime() + timeout.toNanos();
    while (!condition.getAsBoolean()) {
      if (System.nanoTime() > end) {
        throw new AssertionError("timed out after " + timeout + " waiting for " + what.get());
      }
      Thread.sleep(20);
    }
  }
}
