package org.bgpsentry.daemon.ingest;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;
import java.util.zip.GZIPInputStream;
import java.util.zip.GZIPOutputStream;
import org.bgpsentry.codec.model.OpaqueBytes;
import org.bgpsentry.codec.model.Update;
import org.bgpsentry.codec.model.attr.AsPathSegment;
import org.bgpsentry.codec.model.attr.OriginType;
import org.bgpsentry.codec.model.attr.PathAttribute;
import org.bgpsentry.codec.model.attr.PathAttributes;
import org.bgpsentry.codec.model.nlri.Family;
import org.bgpsentry.codec.model.nlri.IpAddress;
import org.bgpsentry.codec.model.nlri.Nlri;
import org.bgpsentry.codec.model.nlri.Prefix;
import org.bgpsentry.daemon.MainProcess;
import org.bgpsentry.daemon.alert.AlertJson;
import org.bgpsentry.daemon.ingest.MrtBuilder.Peer;
import org.bgpsentry.daemon.ingest.MrtBuilder.RibEntry;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The class-data-sharing training set in {@code packaging/training}: the
 * launchers replay it once per jar to build the archive that {@code replay} and {@code mrt dump}
 * start from, so it must walk the paths a real replay walks. This test checks that the committed
 * MRT files are the ones {@link #write} produces (run with {@code -Dbgpsentry.training.write=true}
 * to rewrite them) and that replaying the set raises and resolves every alert type replay can
 * raise from MRT input.
 */
class TrainingSetTest {
  static final Path DIR = Path.of("..", "packaging", "training");
  static final Peer RIS1 = new Peer("193.0.0.56", 3333);
  static final Peer RIS2 = new Peer("195.66.224.175", 1299);
  static final Peer RIS3 = new Peer("80.81.192.1", 6939);
  static final Instant RIB_TIME = Instant.parse("2008-02-24T18:00:00Z");

  @TempDir Path dir;

  @Test
  void committedMrtFilesAreTheGeneratedOnes() throws Exception {
    write(dir);
    if (Boolean.getBoolean("bgpsentry.training.write")) {
      Files.copy(dir.resolve("bview.mrt"), DIR.resolve("bview.mrt"), java.nio.file.StandardCopyOption.REPLACE_EXISTING);
      try (OutputStream gz = new GZIPOutputStream(Files.newOutputStream(DIR.resolve("updates.mrt.gz")))) {
        gz.write(Files.readAllBytes(dir.resolve("updates.mrt")));
      }
    }
    assertThat(Files.readAllBytes(DIR.resolve("bview.mrt"))).isEqualTo(Files.readAllBytes(dir.resolve("bview.mrt")));
    try (InputStream in = new GZIPInputStream(Files.newInputStream(DIR.resolve("updates.mrt.gz")))) {
      assertThat(in.readAllBytes()).isEqualTo(Files.readAllBytes(dir.resolve("updates.mrt")));
    }
  }

  @Test
  void replayOfTheTrainingSetRaisesAndResolvesEveryMrtAlertType() throws Exception {
    Process p =
        MainProcess.start(
            "replay", "--config", DIR.resolve("replay.yml").toString(),
            "--rib", DIR.resolve("bview.mrt").toString(), DIR.resolve("updates.mrt.gz").toString());
    String out = new String(p.getInputStream().readAllBytes());
    String err = new String(p.getErrorStream().readAllBytes());
    assertThat(p.waitFor(60, TimeUnit.SECONDS)).isTrue();
    assertThat(p.exitValue()).as(err).isZero();
    Set<String> firing = new TreeSet<>();
    Set<String> resolved = new TreeSet<>();
    for (String line : out.strip().split("\n")) {
      JsonNode n = AlertJson.MAPPER.readTree(line);
      (n.get("status").asText().equals("firing") ? firing : resolved).add(n.get("type").asText());
    }
    Set<String> all =
        Set.of(
            "origin_hijack", "subprefix_hijack", "more_specific", "path_hijack", "rpki_invalid", "route_leak",
            "suboptimal_path", "visibility_loss", "as_path_anomaly", "peer_down");
    assertThat(firing).containsExactlyInAnyOrderElementsOf(all);
    assertThat(resolved).containsAll(Set.of("origin_hijack", "subprefix_hijack", "path_hijack", "visibility_loss"));
    assertThat(err).contains("3 peers");
  }

