package org.bgpsentry.daemon.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.bgpsentry.analytics.prefix.RegisteredPrefix;
import org.bgpsentry.codec.model.nlri.Prefix;
import org.bgpsentry.daemon.MainProcess;
import org.bgpsentry.daemon.config.RegistryLoader;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * docs/operators-guide.md "Public vantage points: RIS Live" {@code generate}: the prefix list of a real origin AS from a real RIB (RIS rrc05,
 * 2002, see src/test/resources/mrt/README.md) passes check-config, and replaying the same RIB
 * against it raises no alert.
 */
class GenerateCommandTest {
  @TempDir Path dir;

  private static Cli.Run run(String... args) {
    return Cli.run(args);
  }

  static Path rib() throws URISyntaxException {
    return Path.of(GenerateCommandTest.class.getResource("/mrt/rrc05-bview.20020722.2337-trimmed.gz").toURI());
  }

  private Path configFor(String registry) throws Exception {
    Files.writeString(dir.resolve("prefixes.yml"), registry);
    Path c = dir.resolve("replay.yml");
    Files.writeString(c, "registry:\n  file: prefixes.yml\n");
    return c;
  }

  /** Replays {@code rib} against {@code config} in a process of its own; returns the alert lines. */
  private static List<String> replay(Path config, Path rib) throws Exception {
    Process p = MainProcess.start("replay", "--config", config.toString(), "--rib", rib.toString());
    String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    String err = new String(p.getErrorStream().readAllBytes(), StandardCharsets.UTF_8);
    assertThat(p.waitFor(60, TimeUnit.SECONDS)).isTrue();
    assertThat(p.exitValue()).as(err).isZero();
    assertThat(err).contains("386 MRT records");
    return out.lines().filter(l -> !l.isBlank()).toList();
  }

  @Test
  void as16305FromTheRisRibPassesCheckConfigAndReplaysWithoutAlerts() throws Exception {
    Cli.Run g = run("generate", "--asn", "AS16305", "--rib", rib().toString());
    assertThat(g.code()).as(g.err()).isZero();
    assertThat(g.out()).startsWith("# prefixes.yml for AS16305, written by bgpsentry generate\n# source: MRT RIB "
        + "rrc05-bview.20020722.2337-trimmed.gz (386 routes from 9 peers, dumped 2002-07-22T23:37:37Z)\n# generated: ");
    Path config = configFor(g.out());
    List<RegisteredPrefix> reg = RegistryLoader.load(dir.resolve("prefixes.yml"));
    assertThat(reg).extracting(r -> r.prefix().toString())
        .containsExactly("194.48.124.0/22", "194.48.128.0/22", "194.48.132.0/22", "194.48.136.0/22");
    RegisteredPrefix covering = reg.get(2);
    // 194.48.132.0/24, originated by AS16305 too, is folded into its /22
    assertThat(covering.maxLength()).isEqualTo(24);
    assertThat(covering.originAsns()).containsExactly(16305L);
    assertThat(covering.upstreamAsns()).containsExactly(1901L, 8447L);
    assertThat(covering.description()).isEmpty();
    assertThat(reg.get(1).upstreamAsns()).containsExactly(1901L, 6461L, 8447L);
    assertThat(reg.get(0).maxLength()).isEqualTo(22);

    Cli.Run check = run("check-config", "--for", "replay", "--config", config.toString());
    assertThat(check.code()).as(check.err()).isZero();
    assertThat(check.out()).contains("4 registered prefixes");
    assertThat(replay(config, rib())).isEmpty();
  }

  @Test
  void theReplayCheckCanFail() throws Exception {
    // the same list without AS6461 among the upstreams of 194.48.128.0/22: replay sees it
    Cli.Run g = run("generate", "--asn", "16305", "--rib", rib().toString());
    Path config = configFor(g.out().replace("upstream_asns: [1901, 6461, 8447]", "upstream_asns: [1901, 8447]"));
    assertThat(replay(config, rib())).singleElement().asString()
        .contains("\"key\":\"path_hijack|194.48.128.0/22|194.48.128.0/22|16305\"");
  }

