package org.bgpsentry.daemon.config;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.bgpsentry.analytics.alert.Severity;
import org.bgpsentry.analytics.prefix.Community;
import org.bgpsentry.analytics.prefix.RegisteredPrefix;
import org.bgpsentry.codec.model.nlri.IpAddress;
import org.bgpsentry.codec.model.nlri.Prefix;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** docs/configuration.md: the registry file, strictly, and its atomic write-back. */
class RegistryLoaderTest {
  @TempDir Path dir;

  private Path write(String text) throws IOException {
    Path p = dir.resolve("prefixes.yml");
    Files.writeString(p, text);
    return p;
  }

  private List<String> errors(String yaml) throws IOException {
    Path p = write(yaml);
    try {
      RegistryLoader.load(p);
    } catch (ConfigException e) {
      return e.errors().stream().map(err -> err.toString().replace(p.toString(), "F")).toList();
    }
    throw new AssertionError("expected errors");
  }

  @Test
  void everyFieldBindsAndDefaultsApply() throws Exception {
    List<RegisteredPrefix> r =
        RegistryLoader.load(
            write(
                """
                prefixes:
                  - prefix: 203.0.113.0/24
                    description: Contoso Seattle office
                    customer: contoso
                    provider: Example ISP
                    location: Washington
                    origin_asns: [64496]
                    max_length: 24
                    upstream_asns: [64500]
                    via_asns: [64500]
                    max_path_length: 3
                    severity: critical
                    probe_targets: [203.0.113.10]
                  - prefix: 2001:db8::/32
                    origin_asns: []
                """));
    assertThat(r.get(0))
        .isEqualTo(
            new RegisteredPrefix(
                Prefix.parse("203.0.113.0/24"), "Contoso Seattle office", "contoso", "Example ISP",
                "Washington", List.of(64496L), 24, List.of(64500L), List.of(64500L), 3,
                Severity.CRITICAL, List.of(IpAddress.parse("203.0.113.10"))));
    assertThat(r.get(1)).isEqualTo(RegisteredPrefix.of(Prefix.parse("2001:db8::/32")));
  }

  @Test
  void eachEntryErrorIsReportedAtItsValue() throws Exception {
    assertThat(
            errors(
                """
                prefixes:
                  - prefix: 203.0.113.1/24
                    origin_asns: [64496]
                  - prefix: 198.51.100.0/24
                  - prefix: 192.0.2.0/24
                    origin_asns: [64496]
                    max_length: 33
                    probe_targets: [198.51.100.1]
                    colour: red
                  - prefix: 192.0.2.0/24
                    origin_asns: [x]
                """))
        .containsExactly(
            "F:2:13: 'prefix': prefix '203.0.113.1/24' has host bits set (expected: 203.0.113.0/24)",
            "F:4:5: missing required key 'origin_asns' in prefix entry (expected: a value)",
            "F:7:17: 'max_length' is 33 (expected: an integer 24..32)",
            "F:8:21: probe target 198.51.100.1 is outside 192.0.2.0/24 (expected: a host inside the prefix)",
            "F:9:5: unknown key 'colour' in prefix entry (expected one of: prefix, description, customer, provider, location, origin_asns, max_length, upstream_asns, via_asns, max_path_length, severity, probe_targets, ingress_locations, communities)",
            "F:11:19: 'origin_asns' is 'x' (expected: an integer 0..4294967295)");
  }

  @Test
  void ingressLocationsAndCommunitiesBindAndAreCheckedAtTheirValue() throws Exception {
    List<RegisteredPrefix> r =
        RegistryLoader.load(
            write(
                """
                prefixes:
                  - prefix: 203.0.113.0/24
                    location: Washington
                    origin_asns: [64496]
                    ingress_locations: [Washington, Oregon]
                    communities: ["8075:8007", "64496:1:2", 64496:1]
                """));
    assertThat(r.getFirst().ingressLocations()).containsExactly("Washington", "Oregon");
    assertThat(r.getFirst().communities())
        .containsExactly(Community.parse("8075:8007"), Community.parse("64496:1:2"), Community.parse("64496:1"));
    assertThat(
            errors(
                """
                prefixes:
                  - prefix: 203.0.113.0/24
                    origin_asns: [64496]
                    ingress_locations: Washington
                    communities: ["8075:8007", "65536:1", "1:2:3:4", "x:1", "1:4294967296:0"]
                  - prefix: 198.51.100.0/24
                    origin_asns: [64496]
                    ingress_locations: [""]
                """))
        .containsExactly(
            "F:4:24: 'ingress_locations' is a string (expected: a list)",
            "F:5:32: 'communities': invalid community \"65536:1\": 65536 out of range (expected: 0..65535 in an RFC 1997 community)",
            "F:5:43: 'communities': invalid community \"1:2:3:4\" (expected: RFC 1997 a:b or RFC 8092 large a:b:c)",
            "F:5:54: 'communities': invalid community \"x:1\" (expected: decimal numbers, a:b or a:b:c)",
            "F:5:61: 'communities': invalid community \"1:4294967296:0\": 4294967296 out of range (expected: 0..4294967295 in a large community)",
            "F:8:25: 'ingress_locations' has an empty name (expected: a location such as Washington)");
  }

  @Test
  void duplicatePrefixIsAnError() throws Exception {
    assertThat(
            errors(
                """
                prefixes:
                  - {prefix: 192.0.2.0/24, origin_asns: [1]}
                  - {prefix: 192.0.2.0/24, origin_asns: [2]}
                """))
        .containsExactly(
            "F:3:6: duplicate prefix 192.0.2.0/24 (expected: each prefix once; first at line 2)");
  }

  @Test
  void jsonBodyErrorsNameTheRequest() {
    try {
      RegistryLoader.parseJson("{\"prefixes\": [{\"prefix\": \"10.0.0.0/8\", \"origin_asns\": \"1\"}]}", "request");
      throw new AssertionError("expected errors");
    } catch (ConfigException e) {
      assertThat(e.errors().getFirst().toString())
          .isEqualTo("request:1:55: 'origin_asns' is a string (expected: a list)");
    }
  }

  @Test
  void writeBackRoundTripsAtomically() throws Exception {
    Path p = write("prefixes: []\n");
    List<RegisteredPrefix> entries =
        List.of(
            new RegisteredPrefix(
                Prefix.parse("203.0.113.0/24"), "123", "contoso", "", "Washington: west",
                List.of(64496L), 25, List.of(), List.of(64500L), 0, Severity.WARNING,
                List.of(IpAddress.parse("203.0.113.10")))
                .withIngress(List.of("Washington", "Oregon"), List.of(Community.parse("8075:8007"), Community.parse("64496:1:2"))),
            RegisteredPrefix.of(Prefix.parse("2001:db8::/32")));
    RegistryFile.write(p, entries);
    assertThat(RegistryLoader.load(p)).isEqualTo(entries);
    try (var files = Files.list(dir)) {
      assertThat(files.map(f -> f.getFileName().toString())).containsExactly("prefixes.yml");
    }
  }
}
