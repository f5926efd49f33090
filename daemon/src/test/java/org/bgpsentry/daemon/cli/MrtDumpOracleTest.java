package org.bgpsentry.daemon.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.fail;

import java.io.BufferedOutputStream;
import java.io.BufferedReader;
import java.io.File;
import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.function.BiPredicate;
import java.util.stream.Stream;
import org.bgpsentry.daemon.ingest.DaemonDumps;
import org.junit.jupiter.api.Assumptions;
import org.bgpsentry.codec.testing.TestData;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;
import org.junit.jupiter.api.io.TempDir;

/**
 * The codec's oracle (issue 3): for every MRT file under {@code testdata/mrt}, {@code bgpsentry
 * mrt dump} must print exactly what {@code bgpdump -m} (Debian package bgpdump, RIPE NCC bgpdump
 * 1.6) prints, line by line. The only accepted differences are the {@link #KNOWN} bgpdump bugs,
 * each limited to the file and the lines it explains. Skipped only when bgpdump is missing.
 */
class MrtDumpOracleTest {

  /**
   * A documented bgpdump bug: which file, why, and which (bgpdump, ours) line pairs it explains.
   */
  record KnownDifference(String file, String reason, BiPredicate<String, String> explains) {}

  static final List<KnownDifference> KNOWN =
      List.of(
          typeFiveWithdrawals("bgpkit/rrc00.updates.19990903.1041.gz"),
          typeFiveWithdrawals("bgpkit/rrc00.updates.19991214.1621.gz"),
          typeFiveWithdrawals("bgpkit/rrc00.updates.20000102.2014.gz"),
          typeFiveWithdrawals("bgpkit/rrc00.updates.20000325.0345.gz"),
          new KnownDifference(
              "bgpkit/rrc00.updates.20000325.0345.gz",
              "the record at byte 188 declares 14556 octets and swallows the records after it;"
                  + " bgpdump decodes that span as a BGP_UPDATE from 0.5.0.3 AS13937 and prints"
                  + " 2042 withdrawals of garbage prefixes (lengths up to 117 bits) before it stops"
                  + " at a header claiming 3.6 GB; the codec rejects the malformed UPDATE",
              (theirs, ours) ->
                  ours == null
                      && theirs != null
                      && theirs.startsWith("BGP|953955944|W|0.5.0.3|13937|")),
          new KnownDifference(
              "bgpdump/updates.nlri_mask_trailing_bits.gz",
              "the UPDATE's NLRI field ends inside its second prefix (length 11, no octets left):"
                  + " bgpdump prints the prefix before the cut, with host bits as received"
                  + " (11.13.0.0/13); the codec rejects the UPDATE (RFC 7606 §5.3: session reset)",
              (theirs, ours) ->
                  ours == null
                      && theirs != null
                      && theirs.startsWith("BGP4MP|1289168632|A|12.0.1.63|7018|11.13.0.0/13|")),
          addPathWithoutAddPathSubtype("mrtparse/bird_bgp"),
          addPathWithoutAddPathSubtype("mrtparse/bird6_bgp"),
          new KnownDifference(
              "mrtparse/openbgpd_rib_table",
              "OpenBGPD writes a 4-octet-AS AGGREGATOR (8 octets) into TABLE_DUMP, a 2-octet-AS"
                  + " format: bgpdump reads it as AS 0 and address 253.232.192.168; the codec"
                  + " discards the malformed attribute (RFC 7606 §7.7), so no aggregator",
              (theirs, ours) ->
                  theirs != null
                      && ours != null
                      && theirs.endsWith("|0 253.232.192.168|")
                      && ours.endsWith("||")
                      && theirs
                          .substring(0, theirs.length() - "0 253.232.192.168|".length())
                          .equals(ours.substring(0, ours.length() - 1))));

  /**
   * BIRD 1.6 recorded UPDATEs of ADD-PATH sessions as BGP4MP_MESSAGE_AS4 (not _ADDPATH), so their
   * NLRI start with Path Identifiers the subtype does not announce: bgpdump prints the identifier
   * octets as prefixes (0.0.0.0/0, ::/0, 24.0.0.0/1, ...) for every announcement of the file; the
   * codec finds the NLRI malformed (RFC 7606 §5.3) and prints none.
   */
  static KnownDifference addPathWithoutAddPathSubtype(String file) {
    return new KnownDifference(
        file,
        "ADD-PATH NLRI recorded under a non-ADDPATH BGP4MP subtype",
        (theirs, ours) ->
            ours == null
                && theirs != null
                && theirs.startsWith("BGP4MP|")
                && theirs.contains("|A|"));
  }

  /**
   * bgpdump's {@code mrtd_table_line_withdraw} formats peer and prefix with two {@code inet_ntoa()}
   * calls in one printf; they share a static buffer, so its type 5 W lines repeat the peer address
   * where the prefix address belongs ({@code BGP|t|W|203.37.255.126|4608|203.37.255.126/24}).
   * Explained: our line equals bgpdump's once our prefix address is replaced by the peer address.
   */
  static KnownDifference typeFiveWithdrawals(String file) {
    return new KnownDifference(
        file,
        "bgpdump prints the peer address as the prefix address of BGP (type 5) withdrawals",
        (theirs, ours) -> {
          if (theirs == null || ours == null || !ours.startsWith("BGP|")) {
            return false;
          }
          String[] f = ours.split("\\|", -1);
          if (f.length != 6 || !f[2].equals("W")) {
            return false;
          }
          String prefixLength = f[5].substring(f[5].indexOf('/'));
          f[5] = f[3] + prefixLength;
          return String.join("|", f).equals(theirs);
        });
  }

