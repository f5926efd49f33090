package org.bgpsentry.daemon.config;

import org.bgpsentry.analytics.event.PeerRole;
import org.bgpsentry.daemon.session.PeerMode;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.bgpsentry.analytics.alert.AlertType;
import org.bgpsentry.analytics.alert.Severity;
import org.bgpsentry.codec.model.nlri.Family;
import org.bgpsentry.codec.model.nlri.IpAddress;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** docs/configuration.md: strict config binding, defaults, and file:line:col errors. */
class ConfigLoaderTest {
  @TempDir Path dir;

  private static final String MINIMAL =
      """
      bgp:
        local_asn: 64512
        router_id: 192.0.2.1
      peers:
        - name: edge1
          address: 192.0.2.11
          remote_asn: 64500
      """;

  private Path write(String name, String text) throws IOException {
    Path p = dir.resolve(name);
    Files.writeString(p, text);
    return p;
  }

  private List<String> errors(String yaml) throws IOException {
    Path p = write("bgpsentry.yml", yaml);
    return ConfigErrors.of(p);
  }

  @Test
  void minimalConfigGetsTheBracketedDefaults() throws Exception {
    BgpsentryConfig c = ConfigLoader.load(write("c.yml", MINIMAL), BgpsentryConfig.Purpose.RUN);
    assertThat(c.bgp().listen()).containsExactly(new InetSocketAddress(179));
    assertThat(c.bgp().holdTime()).isEqualTo(Duration.ofSeconds(90));
    assertThat(c.bgp().localAsn()).isEqualTo(64512);
    PeerConfig peer = c.peers().getFirst();
    assertThat(peer.mode()).isEqualTo(PeerMode.PASSIVE);
    assertThat(peer.families()).containsExactlyInAnyOrder(Family.IPV4_UNICAST, Family.IPV6_UNICAST);
    assertThat(peer.holdTime()).isNull();
    assertThat(peer.maxPrefixes()).as("no limit").isEmpty();
    assertThat(peer.delayOpen()).as("DelayOpen off").isZero();
    assertThat(c.registryFile()).isNull();
    assertThat(c.rpki()).isEqualTo(RpkiConfig.DEFAULT);
    assertThat(c.detection()).isEqualTo(new DetectionConfig(1, 3, Duration.ZERO, Duration.ofHours(4)));
    assertThat(c.latency()).isEqualTo(LatencyConfig.DEFAULT);
    assertThat(c.latency().ports()).containsExactly(443, 80);
    assertThat(c.http().listen()).isEqualTo(new InetSocketAddress("127.0.0.1", 9180));
    assertThat(c.http().token()).isNull();
    assertThat(c.stateDir()).isEqualTo(dir.resolve("state"));
    assertThat(c.webhooks()).isEmpty();
  }

