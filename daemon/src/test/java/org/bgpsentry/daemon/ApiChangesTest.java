package org.bgpsentry.daemon;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * docs/api.md and docs/configuration.md through the daemon: changes over the API need the token
 * of {@code http.token_file}, and a reload takes new files or refuses them, keeping what runs.
 */
class ApiChangesTest {
  private static final String ENTRY = "{\"prefixes\": [{\"prefix\": \"192.0.2.0/24\", \"origin_asns\": [64496]}]}";
  @TempDir Path dir;
  private Daemon daemon;
  private final HttpClient client = HttpClient.newHttpClient();

  @AfterEach
  void stop() {
    if (daemon != null) {
      daemon.close();
    }
    client.close();
  }

  /** Starts the daemon; {@code http} adds keys to the http section, {@code sections} more sections. */
  private void start(String http, String sections) throws Exception {
    Files.writeString(dir.resolve("bgpsentry.yml"), """
        bgp: {listen: "127.0.0.1:0", local_asn: 64512, router_id: 192.0.2.1}
        peers: []
        http: {listen: "127.0.0.1:0"%s}
        state_dir: %s
        """.formatted(http, dir.resolve("state")) + sections);
    daemon = Daemons.startWithSessions(dir.resolve("bgpsentry.yml"));
  }

  /** POST {@code path} with {@code body} (and the bearer {@code token} unless null); an error is JSON. */
  private HttpResponse<String> post(String path, String token, String body) throws Exception {
    HttpRequest.Builder b =
        HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + daemon.httpAddress().getPort() + path))
            .header("Content-Type", "application/json")
            .POST(HttpRequest.BodyPublishers.ofString(body));
    if (token != null) {
      b.header("Authorization", "Bearer " + token);
    }
    HttpResponse<String> r = client.send(b.build(), HttpResponse.BodyHandlers.ofString());
    if (r.statusCode() != 200) {
      assertThat(r.body()).contains("\"error\"");
    }
    return r;
  }

  private int status(String path, String token) throws Exception {
    return post(path, token, ENTRY).statusCode();
  }

  /**
   * With {@code http.token_file}, every change needs its bearer token even from loopback (401
   * without), surrounding whitespace stripped; a reload takes a new token and refuses the old.
   */
  @Test
  void changesNeedTheTokenEvenFromLoopbackAndAReloadRotatesIt() throws Exception {
    Files.writeString(dir.resolve("prefixes.yml"), "prefixes: []\n");
    Files.writeString(dir.resolve("token"), "  first-token\n");
    start(", token_file: token", "registry: {file: prefixes.yml}\n");

    assertThat(status("/api/v1/prefixes", null)).isEqualTo(401);
    assertThat(status("/api/v1/prefixes", "wrong")).isEqualTo(401);
    assertThat(status("/api/v1/reload", null)).isEqualTo(401);
    assertThat(Files.readString(dir.resolve("prefixes.yml"))).doesNotContain("192.0.2.0/24");
    assertThat(status("/api/v1/prefixes", "first-token")).isEqualTo(200);
    assertThat(Files.readString(dir.resolve("prefixes.yml"))).contains("192.0.2.0/24");

    Files.writeString(dir.resolve("token"), "second-token\n");
    assertThat(status("/api/v1/reload", "first-token")).isEqualTo(200);
    assertThat(status("/api/v1/reload", "first-token")).isEqualTo(401);
    assertThat(status("/api/v1/reload", "second-token")).isEqualTo(200);
  }

  private static String vrps(int n) {
    StringBuilder b = new StringBuilder("{\"roas\": [");
    for (int i = 0; i < n; i++) {
      b.append(i == 0 ? "" : ", ").append("{\"prefix\": \"10.").append(i).append(".0.0/16\", \"maxLength\": 24, \"asn\": 64496}");
    }
    return b.append("]}").toString();
  }

  /** A malformed VRP file refuses the reload (400 naming file and entry); the running VRPs stay. */
  @Test
  void aMalformedVrpFileRefusesTheReloadAndTheRunningVrpsStay() throws Exception {
    Files.writeString(dir.resolve("vrps.json"), vrps(2));
    start("", "rpki: {vrp_file: vrps.json}\n");
    ApiClient api = new ApiClient(() -> daemon.httpAddress().getPort());
    awaitIpv4Vrps(api, 2);

    Files.writeString(dir.resolve("vrps.json"), "{\"roas\": [{\"prefix\": \"10.0.0.0/16\", \"maxLength\": 24, \"asn\": \"ASX\"}]}");
    HttpResponse<String> refused = post("/api/v1/reload", null, "{}");
    assertThat(refused.statusCode()).isEqualTo(400);
    assertThat(refused.body()).contains("vrps.json: roas[0]: invalid ASN 'ASX'");
    assertThat(api.metric("bgpsentry_rpki_vrps{afi=\"ipv4\"}")).isEqualTo(2);

    Files.writeString(dir.resolve("vrps.json"), vrps(3));
    assertThat(post("/api/v1/reload", null, "{}").statusCode()).isEqualTo(200);
    awaitIpv4Vrps(api, 3);
  }

  /** Waits (bounded) for the gauge the analytics thread sets once the VRPs are in. */
  private static void awaitIpv4Vrps(ApiClient api, int n) throws InterruptedException {
    long deadline = System.nanoTime() + 30_000_000_000L;
    while (api.metric("bgpsentry_rpki_vrps{afi=\"ipv4\"}") != n && System.nanoTime() < deadline) {
      Thread.sleep(50);
    }
    assertThat(api.metric("bgpsentry_rpki_vrps{afi=\"ipv4\"}")).isEqualTo(n);
  }
}