  @TempDir Path tmp;

  @TestFactory
  Stream<DynamicTest> mrtDumpEqualsBgpdump() throws IOException {
    Path data = TestData.file("mrt");
    Assumptions.assumeTrue(bgpdump() != null, "bgpdump is not installed (apt-get install bgpdump)");
    List<Path> files;
    try (Stream<Path> walk = Files.walk(data)) {
      files = walk.filter(Files::isRegularFile)
          .filter(f -> !f.startsWith(DaemonDumps.dir())) // their own test below
          .filter(f -> !f.getFileName().toString().matches(".*\\.(md|sh)"))
          .sorted().toList();
    }
    assertThat(files).hasSizeGreaterThan(30);
    return files.stream()
        .map(f -> DynamicTest.dynamicTest(data.relativize(f).toString(), () -> compare(data, f)));
  }

  /**
   * Issue 12: TABLE_DUMP_V2 RIB dumps as BIRD 2.0.12 and GoBGP 3 write them (BIRD's NEXT_HOP and
   * LOCAL_PREF carry attribute flags 0x00), from the repository's own test data.
   */
  @TestFactory
  Stream<DynamicTest> mrtDumpEqualsBgpdumpOnDumpsOfBirdAndGobgp() {
    Assumptions.assumeTrue(bgpdump() != null, "bgpdump is not installed (apt-get install bgpdump)");
    Path data = DaemonDumps.dir();
    List<Path> files = DaemonDumps.files();
    assertThat(files).extracting(f -> f.getFileName().toString())
        .containsExactly("bird2-rib4.mrt", "bird2-rib6.mrt", "gobgp-rib.mrt");
    return files.stream()
        .map(f -> DynamicTest.dynamicTest(data.relativize(f).toString(), () -> compare(data, f)));
  }

  private void compare(Path data, Path file) throws Exception {
    String name = data.relativize(file).toString().replace(File.separatorChar, '/');
    String stem = name.replace('/', '_');
    Path theirs = tmp.resolve(stem + ".bgpdump");
    Path ours = tmp.resolve(stem + ".bgpsentry");
    Process p =
        new ProcessBuilder(bgpdump().toString(), "-m", file.toString())
            .redirectOutput(theirs.toFile())
            .redirectError(ProcessBuilder.Redirect.DISCARD)
            .start();
    try (OutputStream out = new BufferedOutputStream(Files.newOutputStream(ours), 1 << 16);
        PrintStream diagnostics = new PrintStream(OutputStream.nullOutputStream())) {
      MrtDumpCommand.dump(file, out, diagnostics);
    } finally {
      if (!p.waitFor(5, TimeUnit.MINUTES)) {
        p.destroyForcibly();
        fail("bgpdump -m " + name + " did not finish within 5 minutes");
      }
    }
    List<KnownDifference> known = KNOWN.stream().filter(k -> k.file().equals(name)).toList();
    List<String> unexplained = new ArrayList<>();
    long line = 0;
    long explained = 0;
    try (BufferedReader a = Files.newBufferedReader(theirs, StandardCharsets.ISO_8859_1);
        BufferedReader b = Files.newBufferedReader(ours, StandardCharsets.ISO_8859_1)) {
      String x = a.readLine();
      String y = b.readLine();
      while (x != null || y != null) {
        line++;
        if (x != null && x.equals(y)) {
          x = a.readLine();
          y = b.readLine();
          continue;
        }
        String theirLine = x;
        String ourLine = y;
        if (known.stream().anyMatch(k -> k.explains().test(theirLine, ourLine))) {
          explained++;
          x = a.readLine();
          y = b.readLine();
        } else if (known.stream().anyMatch(k -> k.explains().test(theirLine, null))) {
          explained++; // a line only bgpdump prints
          x = a.readLine();
        } else if (known.stream().anyMatch(k -> k.explains().test(null, ourLine))) {
          explained++; // a line only we print
          y = b.readLine();
        } else if (unexplained.size() < 8) {
          unexplained.add("line " + line + "\n  bgpdump:   " + x + "\n  bgpsentry: " + y);
          x = a.readLine();
          y = b.readLine();
        } else {
          unexplained.add("...");
          break;
        }
      }
    }
    Files.delete(theirs);
    Files.delete(ours);
    if (!unexplained.isEmpty()) {
      fail(
          name
              + ": output differs from bgpdump -m ("
              + explained
              + " known differences)\n"
              + String.join("\n", unexplained));
    }
  }

  private static Path bgpdump() {
    for (String dir :
        System.getenv().getOrDefault("PATH", "/usr/bin:/bin").split(File.pathSeparator)) {
      Path candidate = Path.of(dir, "bgpdump");
      if (Files.isExecutable(candidate)) {
        return candidate;
      }
    }
    return null;
  }
}