  @Test
  void fullConfigBindsEveryKeyAndStripsSecretFiles() throws Exception {
    write("prefixes.yml", "prefixes: []\n");
    write("as-rel.txt", "1|2|-1\n");
    write("vrps.json", "{\"roas\": []}\n");
    write("token", "  s3cret-token\n\n");
    write("noc.secret", "hmac-key\n");
    BgpsentryConfig c =
        ConfigLoader.load(
            write(
                "c.yml",
                """
                bgp:
                  listen: ["0.0.0.0:1179", "[::1]:1180"]
                  local_asn: 4200000000
                  router_id: 192.0.2.1
                  hold_time: 0
                peers:
                  - name: edge1
                    address: 192.0.2.11
                    remote_asn: 64500
                    mode: active
                    md5_password: secret
                    role: rs-client
                    families: [ipv6-unicast]
                    location: Washington
                    hold_time: 3s
                    max_prefixes: {ipv6-unicast: 300000}
                    delay_open: 5s
                  - name: edge2
                    address: "[2001:db8::2]:1790"
                    remote_asn: 64501
                    max_prefixes: 1500000
                registry:
                  file: prefixes.yml
                data:
                  as_relationships: as-rel.txt
                rpki:
                  vrp_file: vrps.json
                  rtr: 127.0.0.1:3323
                  stale_after: 30m
                detection:
                  min_peers: 2
                  max_path_length: 5
                  resolve_after: 10s
                  repeat_interval: 0
                latency:
                  interval: 1m
                  method: tcp
                  ports: [22]
                  timeout: 1s
                  degrade_ratio: 2
                http:
                  listen: 127.0.0.1:0
                  token_file: token
                state_dir: st
                alerts:
                  webhooks:
                    - name: noc
                      url: https://noc.example.net/hooks/bgp
                      format: json
                      secret_file: noc.secret
                      min_severity: warning
                      types: [origin_hijack, route_leak]
                      headers: {X-Team: noc}
                """),
            BgpsentryConfig.Purpose.RUN);
    assertThat(c.bgp().listen())
        .containsExactly(new InetSocketAddress("0.0.0.0", 1179), new InetSocketAddress("::1", 1180));
    assertThat(c.bgp().localAsn()).isEqualTo(4200000000L);
    assertThat(c.bgp().holdTime()).isZero();
    PeerConfig e1 = c.peers().get(0);
    assertThat(e1)
        .isEqualTo(
            new PeerConfig(
                "edge1", IpAddress.parse("192.0.2.11"), 179, 64500, PeerMode.ACTIVE,
                "secret", PeerRole.RS_CLIENT, Set.of(Family.IPV6_UNICAST),
                Duration.ofSeconds(3), Map.of(Family.IPV6_UNICAST, 300000L), Duration.ofSeconds(5),
                "Washington"));
    assertThat(c.peers().get(1).location()).isNull();
    assertThat(c.peers().get(1).address()).isEqualTo(IpAddress.parse("2001:db8::2"));
    assertThat(c.peers().get(1).port()).isEqualTo(1790);
    assertThat(c.peers().get(1).maxPrefixes())
        .as("one limit for each family")
        .isEqualTo(Map.of(Family.IPV4_UNICAST, 1500000L, Family.IPV6_UNICAST, 1500000L));
    assertThat(c.registryFile()).isEqualTo(dir.resolve("prefixes.yml"));
    assertThat(c.asRelationships()).isEqualTo(dir.resolve("as-rel.txt"));
    assertThat(c.rpki())
        .isEqualTo(
            new RpkiConfig(dir.resolve("vrps.json"), new InetSocketAddress("127.0.0.1", 3323), Duration.ofMinutes(30)));
    assertThat(c.detection()).isEqualTo(new DetectionConfig(2, 5, Duration.ofSeconds(10), Duration.ZERO));
    assertThat(c.latency()).isEqualTo(new LatencyConfig(Duration.ofMinutes(1), "tcp", List.of(22), Duration.ofSeconds(1), 2.0));
    assertThat(c.http().token()).isEqualTo("s3cret-token");
    assertThat(c.stateDir()).isEqualTo(dir.resolve("st"));
    WebhookConfig w = c.webhooks().getFirst();
    assertThat(w.secret()).isEqualTo("hmac-key");
    assertThat(w.minSeverity()).isEqualTo(Severity.WARNING);
    assertThat(w.types()).containsExactlyInAnyOrder(AlertType.ORIGIN_HIJACK, AlertType.ROUTE_LEAK);
    assertThat(w.headers()).containsEntry("X-Team", "noc");
    assertThat(w.accepts(AlertType.ROUTE_LEAK, Severity.CRITICAL)).isTrue();
    assertThat(w.accepts(AlertType.ROUTE_LEAK, Severity.INFO)).isFalse();
    assertThat(w.accepts(AlertType.PEER_DOWN, Severity.CRITICAL)).isFalse();
  }

  @Test
  void unknownKeysAreErrorsAtTheKey() throws Exception {
    assertThat(errors(MINIMAL + "bogus: 1\n    \n"))
        .containsExactly(
            "F:8:1: unknown key 'bogus' in the config (expected one of: bgp, peers, registry, data, rpki, detection, latency, http, state_dir, alerts, sources, bmp, kafka)");
    assertThat(errors(MINIMAL.replace("  router_id", "  routerid: 1\n  router_id")))
        .containsExactly(
            "F:3:3: unknown key 'routerid' in bgp (expected one of: listen, local_asn, router_id, hold_time)");
  }

  @Test
  void wrongTypesNameWhatWasFound() throws Exception {
    assertThat(errors(MINIMAL.replace("64512", "lots")))
        .containsExactly("F:2:14: 'local_asn' is 'lots' (expected: an integer 1..4294967295)");
    assertThat(errors(MINIMAL.replace("64500", "4294967296")))
        .containsExactly("F:7:17: 'remote_asn' is 4294967296 (expected: an integer 1..4294967295)");
    assertThat(errors(MINIMAL.replace("router_id: 192.0.2.1", "router_id: [1]")))
        .containsExactly("F:3:14: 'router_id' is a list (expected: a string)");
    assertThat(errors(MINIMAL + "peers: 3\n").getFirst()).startsWith("F:8:1: duplicate key 'peers'");
  }

