package org.bgpsentry.daemon.config;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import org.bgpsentry.codec.bmp.Rib;
import org.bgpsentry.codec.model.nlri.IpAddress;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The {@code bmp:} section of docs/operators-guide.md "Monitoring routers with BMP": defaults, and every error at file:line:col. */
class BmpConfigTest {
  @TempDir Path dir;

  private BgpsentryConfig load(String yaml) throws Exception {
    Path p = dir.resolve("bgpsentry.yml");
    Files.writeString(p, yaml);
    return ConfigLoader.load(p, BgpsentryConfig.Purpose.RUN);
  }

  private List<String> errors(String yaml) throws IOException {
    Path p = dir.resolve("bgpsentry.yml");
    Files.writeString(p, yaml);
    return ConfigErrors.of(p);
  }

  @Test
  void bmpAloneIsEnoughToRunWithTheContractDefaults() throws Exception {
    BgpsentryConfig c = load("""
        bmp:
          listen: 0.0.0.0:11019
          routers:
            - {name: edge1, address: 192.0.2.11, location: Washington}
            - {name: edge2, address: "192.0.2.12:5000", mode: active}
        """);
    assertThat(c.bgp()).isNull();
    assertThat(c.peers()).isEmpty();
    BmpConfig b = c.bmp();
    assertThat(b.listen()).hasSize(1);
    assertThat(b.detect()).isEqualTo(Set.of(Rib.ADJ_RIB_IN_PRE));
    assertThat(b.staleAfter()).isEqualTo(Duration.ofMinutes(5));
    assertThat(b.routers()).containsExactly(
        new BmpConfig.Router("edge1", IpAddress.parse("192.0.2.11"), 0, "Washington", false),
        new BmpConfig.Router("edge2", IpAddress.parse("192.0.2.12"), 5000, null, true));
  }

  @Test
  void detectAndStaleAfter() throws Exception {
    BmpConfig b = load("""
        bmp:
          listen: ["127.0.0.1:11019", "[::1]:11019"]
          routers: [{name: r1, address: 127.0.0.1}]
          detect: [adj-rib-in-post, loc-rib]
          stale_after: 30s
        """).bmp();
    assertThat(b.listen()).hasSize(2);
    assertThat(b.detect()).isEqualTo(Set.of(Rib.ADJ_RIB_IN_POST, Rib.LOC_RIB));
    assertThat(b.staleAfter()).isEqualTo(Duration.ofSeconds(30));
  }

  @Test
  void errorsNameTheirPlace() throws Exception {
    assertThat(errors("""
        bmp:
          listen: 127.0.0.1:11019
          routers:
            - {name: r1, address: 127.0.0.1}
            - {name: r1, address: 127.0.0.1}
            - {name: "a:b", address: 127.0.0.3}
            - {name: r4, address: 127.0.0.4, mode: active}
          detect: [adj-rib-in]
          lookup: x
        """)).containsExactly(
            "F:5:14: duplicate router name 'r1' (expected: unique names; first at line 4)",
            "F:5:27: duplicate router address 127.0.0.1 (expected: one router per source address; first at line 4)",
            "F:6:14: router name 'a:b' is not allowed (expected: letters, digits, '.', '_', '-', at most 64; it starts the names of its peers, <router>:<peer address>)",
            "F:7:27: 'address' is '127.0.0.4' (expected: address:port, [IPv6]:port)",
            "F:8:12: 'detect' is 'adj-rib-in' (expected: one of adj-rib-in-pre, adj-rib-in-post, loc-rib, adj-rib-out-pre, adj-rib-out-post)",
            "F:9:3: unknown key 'lookup' in bmp (expected one of: listen, routers, detect, stale_after)");
  }

  @Test
  void theExampleLoadsAsItIs() throws Exception {
    Path p = Path.of("").toAbsolutePath();
    while (p != null && !Files.exists(p.resolve("examples/bmp.yml"))) {
      p = p.getParent();
    }
    assertThat(p).as("examples/bmp.yml above the working directory").isNotNull();
    BgpsentryConfig c = ConfigLoader.load(p.resolve("examples/bmp.yml"), BgpsentryConfig.Purpose.RUN);
    assertThat(c.bmp().routers()).extracting(BmpConfig.Router::name).containsExactly("edge1");
    assertThat(c.bmp().detect()).isEqualTo(Set.of(Rib.ADJ_RIB_IN_PRE, Rib.LOC_RIB));
  }

  @Test
  void withoutBmpRunStillNeedsBgpAndPeers() throws Exception {
    assertThat(errors("http: {listen: 127.0.0.1:9180}\n")).anyMatch(e -> e.contains("missing required key 'bgp'"));
  }
}
