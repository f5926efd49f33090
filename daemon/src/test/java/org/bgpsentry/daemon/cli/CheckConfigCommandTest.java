package org.bgpsentry.daemon.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** docs/cli.md: check-config prints every problem as file:line:col and exits 2; 0 when fine. */
class CheckConfigCommandTest {
  @TempDir Path dir;

  private static Cli.Run run(String... args) {
    return Cli.run(args);
  }

  @Test
  void validConfigAndRegistryExit0() throws Exception {
    Files.writeString(dir.resolve("prefixes.yml"), "prefixes:\n  - {prefix: 203.0.113.0/24, origin_asns: [64496]}\n");
    Path c = dir.resolve("c.yml");
    Files.writeString(c, "bgp: {local_asn: 64512, router_id: 192.0.2.1}\npeers: []\nregistry: {file: prefixes.yml}\n");
    Cli.Run r = run("check-config", "--config", c.toString());
    assertThat(r.code()).isZero();
    assertThat(r.out()).contains("ok (0 peers, 1 registered prefixes, 0 webhooks)");
  }

  @Test
  void configAndRegistryProblemsExit2() throws Exception {
    Path c = dir.resolve("c.yml");
    Files.writeString(c, "bgp:\n  local_asn: x\n  router_id: 192.0.2.1\npeers: []\nfoo: 1\n");
    Cli.Run r = run("check-config", "--config", c.toString());
    assertThat(r.code()).isEqualTo(2);
    assertThat(r.err().lines())
        .containsExactly(
            c + ":2:14: 'local_asn' is 'x' (expected: an integer 1..4294967295)",
            c + ":5:1: unknown key 'foo' in the config (expected one of: bgp, peers, registry, data, rpki, detection, latency, http, state_dir, alerts, sources, bmp, kafka)");

    Files.writeString(dir.resolve("prefixes.yml"), "prefixes:\n  - {prefix: 203.0.113.0/33, origin_asns: [64496]}\n");
    Files.writeString(c, "bgp: {local_asn: 64512, router_id: 192.0.2.1}\npeers: []\nregistry: {file: prefixes.yml}\n");
    Cli.Run r2 = run("check-config", "--config", c.toString());
    assertThat(r2.code()).isEqualTo(2);
    assertThat(r2.err()).startsWith(dir.resolve("prefixes.yml") + ":2:14: 'prefix': invalid prefix length");
  }

  /** docs/scaling.md: an unreachable broker is a warning within a bound (the daemon waits for it), never a hang. */
  @Test
  void unreachableKafkaIsAWarningWithinSeconds() throws Exception {
    int closed;
    try (java.net.ServerSocket s = new java.net.ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
      closed = s.getLocalPort();
    }
    Path c = dir.resolve("c.yml");
    Files.writeString(dir.resolve("prefixes.yml"), "prefixes: []\n");
    Files.writeString(c, "kafka:\n  bootstrap_servers: [\"127.0.0.1:" + closed + "\"]\n  role: detector\n"
        + "registry: {file: prefixes.yml}\n");
    long t0 = System.nanoTime();
    Cli.Run r = run("check-config", "--config", c.toString());
    long seconds = java.util.concurrent.TimeUnit.NANOSECONDS.toSeconds(System.nanoTime() - t0);
    assertThat(r.code()).as(r.err()).isZero();
    assertThat(r.out()).contains("ok (0 peers, 0 registered prefixes, 0 webhooks)");
    assertThat(r.err()).startsWith(c + ":2:22: warning: kafka.bootstrap_servers [127.0.0.1:" + closed
        + "]: not reachable within 5s");
    assertThat(seconds).as("bounded by the 5 s timeout, with room for a loaded machine").isLessThan(30);
  }