  @Test
  void badAddressesPrefixesAndDurations() throws Exception {
    assertThat(errors(MINIMAL.replace("192.0.2.11", "192.0.2.300")))
        .containsExactly(
            "F:6:14: 'address' is '192.0.2.300' (expected: address, address:port, [IPv6]:port)");
    assertThat(errors(MINIMAL.replace("router_id: 192.0.2.1", "router_id: 2001:db8::1")))
        .containsExactly("F:3:14: 'router_id' is '2001:db8::1' (expected: an IPv4 address, RFC 6286)");
    assertThat(errors(MINIMAL + "detection:\n  resolve_after: 30 s\n  repeat_interval: 4d\n"))
        .containsExactly(
            "F:9:18: 'resolve_after' is '30 s' (expected: a duration such as 30s, 5m, 4h)",
            "F:10:20: 'repeat_interval' is '4d' (expected: a duration such as 30s, 5m, 4h)");
    assertThat(errors(MINIMAL.replace("router_id: 192.0.2.1", "router_id: 192.0.2.1\n  hold_time: 2s")))
        .containsExactly("F:4:14: 'hold_time' is 2s (expected: 0 or 3s..65535s, RFC 4271 §4.2)");
    assertThat(errors(MINIMAL + "http:\n  listen: 127.0.0.1\n"))
        .containsExactly("F:9:11: 'listen' is '127.0.0.1' (expected: address:port, [IPv6]:port)");
  }

  @Test
  void maxPrefixesAndDelayOpenAreValidated() throws Exception {
    assertThat(errors(MINIMAL + "    max_prefixes: 0\n    delay_open: 5 s\n"))
        .containsExactly(
            "F:8:19: 'max_prefixes' is 0 (expected: an integer 1..4294967295)",
            "F:9:17: 'delay_open' is '5 s' (expected: a duration such as 30s, 5m, 4h)");
    assertThat(errors(MINIMAL + "    max_prefixes: [1000]\n    delay_open: 5m\n"))
        .containsExactly(
            "F:8:19: 'max_prefixes' is a list (expected: an integer 1..4294967295 or a mapping such as"
                + " {ipv4-unicast: 1200000, ipv6-unicast: 300000})",
            "F:9:17: 'delay_open' is 300s (expected: 0 (off) or 1s..240s, RFC 4271 §8.1.1)");
    assertThat(
            errors(
                MINIMAL
                    + "    families: [ipv4-unicast]\n"
                    + "    max_prefixes: {ipv6-unicast: 10, ipv4-unicast: many}\n"))
        .containsExactly(
            "F:9:20: 'max_prefixes' has family 'ipv6-unicast' (expected: one of the peer's families"
                + " [ipv4-unicast])",
            "F:9:52: 'max_prefixes.ipv4-unicast' is 'many' (expected: an integer 1..4294967295)");
  }

  @Test
  void duplicatePeerNamesAndMissingRequiredKeys() throws Exception {
    assertThat(
            errors(MINIMAL + "  - name: edge1\n    address: 192.0.2.12\n"))
        .containsExactly(
            "F:8:5: missing required key 'remote_asn' in peer (expected: a value)",
            "F:8:11: duplicate peer name 'edge1' (expected: unique names; first at line 5)");
    assertThat(errors("peers: []\n"))
        .containsExactly("F:1:1: missing required key 'bgp' in the config (expected: a value)");
  }

  @Test
  void filesNamedByKeysMustExist() throws Exception {
    assertThat(errors(MINIMAL + "registry:\n  file: nowhere.yml\nhttp:\n  token_file: no-token\n"))
        .containsExactly(
            "F:9:9: 'file': file " + dir.resolve("nowhere.yml") + " does not exist (expected: an existing file)",
            "F:11:15: 'token_file': file " + dir.resolve("no-token") + " does not exist (expected: an existing file)");
  }

  @Test
  void webhookErrorsAllAtOnce() throws Exception {
    assertThat(
            errors(
                MINIMAL
                    + """
                    alerts:
                      webhooks:
                        - name: noc
                          url: ftp://x
                          format: xml
                          min_severity: loud
                          types: [hijack]
                          headers: {Host: x}
                    """))
        .containsExactly(
            "F:11:12: 'url' is 'ftp://x' (expected: an http:// or https:// URL)",
            "F:12:15: 'format' is 'xml' (expected: one of json, slack, teams, alertmanager, pagerduty)",
            "F:13:21: 'min_severity' is 'loud' (expected: one of info, warning, critical)",
            "F:14:15: 'types' is 'hijack' (expected: one of origin_hijack, subprefix_hijack, more_specific, path_hijack, rpki_invalid, route_leak, suboptimal_path, community_missing, visibility_loss, as_path_anomaly, peer_down, latency_degraded)",
            "F:15:17: header 'Host' is set by the HTTP client (expected: another header)");
  }

