package org.bgpsentry.daemon.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.bgpsentry.analytics.prefix.RegisteredPrefix;
import org.bgpsentry.codec.model.nlri.Prefix;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The registry snapshot of one-shot commands: used only for the very bytes it was made from. */
class RegistrySnapshotTest {
  static final String REGISTRY =
      """
      prefixes:
        - prefix: 203.0.113.0/24
          description: Contoso Seattle office, "Zürich" wing
          customer: contoso
          provider: Example ISP
          location: Washington
          origin_asns: [64496, 4200000000]
          max_length: 24
          upstream_asns: [64500]
          via_asns: [64500, 64501]
          max_path_length: 3
          severity: critical
          probe_targets: [203.0.113.10, 203.0.113.11]
          ingress_locations: [Washington, Oregon]
          communities: ["8075:8007", "64496:1:2"]
        - {prefix: 2001:db8::/32, origin_asns: [], max_length: 48, severity: info, probe_targets: ['2001:db8::1']}
        - {prefix: 198.51.100.0/24, origin_asns: [64497]}
      """;

  @TempDir Path dir;

  @Test
  void secondLoadComesFromTheSnapshotAndEqualsTheParsedRegistry() throws Exception {
    Path reg = dir.resolve("prefixes.yml");
    Path cache = dir.resolve("cache");
    Files.writeString(reg, REGISTRY);
    List<RegisteredPrefix> parsed = RegistryLoader.load(reg);
    assertThat(RegistryLoader.load(reg, cache)).isEqualTo(parsed);
    RegistrySnapshot snapshot = RegistrySnapshot.of(cache, reg, Files.readAllBytes(reg));
    assertThat(snapshot.file()).exists();
    assertThat(snapshot.read()).isEqualTo(parsed);
    assertThat(snapshot.read().getFirst().communities()).hasSize(2);
    assertThat(snapshot.read().getFirst().ingressLocations()).containsExactly("Washington", "Oregon");
    assertThat(RegistryLoader.load(reg, cache)).isEqualTo(parsed);
    // what the loader returns for these bytes is the snapshot's content, not a new parse
    List<RegisteredPrefix> other = List.of(RegisteredPrefix.of(Prefix.parse("192.0.2.0/24"), 1));
    assertThat(snapshot.write(other)).isTrue();
    assertThat(RegistryLoader.load(reg, cache)).isEqualTo(other);
  }

  @Test
  void changedFileIsParsedAgainAndItsSnapshotReplaced() throws Exception {
    Path reg = dir.resolve("prefixes.yml");
    Path cache = dir.resolve("cache");
    Files.writeString(reg, REGISTRY);
    RegistryLoader.load(reg, cache);
    Files.writeString(reg, REGISTRY.replace("64497", "64498"));
    List<RegisteredPrefix> now = RegistryLoader.load(reg, cache);
    assertThat(now.get(2).originAsns()).containsExactly(64498L);
    assertThat(now).isEqualTo(RegistryLoader.load(reg));
    try (var files = Files.list(cache)) {
      assertThat(files.toList()).hasSize(1);
    }
    assertThat(RegistrySnapshot.of(cache, reg, Files.readAllBytes(reg)).read()).isEqualTo(now);
  }

  @Test
  void truncatedOrForeignSnapshotIsIgnoredAndRewritten() throws Exception {
    Path reg = dir.resolve("prefixes.yml");
    Path cache = dir.resolve("cache");
    Files.writeString(reg, REGISTRY);
    List<RegisteredPrefix> parsed = RegistryLoader.load(reg);
    RegistryLoader.load(reg, cache);
    Path file = RegistrySnapshot.of(cache, reg, Files.readAllBytes(reg)).file();
    byte[] whole = Files.readAllBytes(file);
    for (byte[] bad : List.of(java.util.Arrays.copyOf(whole, whole.length - 3), new byte[] {1, 2, 3}, new byte[0])) {
      Files.write(file, bad);
      assertThat(RegistryLoader.load(reg, cache)).isEqualTo(parsed);
      assertThat(Files.readAllBytes(file)).isEqualTo(whole);
    }
    byte[] trailing = java.util.Arrays.copyOf(whole, whole.length + 1);
    Files.write(file, trailing);
    assertThat(RegistryLoader.load(reg, cache)).isEqualTo(parsed);
    assertThat(Files.readAllBytes(file)).isEqualTo(whole);
  }

  @Test
  void invalidRegistryGivesTheSameErrorsAndNoSnapshot() throws Exception {
    Path reg = dir.resolve("prefixes.yml");
    Path cache = dir.resolve("cache");
    Files.writeString(reg, "prefixes:\n  - {prefix: 192.0.2.0/24, origin_asns: [1]}\n  - {prefix: 192.0.2.0/24}\n");
    List<String> plain = errors(() -> RegistryLoader.load(reg));
    assertThat(plain).containsExactly(reg + ":3:6: missing required key 'origin_asns' in prefix entry (expected: a value)");
    assertThat(errors(() -> RegistryLoader.load(reg, cache))).isEqualTo(plain);
    assertThat(cache).doesNotExist();
    Files.write(reg, new byte[] {'p', ':', ' ', (byte) 0xff});
    assertThatThrownBy(() -> RegistryLoader.load(reg, cache))
        .isInstanceOf(ConfigException.class)
        .extracting(e -> ((ConfigException) e).errors().getFirst().toString())
        .asString()
        .startsWith(reg + ":1:1: cannot read");
    assertThat(cache).doesNotExist();
  }

  interface Load {
    List<RegisteredPrefix> run() throws ConfigException;
  }

  private static List<String> errors(Load load) {
    try {
      load.run();
    } catch (ConfigException e) {
      return e.errors().stream().map(Object::toString).toList();
    }
    throw new AssertionError("expected errors");
  }

  @Test
  void unusableCacheDirectoryOnlyMeansParsing() throws Exception {
    Path reg = dir.resolve("prefixes.yml");
    Files.writeString(reg, REGISTRY);
    Path notADir = dir.resolve("file");
    Files.writeString(notADir, "x");
    assertThat(RegistryLoader.load(reg, notADir)).isEqualTo(RegistryLoader.load(reg));
    assertThat(RegistryLoader.load(reg, notADir.resolve("sub"))).isEqualTo(RegistryLoader.load(reg));
  }
}