  @Test
  void keepMoreSpecificsListsEachPrefixOnItsOwn() throws Exception {
    Cli.Run g = run("generate", "--asn", "6720", "--keep-more-specifics", "--rib", rib().toString());
    assertThat(g.code()).as(g.err()).isZero();
    Path config = configFor(g.out());
    List<RegisteredPrefix> reg = RegistryLoader.load(dir.resolve("prefixes.yml"));
    assertThat(reg).extracting(r -> r.prefix().toString() + " " + r.maxLength())
        .containsExactly("141.203.0.0/16 16", "141.203.250.0/24 24", "141.203.254.0/24 24", "217.149.224.0/20 20");
    assertThat(replay(config, rib())).isEmpty();

    Cli.Run folded = run("generate", "--asn", "6720", "--rib", rib().toString());
    assertThat(folded.out()).contains("# covers the more-specifics seen: 141.203.250.0/24, 141.203.254.0/24\n");
    Files.writeString(dir.resolve("prefixes.yml"), folded.out());
    assertThat(RegistryLoader.load(dir.resolve("prefixes.yml"))).extracting(r -> r.prefix().toString() + " " + r.maxLength())
        .containsExactly("141.203.0.0/16 24", "217.149.224.0/20 20");
  }

  @Test
  void theConfigsMaxPathLengthIsWhatTheEntriesAreCheckedAgainst() throws Exception {
    // a daemon's config (no registry needed): detection.max_path_length 1, while AS16305's
    // paths in the RIB are 2 or 3 long; whichever arrives first is the best path for a moment
    Path c = dir.resolve("bgpsentry.yml");
    Files.writeString(c, "bgp: {local_asn: 64512, router_id: 192.0.2.1}\npeers: []\ndetection: {max_path_length: 1}\n");
    Cli.Run g = run("generate", "--asn", "16305", "--config", c.toString(), "--rib", rib().toString());
    assertThat(g.code()).as(g.err()).isZero();
    Path config = configFor(g.out());
    Files.writeString(config, "registry:\n  file: prefixes.yml\ndetection: {max_path_length: 1}\n");
    assertThat(RegistryLoader.load(dir.resolve("prefixes.yml"))).extracting(RegisteredPrefix::maxPathLength)
        .containsExactly(3, 3, 3, 3);
    assertThat(g.out()).contains("max_path_length: 3  # the longest path seen; longer than detection.max_path_length");
    assertThat(replay(config, rib())).isEmpty();
  }

  @Test
  void anAsSeenNowhereExits1() throws Exception {
    Cli.Run g = run("generate", "--asn", "64999", "--rib", rib().toString());
    assertThat(g.code()).isEqualTo(1);
    assertThat(g.out()).isEmpty();
    assertThat(g.err()).contains("AS64999 originates no prefix in MRT RIB rrc05-bview.20020722.2337-trimmed.gz");
  }

  @Test
  void badAsnOrUnreadableFileExits2() throws Exception {
    for (String bad : List.of("foo", "0", "4294967296", "AS-1")) {
      Cli.Run g = run("generate", "--asn", bad, "--rib", rib().toString());
      assertThat(g.code()).as(bad).isEqualTo(2);
      assertThat(g.err()).contains("invalid --asn '" + bad + "' (expected: an AS number 1..4294967295");
    }
    Cli.Run missing = run("generate", "--asn", "16305", "--rib", dir.resolve("nope.mrt").toString());
    assertThat(missing.code()).isEqualTo(2);
    assertThat(missing.err()).contains("cannot read " + dir.resolve("nope.mrt"));
    Cli.Run none = run("generate", "--asn", "16305");
    assertThat(none.code()).isEqualTo(2);
    assertThat(none.err()).contains("no source");
  }

  @Test
  void moreSpecificsOfOtherOriginsGetEntriesOfTheirOwn() {
    PrefixListGenerator g = new PrefixListGenerator(64496);
    g.observe(Prefix.parse("203.0.112.0/22"), new long[] {64496}, 64500, 2);
    g.observe(Prefix.parse("203.0.113.0/24"), new long[] {64497}, 64496, 3);
    g.observe(Prefix.parse("203.0.114.0/24"), new long[] {64496}, 64501, 2);
    g.observe(Prefix.parse("198.51.100.0/24"), new long[] {64497}, 64500, 2);
    assertThat(g.entries(false, 3)).extracting(e -> e.prefix() + " " + e.originAsns() + " " + e.upstreamAsns()
            + " " + e.maxLength() + " " + e.ownedByOthers())
        .containsExactly("203.0.112.0/22 [64496] [64500, 64501] 24 false", "203.0.113.0/24 [64497] [64496] 24 true");
    assertThat(g.entries(false, 1)).extracting(PrefixListGenerator.Entry::maxPathLength).containsExactly(2, 3);
    assertThat(g.entries(false, 2)).extracting(PrefixListGenerator.Entry::maxPathLength).containsExactly(0, 3);
  }
}