  /** docs/api.md: listening beyond loopback without a token is allowed, with a warning. */
  @Test
  void warnsWhenTheApiListensBeyondLoopbackWithoutAToken() throws Exception {
    Path c = dir.resolve("c.yml");
    String base = "bgp: {local_asn: 64512, router_id: 192.0.2.1}\npeers: []\n";
    Files.writeString(c, base + "http: {listen: \"0.0.0.0:9180\"}\n");
    Cli.Run open = run("check-config", "--config", c.toString());
    assertThat(open.code()).isZero();
    assertThat(open.err().strip())
        .startsWith(c + ": warning: http.listen 0.0.0.0:9180 is not a loopback address and no"
            + " http.token_file is set");

    Files.writeString(dir.resolve("token"), "s3cret\n");
    Files.writeString(c, base + "http: {listen: \"0.0.0.0:9180\", token_file: token}\n");
    assertThat(run("check-config", "--config", c.toString()).err()).isEmpty();
    Files.writeString(c, base + "http: {listen: \"127.0.0.1:9180\"}\n");
    assertThat(run("check-config", "--config", c.toString()).err()).isEmpty();
    Files.writeString(c, base + "http: {listen: \"[::1]:9180\"}\n");
    assertThat(run("check-config", "--config", c.toString()).err()).isEmpty();
  }

  @Test
  void anIngressLocationNoPeerStandsAtIsWarnedAbout() throws Exception {
    Files.writeString(
        dir.resolve("prefixes.yml"),
        "prefixes:\n  - {prefix: 203.0.113.0/24, origin_asns: [64496], location: Washington}\n"
            + "  - {prefix: 198.51.100.0/24, origin_asns: [64496], ingress_locations: [Virginia, Oregon]}\n");
    Path c = dir.resolve("c.yml");
    Files.writeString(
        c,
        "bgp: {local_asn: 64512, router_id: 192.0.2.1}\n"
            + "peers:\n  - {name: sea, address: 192.0.2.11, remote_asn: 64500, location: Washington}\n"
            + "  - {name: iad, address: 192.0.2.12, remote_asn: 64501, location: Virginia}\n"
            + "registry: {file: prefixes.yml}\n");
    Cli.Run r = run("check-config", "--config", c.toString());
    assertThat(r.code()).isZero();
    assertThat(r.err().lines())
        .containsExactly(
            dir.resolve("prefixes.yml") + ": warning: 198.51.100.0/24: ingress location \"Oregon\" is no peer's or"
                + " router's location (configured: Virginia, Washington); the suboptimal_path rule ingress_location cannot judge it");
  }

  @Test
  void theExampleConfigIsValidAndEveryIngressLocationHasAPeer() {
    Path root = Path.of("").toAbsolutePath();
    while (!Files.exists(root.resolve("examples/bgpsentry.yml"))) {
      root = root.getParent();
    }
    Cli.Run r = run("check-config", "--config", root.resolve("examples/bgpsentry.yml").toString());
    assertThat(r.code()).as(r.err()).isZero();
    assertThat(r.err()).isEmpty();
    assertThat(r.out()).contains("ok (2 peers, 3 registered prefixes");
  }

  /** What run would refuse at start is refused here too: a malformed VRP or AS relationships file. */
  @Test
  void malformedDataFilesExit2() throws Exception {
    Path c = dir.resolve("c.yml");
    Files.writeString(dir.resolve("vrps.json"),
        "{\"roas\": [{\"prefix\": \"10.0.0.0/8\", \"maxLength\": 24, \"asn\": \"AS64496\"},"
            + " {\"prefix\": \"10.0.0.0/8\", \"maxLength\": 24, \"asn\": \"ASX\"}]}");
    Files.writeString(c, "bgp: {local_asn: 64512, router_id: 192.0.2.1}\npeers: []\nrpki: {vrp_file: vrps.json}\n");
    Cli.Run r = run("check-config", "--config", c.toString());
    assertThat(r.code()).as(r.out()).isEqualTo(2);
    assertThat(r.err()).contains(dir.resolve("vrps.json") + ": roas[1]: invalid ASN 'ASX'");

    Files.writeString(dir.resolve("vrps.json"), "{\"roas\": []}");
    Files.writeString(dir.resolve("as-rel.txt"), "1|2|x\n");
    Files.writeString(c, "bgp: {local_asn: 64512, router_id: 192.0.2.1}\npeers: []\nrpki: {vrp_file: vrps.json}\n"
        + "data: {as_relationships: as-rel.txt}\n");
    Cli.Run r2 = run("check-config", "--config", c.toString());
    assertThat(r2.code()).as(r2.out()).isEqualTo(2);
    assertThat(r2.err()).contains(dir.resolve("as-rel.txt").toString());
  }

  @Test
  void missingOptionIsUsageError() {
    assertThat(run("check-config").code()).isEqualTo(2);
  }
}