  /** {@code resend_interval}: alertmanager only, positive, default 1m. */
  @Test
  void resendIntervalIsForAlertmanagerOnly() throws Exception {
    String hooks = """
        alerts:
          webhooks:
            - name: am
              url: http://127.0.0.1:9093
              format: alertmanager
              resend_interval: 30s
            - name: am2
              url: http://127.0.0.1:9093
              format: alertmanager
            - name: noc
              url: http://127.0.0.1:1
              format: json
              resend_interval: 1m
            - name: am3
              url: http://127.0.0.1:9093
              format: alertmanager
              resend_interval: 0
        """;
    assertThat(errors(MINIMAL + hooks))
        .containsExactly(
            "F:20:24: 'resend_interval' is not used by format json (expected: alertmanager)",
            "F:24:24: 'resend_interval' is 0 (expected: a positive duration such as 1m)");
    String ok = MINIMAL + hooks.substring(0, hooks.indexOf("    - name: noc"));
    BgpsentryConfig c = ConfigLoader.load(write("ok.yml", ok), BgpsentryConfig.Purpose.RUN);
    assertThat(c.webhooks().get(0).resendInterval()).isEqualTo(Duration.ofSeconds(30));
    assertThat(c.webhooks().get(1).resendInterval()).isEqualTo(Duration.ofMinutes(1));
  }

  /** Out-of-range numbers in detection and latency are errors at their position, not a crash. */
  @Test
  void outOfRangeDetectionAndLatencyNumbersAreErrors() throws Exception {
    assertThat(errors(MINIMAL + "detection:\n  min_peers: 0\n  max_path_length: 0\n"))
        .containsExactly(
            "F:9:14: 'min_peers' is 0 (expected: an integer 1..10000)",
            "F:10:20: 'max_path_length' is 0 (expected: an integer 1..255)");
    assertThat(errors(MINIMAL + "latency:\n  degrade_ratio: 0.5\n"))
        .containsExactly("F:9:18: 'degrade_ratio' is '0.5' (expected: a number >= 1.0)");
  }

  /** A peer's name labels its metrics and alerts: an empty one is an error. */
  @Test
  void emptyPeerNameIsAnError() throws Exception {
    assertThat(errors(MINIMAL.replace("name: edge1", "name: \"\"")))
        .containsExactly("F:5:11: 'name' is empty (expected: a name such as edge1)");
  }

  /** Port 0 is no port to connect to: a peer's address (active sessions), the RTR cache. */
  @Test
  void portZeroIsAnErrorWhereWeConnect() throws Exception {
    assertThat(errors(MINIMAL.replace("192.0.2.11", "\"192.0.2.11:0\"")))
        .containsExactly("F:6:14: 'address' has port 0 (expected: the peer's BGP port 1..65535, or no port for 179)");
    assertThat(errors(MINIMAL + "rpki: {rtr: \"127.0.0.1:0\"}\n"))
        .containsExactly("F:8:13: 'rtr' has port 0 (expected: the RPKI cache's port 1..65535, such as 3323)");
  }

  /** A webhook's types default to all; an empty list would read as "none" and is refused. */
  @Test
  void emptyWebhookTypesAreAnError() throws Exception {
    assertThat(errors(MINIMAL + "alerts: {webhooks: [{name: noc, url: \"http://x\", format: json, types: []}]}\n"))
        .containsExactly("F:8:71: 'types' is empty (expected: one or more alert types; leave 'types' out for all)");
  }

  /** An empty value says so, not "a string". */
  @Test
  void anEmptyValueIsCalledEmpty() throws Exception {
    assertThat(errors("bgp: {local_asn: 64512, router_id: 192.0.2.1}\npeers:\n"))
        .containsExactly("F:2:7: 'peers' is an empty value (expected: a list)");
  }

  @Test
  void syntaxErrorHasAPosition() throws Exception {
    List<String> errs = errors("bgp:\n  local_asn: [1\n");
    assertThat(errs).hasSize(1);
    assertThat(errs.getFirst()).matches("F:\\d+:\\d+: invalid syntax: .*");
  }

  @Test
  void replayNeedsRegistryButNotBgp() throws Exception {
    write("prefixes.yml", "prefixes: []\n");
    BgpsentryConfig c =
        ConfigLoader.load(write("r.yml", "registry:\n  file: prefixes.yml\n"), BgpsentryConfig.Purpose.REPLAY);
    assertThat(c.bgp()).isNull();
    assertThat(c.peers()).isEmpty();
    assertThatThrownBy(() -> ConfigLoader.load(write("e.yml", "{}\n"), BgpsentryConfig.Purpose.REPLAY))
        .isInstanceOf(ConfigException.class)
        .hasMessageContaining("missing required key 'registry'");
  }
}
