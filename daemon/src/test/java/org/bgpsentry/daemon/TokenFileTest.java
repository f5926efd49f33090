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
 * docs/api.md through the daemon: with {@code http.token_file}, a change needs its bearer token
 * even from loopback (401 without it), its surrounding whitespace is stripped, and a reload
 * takes a new token (the old one is refused from then on).
 */
class TokenFileTest {
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

  private int post(String path, String token) throws Exception {
    HttpRequest.Builder b =
        HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + daemon.httpAddress().getPort() + path))
            .header("Content-Type", "application/json")
            .POST(HttpRequest.BodyPublishers.ofString("{\"prefixes\": [{\"prefix\": \"192.0.2.0/24\", \"origin_asns\": [64496]}]}"));
    if (token != null) {
      b.header("Authorization", "Bearer " + token);
    }
    HttpResponse<String> r = client.send(b.build(), HttpResponse.BodyHandlers.ofString());
    if (r.statusCode() != 200) {
      assertThat(r.body()).contains("\"error\"");
    }
    return r.statusCode();
  }

  @Test
  void changesNeedTheTokenEvenFromLoopbackAndAReloadRotatesIt() throws Exception {
    Files.writeString(dir.resolve("prefixes.yml"), "prefixes: []\n");
    Files.writeString(dir.resolve("token"), "  first-token\n");
    Files.writeString(dir.resolve("bgpsentry.yml"), """
        bgp: {listen: "127.0.0.1:0", local_asn: 64512, router_id: 192.0.2.1}
        peers: []
        registry: {file: prefixes.yml}
        http: {listen: "127.0.0.1:0", token_file: token}
        state_dir: %s
        """.formatted(dir.resolve("state")));
    daemon = Daemons.startWithSessions(dir.resolve("bgpsentry.yml"));

    assertThat(post("/api/v1/prefixes", null)).isEqualTo(401);
    assertThat(post("/api/v1/prefixes", "wrong")).isEqualTo(401);
    assertThat(post("/api/v1/reload", null)).isEqualTo(401);
    assertThat(Files.readString(dir.resolve("prefixes.yml"))).doesNotContain("192.0.2.0/24");
    assertThat(post("/api/v1/prefixes", "first-token")).isEqualTo(200);
    assertThat(Files.readString(dir.resolve("prefixes.yml"))).contains("192.0.2.0/24");

    Files.writeString(dir.resolve("token"), "second-token\n");
    assertThat(post("/api/v1/reload", "first-token")).isEqualTo(200);
    assertThat(post("/api/v1/reload", "first-token")).isEqualTo(401);
    assertThat(post("/api/v1/reload", "second-token")).isEqualTo(200);
  }
}