  /**
   * The training MRT files: a TABLE_DUMP_V2 RIB of 3 peers (1,500 unregistered /24s and the
   * registered prefixes) and BGP4MP updates an hour later: 3,000 unregistered announcements and
   * withdrawals, then a hijack of each kind, a leak, an RPKI-invalid and an anomalous path for the
   * registered prefixes (IPv4 and, through MP_REACH_NLRI, IPv6), their withdrawal, and a session
   * going down.
   */
  static void write(Path dir) throws Exception {
    List<Peer> peers = List.of(RIS1, RIS2, RIS3);
    MrtBuilder rib = new MrtBuilder().peerIndex(RIB_TIME, peers);
    int seq = 0;
    Instant old = Instant.parse("2008-02-20T00:00:00Z");
    for (int i = 0; i < 1500; i++) {
      rib.rib(RIB_TIME, seq++, noise(i),
          List.of(new RibEntry(0, old, 3333, 3356, 20000 + i % 97), new RibEntry(1, old, 1299, 20000 + i % 97)));
    }
    rib.rib(RIB_TIME, seq++, "208.65.152.0/22",
        List.of(new RibEntry(0, old, 3333, 3356, 36561), new RibEntry(1, old, 1299, 3356, 36561)));
    rib.rib(RIB_TIME, seq++, "193.0.0.0/21",
        List.of(new RibEntry(0, old, 3333), new RibEntry(2, old, 6939, 1299, 3333)));
    rib.writeTo(dir.resolve("bview.mrt"));

    MrtBuilder up = new MrtBuilder();
    Instant t = Instant.parse("2008-02-24T18:30:00Z");
    for (int i = 0; i < 3000; i++) {
      Peer peer = peers.get(i % 3);
      if (i % 4 == 3) {
        up.withdraw(t.plusMillis(i * 100L), peer, noise(i));
      } else {
        up.announce(t.plusMillis(i * 100L), peer, noise(i + 1000), peer.asn(), 174, 20000 + i % 89);
      }
    }
    t = Instant.parse("2008-02-24T18:47:45Z");
    up.announce(t, RIS1, "208.65.153.0/24", 3333, 3491, 17557); // subprefix, rpki_invalid, route_leak
    up.announce(t.plusSeconds(1), RIS2, "208.65.152.0/22", 1299, 666); // origin
    up.announce(t.plusSeconds(2), RIS3, "208.65.152.0/22", 6939, 174, 36561); // path
    up.announce(t.plusSeconds(3), RIS3, "208.65.152.0/25", 6939, 3356, 36561); // more_specific
    up.announce(t.plusSeconds(4), RIS2, "193.0.0.0/21", 1299, 64512, 3333); // as_path_anomaly, suboptimal
    up.update(t.plusSeconds(5), RIS1, ipv6("2a00:1450:4000::/36", 3333, 3356, 65000, 64666)); // subprefix v6
    up.update(t.plusSeconds(6), RIS2, ipv6("2a00:1450::/32", 1299, 15169));
    t = Instant.parse("2008-02-24T19:10:00Z");
    up.withdraw(t, RIS1, "208.65.153.0/24");
    up.announce(t.plusSeconds(1), RIS2, "208.65.152.0/22", 1299, 3356, 36561);
    up.withdraw(t.plusSeconds(2), RIS3, "208.65.152.0/22");
    up.withdraw(t.plusSeconds(3), RIS1, "193.0.0.0/21");
    up.withdraw(t.plusSeconds(4), RIS2, "193.0.0.0/21");
    up.withdraw(t.plusSeconds(5), RIS3, "193.0.0.0/21"); // visibility_loss
    up.update(t.plusSeconds(6), RIS1, ipv6Withdraw("2a00:1450:4000::/36"));
    up.announce(t.plusSeconds(7), RIS1, "193.0.0.0/21", 3333);
    up.stateChange(t.plusSeconds(8), RIS3, 6, 1);
    up.writeTo(dir.resolve("updates.mrt"));
  }

  private static String noise(int i) {
    return "41." + (i / 256) + "." + (i % 256) + ".0/24";
  }

  private static Update ipv6(String prefix, long... asns) {
    PathAttributes attrs =
        PathAttributes.of(
            new PathAttribute.Origin(OriginType.IGP),
            new PathAttribute.AsPath(List.of(AsPathSegment.sequence(asns))),
            new PathAttribute.MpReachNlri(
                Family.IPV6_UNICAST, List.of(IpAddress.parse("2001:db8::1")), OpaqueBytes.EMPTY,
                List.of(Nlri.of(Prefix.parse(prefix))), OpaqueBytes.EMPTY));
    return new Update(List.of(), attrs, List.of());
  }

  private static Update ipv6Withdraw(String prefix) {
    return new Update(
        List.of(),
        PathAttributes.of(
            new PathAttribute.MpUnreachNlri(Family.IPV6_UNICAST, List.of(Nlri.of(Prefix.parse(prefix))), OpaqueBytes.EMPTY)),
        List.of());
  }
}
