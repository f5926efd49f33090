package org.bgpsentry.daemon.http;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.bgpsentry.daemon.Main;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * docs/api.md end to end, with a real non-loopback client: the daemon runs in a network
 * namespace of this test ("srv", 198.51.100.1/30 on a veth) with {@code http.listen 0.0.0.0} and
 * no token; curl in a second namespace ("cli", 198.51.100.2/30) reads freely and gets 403 {"error"}
 * on changes, while curl on the daemon's own loopback changes the registry. Needs root and
 * iproute2 (skipped without them).
 */
class LoopbackOnlyNetnsTest {
  private static final String SRV_ADDRESS = "198.51.100.1";
  private final String srv = "bgps-srv-" + ProcessHandle.current().pid();
  private final String cli = "bgps-cli-" + ProcessHandle.current().pid();
  private final List<String> namespaces = new ArrayList<>();
  private Process daemon;
  @TempDir Path dir;

  record Result(int code, String out) {}

  static Result exec(String... cmd) throws IOException, InterruptedException {
    Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
    String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    if (!p.waitFor(30, TimeUnit.SECONDS)) {
      p.destroyForcibly();
      return new Result(-1, out);
    }
    return new Result(p.exitValue(), out);
  }

  void ok(String... cmd) throws Exception {
    Result r = exec(cmd);
    assertThat(r.code()).as(String.join(" ", cmd) + ": " + r.out()).isZero();
  }

  /** curl in namespace {@code ns}: the body, a newline, the status code. */
  static Result curl(String ns, String method, String url) throws Exception {
    Result r =
        exec("ip", "netns", "exec", ns, "curl", "-s", "-m", "10", "-X", method, "-H",
            "Content-Type: application/json", "--data-binary", method.equals("POST") ? "{}" : "",
            "-w", "\n%{http_code}", url);
    String out = r.out();
    int nl = out.lastIndexOf('\n');
    return new Result(Integer.parseInt(out.substring(nl + 1).strip()), out.substring(0, nl));
  }

  @Test
  void withoutATokenChangesFromAnotherHostGet403AndFromLoopbackSucceed() throws Exception {
    Assumptions.assumeTrue(
        exec("ip", "netns", "add", srv).code() == 0, "ip netns add failed: needs root and iproute2 (apt-get install iproute2)");
    namespaces.add(srv);
    Assumptions.assumeTrue(exec("curl", "--version").code() == 0, "needs curl (apt-get install curl)");
    ok("ip", "netns", "add", cli);
    namespaces.add(cli);
    ok("ip", "-n", srv, "link", "add", "v-srv", "type", "veth", "peer", "name", "v-cli", "netns", cli);
    ok("ip", "-n", srv, "addr", "add", SRV_ADDRESS + "/30", "dev", "v-srv");
    ok("ip", "-n", cli, "addr", "add", "198.51.100.2/30", "dev", "v-cli");
    for (String ns : namespaces) {
      ok("ip", "-n", ns, "link", "set", "lo", "up");
      ok("ip", "-n", ns, "link", "set", ns.equals(srv) ? "v-srv" : "v-cli", "up");
    }
    Files.writeString(
        dir.resolve("prefixes.yml"),
        "prefixes:\n  - {prefix: 203.0.113.0/24, origin_asns: [64496]}\n"
            + "  - {prefix: 192.0.2.0/24, origin_asns: [64496]}\n");
    Files.writeString(
        dir.resolve("bgpsentry.yml"),
        """
        bgp: {local_asn: 64512, router_id: 192.0.2.1, listen: ["127.0.0.1:1179"]}
        peers: []
        registry: {file: prefixes.yml}
        http: {listen: "0.0.0.0:9180"}
        state_dir: %s
        """.formatted(dir.resolve("state")));
    daemon =
        new ProcessBuilder(
                "ip", "netns", "exec", srv,
                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-cp", System.getProperty("java.class.path"), Main.class.getName(),
                "run", "--config", dir.resolve("bgpsentry.yml").toString())
            .redirectErrorStream(true)
            .redirectOutput(dir.resolve("daemon.log").toFile())
            .start();
    String local = "http://127.0.0.1:9180";
    String remote = "http://" + SRV_ADDRESS + ":9180";
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
    while (exec("ip", "netns", "exec", srv, "curl", "-sf", "-m", "2", local + "/readyz").code() != 0) {
      assertThat(daemon.isAlive()).as("daemon: " + Files.readString(dir.resolve("daemon.log"))).isTrue();
      assertThat(System.nanoTime()).as("ready within 60 s").isLessThan(deadline);
      Thread.sleep(200);
    }

    Result read = curl(cli, "GET", remote + "/api/v1/prefixes");
    assertThat(read.code()).isEqualTo(200);
    assertThat(read.out()).contains("203.0.113.0/24");
    for (Result r :
        List.of(
            curl(cli, "DELETE", remote + "/api/v1/prefixes/203.0.113.0%2F24"),
            curl(cli, "POST", remote + "/api/v1/prefixes"),
            curl(cli, "POST", remote + "/api/v1/reload"))) {
      assertThat(r.code()).isEqualTo(403);
      assertThat(HttpApi.MAPPER.readTree(r.out()).get("error").asText()).contains("loopback clients only");
    }
    assertThat(Files.readString(dir.resolve("prefixes.yml"))).contains("203.0.113.0/24");

    Result delete = curl(srv, "DELETE", local + "/api/v1/prefixes/203.0.113.0%2F24");
    assertThat(delete.code()).as(delete.out()).isEqualTo(200);
    assertThat(Files.readString(dir.resolve("prefixes.yml")))
        .doesNotContain("203.0.113.0/24")
        .contains("192.0.2.0/24");
  }

  @AfterEach
  void cleanUp() throws Exception {
    if (daemon != null) {
      daemon.destroy();
      if (!daemon.waitFor(10, TimeUnit.SECONDS)) {
        daemon.destroyForcibly();
      }
    }
    for (String ns : namespaces) {
      exec("ip", "netns", "del", ns);
    }
  }
}
