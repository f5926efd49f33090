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
 * docs/configuration.md: a reload re-reads the VRP file; a malformed one refuses the reload (400
 * naming the file and entry) and the running VRPs stay, as a valid one replaces them.
 */
class ReloadDataFilesTest {
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

  private HttpResponse<String> reload() throws Exception {
    return client.send(
        HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + daemon.httpAddress().getPort() + "/api/v1/reload"))
            .POST(HttpRequest.BodyPublishers.noBody())
            .build(),
        HttpResponse.BodyHandlers.ofString());
  }

  private static String vrps(int n) {
    StringBuilder b = new StringBuilder("{\"roas\": [");
    for (int i = 0; i < n; i++) {
      b.append(i == 0 ? "" : ", ").append("{\"prefix\": \"10.").append(i).append(".0.0/16\", \"maxLength\": 24, \"asn\": 64496}");
    }
    return b.append("]}").toString();
  }

  @Test
  void aMalformedVrpFileRefusesTheReloadAndTheRunningVrpsStay() throws Exception {
    Files.writeString(dir.resolve("vrps.json"), vrps(2));
    Files.writeString(dir.resolve("bgpsentry.yml"), """
        bgp: {listen: "127.0.0.1:0", local_asn: 64512, router_id: 192.0.2.1}
        peers: []
        rpki: {vrp_file: vrps.json}
        http: {listen: "127.0.0.1:0"}
        state_dir: %s
        """.formatted(dir.resolve("state")));
    daemon = Daemons.startWithSessions(dir.resolve("bgpsentry.yml"));
    ApiClient api = new ApiClient(() -> daemon.httpAddress().getPort());
    awaitIpv4Vrps(api, 2);

    Files.writeString(dir.resolve("vrps.json"), "{\"roas\": [{\"prefix\": \"10.0.0.0/16\", \"maxLength\": 24, \"asn\": \"ASX\"}]}");
    HttpResponse<String> refused = reload();
    assertThat(refused.statusCode()).isEqualTo(400);
    assertThat(refused.body()).contains("\"error\"", "vrps.json: roas[0]: invalid ASN 'ASX'");
    assertThat(api.metric("bgpsentry_rpki_vrps{afi=\"ipv4\"}")).isEqualTo(2);

    Files.writeString(dir.resolve("vrps.json"), vrps(3));
    assertThat(reload().statusCode()).isEqualTo(200);
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
