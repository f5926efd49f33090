package org.bgpsentry.daemon.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** docs/operators-guide.md "Public vantage points: RIS Live" {@code sources.ris_live}: defaults, values, errors at file:line:col. */
class RisLiveConfigTest {
  @TempDir Path dir;

  private Path write(String yaml) throws Exception {
    Path c = dir.resolve("c.yml");
    Files.writeString(c, yaml);
    return c;
  }

  private List<String> errors(String yaml) throws Exception {
    Path c = write(yaml);
    ConfigException e = catchThrowableOfType(ConfigException.class, () -> ConfigLoader.load(c, BgpsentryConfig.Purpose.RUN));
    assertThat(e).as("expected errors").isNotNull();
    return e.errors().stream().map(ConfigError::toString).map(s -> s.substring(c.toString().length())).toList();
  }

  @Test
  void sourcesAloneAreEnoughToRunAndRisLiveHasItsDefaults() throws Exception {
    BgpsentryConfig c = ConfigLoader.load(write("sources:\n  ris_live: {}\n"), BgpsentryConfig.Purpose.RUN);
    assertThat(c.bgp()).isNull();
    assertThat(c.risLive()).isEqualTo(new RisLiveConfig(
        java.net.URI.create("wss://ris-live.ripe.net/v1/ws/?client=bgpsentry"), List.of(), 3, Duration.ofMinutes(10), Duration.ofHours(1), null));
    assertThat(ConfigLoader.load(write("bgp: {local_asn: 64512, router_id: 192.0.2.1}\npeers: []\n"),
        BgpsentryConfig.Purpose.RUN).risLive()).isNull();
    // "ris_live:" with nothing under it: {} turns it on with every default
    assertThat(errors("sources:\n  ris_live:\n")).containsExactly(":2:12: 'ris_live' is an empty value (expected: a mapping)");
  }

  @Test
  void everyKey() throws Exception {
    Files.writeString(dir.resolve("ca.pem"), "-----BEGIN CERTIFICATE-----\n");
    BgpsentryConfig c = ConfigLoader.load(write("""
        sources:
          ris_live:
            url: ws://127.0.0.1:8080/v1/ws/?client=noc-example
            hosts: [rrc00, rrc21]
            min_peers: 5
            stale_after: 30m
            gap_hold: 0s
            ca_file: ca.pem
        """), BgpsentryConfig.Purpose.RUN);
    assertThat(c.risLive().url().toString()).isEqualTo("ws://127.0.0.1:8080/v1/ws/?client=noc-example");
    assertThat(c.risLive().hosts()).containsExactly("rrc00", "rrc21");
    assertThat(c.risLive().minPeers()).isEqualTo(5);
    assertThat(c.risLive().staleAfter()).isEqualTo(Duration.ofMinutes(30));
    assertThat(c.risLive().gapHold()).isZero();
    assertThat(c.risLive().caFile()).isEqualTo(dir.resolve("ca.pem"));
  }

  @Test
  void badValuesAreReportedWhereTheyStand() throws Exception {
    assertThat(errors("""
        sources:
          ris_live:
            url: https://ris-live.ripe.net/
            hosts: [RRC 00]
            min_peers: 0
            stale_after: 5s
            ca_file: missing.pem
            colour: blue
          kafka: {}
        """)).containsExactlyInAnyOrder(
        ":9:3: unknown key 'kafka' in sources (expected one of: ris_live)",
        ":8:5: unknown key 'colour' in ris_live (expected one of: url, hosts, min_peers, stale_after, gap_hold, ca_file)",
        ":3:10: 'url' is 'https://ris-live.ripe.net/' (expected: a ws:// or wss:// URL)",
        ":4:13: 'hosts' has 'RRC 00' (expected: a RIS collector name such as rrc00)",
        ":5:16: 'min_peers' is 0 (expected: an integer 1..10000)",
        ":6:18: 'stale_after' is 5s (expected: at least 10s)",
        ":7:14: 'ca_file': file " + dir.resolve("missing.pem") + " does not exist (expected: an existing file)");
  }

  @Test
  void theExampleIsValid() throws Exception {
    BgpsentryConfig c = ConfigLoader.load(Path.of("../examples/ris-live.yml"), BgpsentryConfig.Purpose.RUN);
    assertThat(c.risLive().url().getQuery()).isEqualTo("client=bgpsentry-example");
    assertThat(c.bgp()).isNull();
  }

  @Test
  void peerNamesOfRisAndMrtPeersAreReserved() throws Exception {
    assertThat(errors("""
        bgp: {local_asn: 64512, router_id: 192.0.2.1}
        peers:
          - {name: "ris:rrc00:192.0.2.1", address: 192.0.2.11, remote_asn: 64500}
        """)).singleElement().asString().contains("peer name 'ris:rrc00:192.0.2.1'");
  }
}
