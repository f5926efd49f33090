package org.bgpsentry.daemon.ingest;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import org.bgpsentry.analytics.alert.Alert;
import org.bgpsentry.analytics.detect.DetectionEngine;
import org.bgpsentry.analytics.detect.DetectionSettings;
import org.bgpsentry.analytics.event.EventClock;
import org.bgpsentry.analytics.prefix.PrefixRegistry;
import org.bgpsentry.analytics.prefix.RegisteredPrefix;
import org.bgpsentry.codec.model.nlri.Prefix;
import org.bgpsentry.daemon.MainProcess;
import org.bgpsentry.daemon.alert.AlertJson;
import org.bgpsentry.daemon.ingest.MrtBuilder.Peer;
import org.bgpsentry.daemon.ingest.MrtBuilder.RibEntry;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * replay end to end (docs/cli.md) on MRT files written the way RIS wrote the 2008 YouTube
 * hijack: a TABLE_DUMP_V2 RIB with a violation already present, then BGP4MP updates and a
 * session going down.
 */
class MrtReplayTest {
  static final Peer RIS1 = new Peer("193.0.0.56", 3333);
  static final Peer RIS2 = new Peer("195.66.224.175", 1299);
  static final Instant RIB_TIME = Instant.parse("2008-02-24T18:00:00Z");

  @TempDir Path dir;

  Path ribFile() throws Exception {
    Path f = dir.resolve("bview.20080224.1800");
    new MrtBuilder()
        .peerIndex(RIB_TIME, List.of(RIS1, RIS2))
        .rib(RIB_TIME, 0, "208.65.152.0/22",
            List.of(
                new RibEntry(0, Instant.parse("2008-02-20T00:00:00Z"), 3333, 3356, 36561),
                new RibEntry(1, Instant.parse("2008-02-21T00:00:00Z"), 1299, 3356, 36561)))
        .rib(RIB_TIME, 1, "208.65.154.0/24",
            List.of(new RibEntry(1, Instant.parse("2008-02-24T12:00:00Z"), 1299, 666)))
        .writeTo(f);
    return f;
  }

  Path updatesFile() throws Exception {
    Path f = dir.resolve("updates.20080224.1845");
    new MrtBuilder()
        .announce(Instant.parse("2008-02-24T18:47:45Z"), RIS1, "208.65.153.0/24", 3333, 3491, 17557)
        .announce(Instant.parse("2008-02-24T18:48:02Z"), RIS2, "208.65.153.0/24", 1299, 3491, 17557)
        .withdraw(Instant.parse("2008-02-24T21:01:00Z"), RIS1, "208.65.153.0/24")
        .stateChange(Instant.parse("2008-02-24T21:01:05Z"), RIS2, 6, 1)
        .writeTo(f);
    return f;
  }

  @Test
  void youtube2008FromMrt_ribViolationKeepsItsOriginatedTime_peerDownResolvesItsRoutes() throws Exception {
    List<Alert> alerts = new ArrayList<>();
    EventClock clock = new EventClock();
    RegisteredPrefix youtube =
        new RegisteredPrefix(
            Prefix.parse("208.65.152.0/22"), "YouTube", "youtube", "Example ISP", "California",
            List.of(36561L), 24, List.of(), List.of(), 0, null, List.of());
    DetectionEngine engine =
        new DetectionEngine(
            DetectionSettings.DEFAULTS, new PrefixRegistry(List.of(youtube)), alerts::add, clock, new Random(1));
    MrtReplay replay = new MrtReplay(engine, clock);
    replay.loadRibs(List.of(ribFile()));
    replay.replay(List.of(updatesFile()));

    List<JsonNode> lines = alerts.stream().<JsonNode>map(AlertJson::toNode).toList();
    List<String> transitions =
        lines.stream().map(n -> n.get("key").asText() + " " + n.get("status").asText()).toList();
    assertThat(transitions.subList(0, 3))
        .containsExactly(
            "subprefix_hijack|208.65.152.0/22|208.65.154.0/24|666 firing",
            "subprefix_hijack|208.65.152.0/22|208.65.153.0/24|17557 firing",
            "peer_down|||mrt:195.66.224.175 firing");
    // the peer's routes go when it goes down, both at 21:01:05, in the RIB's order
    assertThat(transitions.subList(3, 5))
        .containsExactlyInAnyOrder(
            "subprefix_hijack|208.65.152.0/22|208.65.153.0/24|17557 resolved",
            "subprefix_hijack|208.65.152.0/22|208.65.154.0/24|666 resolved");
    JsonNode fromRib = lines.get(0);
    assertThat(fromRib.get("first_seen").asText()).isEqualTo("2008-02-24T12:00:00Z");
    assertThat(fromRib.get("last_seen").asText()).isEqualTo("2008-02-24T18:00:00Z");
    assertThat(fromRib.get("peers").get(0).get("name").asText()).isEqualTo("mrt:195.66.224.175");
    assertThat(fromRib.get("peers").get(0).get("asn").asLong()).isEqualTo(1299);
    JsonNode hijack = lines.get(1);
    assertThat(hijack.get("summary").asText())
        .isEqualTo("208.65.153.0/24 (more specific of 208.65.152.0/22) originated by AS17557, expected AS36561");
    assertThat(hijack.get("first_seen").asText()).isEqualTo("2008-02-24T18:47:45Z");
    assertThat(hijack.get("resolved_at").isNull()).isTrue();
    assertThat(hijack.get("as_path").toString()).isEqualTo("[3333,3491,17557]");
    assertThat(lines.get(3).get("resolved_at").asText()).isEqualTo("2008-02-24T21:01:05Z");
    assertThat(lines.get(4).get("resolved_at").asText()).isEqualTo("2008-02-24T21:01:05Z");
    // time order: every line's transition time is not before the previous one
    List<Instant> times =
        lines.stream()
            .map(n -> Instant.parse(n.get(n.get("resolved_at").isNull() ? "last_seen" : "resolved_at").asText()))
            .toList();
    assertThat(times).isSorted();
    assertThat(replay.peers()).hasSize(2);
  }

  /**
   * RFC 4724 §2: an End-of-RIB has no attribute on the wire. An UPDATE holding only an ORIGIN of 7
   * (RFC 7606 §7.1, treat-as-withdraw) is empty once decoded, yet no End-of-RIB: a restored alert
   * that waits for the peer's End-of-RIB keeps waiting, and resolves at the real one.
   */
  @Test
  void anUpdateLeftEmptyByAMalformedAttributeIsNoEndOfRib() throws Exception {
    RegisteredPrefix youtube =
        new RegisteredPrefix(
            Prefix.parse("208.65.152.0/22"), "YouTube", "youtube", "Example ISP", "California",
            List.of(36561L), 24, List.of(), List.of(), 0, null, List.of());
    List<Alert> before = new ArrayList<>();
    EventClock clock1 = new EventClock();
    DetectionEngine engine1 =
        new DetectionEngine(
            DetectionSettings.DEFAULTS, new PrefixRegistry(List.of(youtube)), before::add, clock1, new Random(1));
    Path first = dir.resolve("updates.1");
    new MrtBuilder()
        .announce(Instant.parse("2008-02-24T18:47:45Z"), RIS1, "208.65.153.0/24", 3333, 3491, 17557)
        .writeTo(first);
    new MrtReplay(engine1, clock1).replay(List.of(first));
    List<Alert> persisted = engine1.firing();
    assertThat(persisted).singleElement().satisfies(a ->
        assertThat(a.key()).isEqualTo("subprefix_hijack|208.65.152.0/22|208.65.153.0/24|17557"));

    Instant restart = Instant.parse("2008-02-24T20:00:00Z");
    List<Alert> after = new ArrayList<>();
    EventClock clock2 = new EventClock(restart);
    DetectionEngine engine2 =
        new DetectionEngine(
            DetectionSettings.DEFAULTS, new PrefixRegistry(List.of(youtube)), after::add, clock2, new Random(1));
    engine2.restore(persisted);
    Path badOnly = dir.resolve("updates.2");
    new MrtBuilder()
        // withdrawn routes length 0, path attributes length 4: ORIGIN (flags 0x40, type 1) 7
        .update(restart.plusSeconds(5), RIS1, "0000 0004 40010107")
        .writeTo(badOnly);
    MrtReplay replay = new MrtReplay(engine2, clock2);
    replay.replay(List.of(badOnly));
    assertThat(after).as("no End-of-RIB: the restored alert still waits for the peer").isEmpty();
    assertThat(engine2.firing()).hasSize(1);

    Path endOfRib = dir.resolve("updates.3");
    new MrtBuilder().update(restart.plusSeconds(7), RIS1, "0000 0000").writeTo(endOfRib);
    replay.replay(List.of(endOfRib));
    assertThat(after).singleElement().satisfies(a -> {
      assertThat(a.key()).isEqualTo("subprefix_hijack|208.65.152.0/22|208.65.153.0/24|17557");
      assertThat(a.status().wireName()).isEqualTo("resolved");
      assertThat(a.id()).isEqualTo(persisted.get(0).id());
    });
  }

  @Test
  void configuredVrpsAndRelationshipsReachTheEngineThroughDetectionData() throws Exception {
    Files.writeString(
        dir.resolve("prefixes.yml"),
        "prefixes:\n  - prefix: 208.65.152.0/22\n    origin_asns: [36561]\n    max_length: 24\n");
    Files.writeString(
        dir.resolve("vrps.json"),
        "{\"metadata\": {\"buildtime\": \"2008-02-24T18:00:00Z\"},"
            + " \"roas\": [{\"prefix\": \"208.65.152.0/22\", \"maxLength\": 24, \"asn\": \"AS36561\"}]}");
    // a made-up valley: 3491 learns the route from its provider 17557 and passes it to its
    // provider 3333; VRPs built at 18:00 are fresh (stale_after 2h) at 18:47
    Files.writeString(dir.resolve("as-rel.txt"), "17557|3491|-1\n3333|3491|-1\n");
    Files.writeString(
        dir.resolve("replay.yml"),
        "registry:\n  file: prefixes.yml\ndata:\n  as_relationships: as-rel.txt\nrpki:\n  vrp_file: vrps.json\n");
    org.bgpsentry.daemon.config.BgpsentryConfig cfg =
        org.bgpsentry.daemon.config.ConfigLoader.load(
            dir.resolve("replay.yml"), org.bgpsentry.daemon.config.BgpsentryConfig.Purpose.REPLAY);
    DetectionData data = DetectionData.load(cfg);
    List<Alert> alerts = new ArrayList<>();
    EventClock clock = new EventClock();
    DetectionEngine engine =
        new DetectionEngine(DetectionData.settings(cfg), data.registry(), alerts::add, clock, new Random(1));
    data.applyTo(engine);
    MrtReplay replay = new MrtReplay(engine, clock);
    replay.replay(List.of(updatesFile()));
    assertThat(alerts.stream().filter(a -> a.status().wireName().equals("firing")).map(Alert::key))
        .containsExactlyInAnyOrder(
            "subprefix_hijack|208.65.152.0/22|208.65.153.0/24|17557",
            "rpki_invalid|208.65.152.0/22|208.65.153.0/24|17557",
            "route_leak|208.65.152.0/22|208.65.153.0/24|3491",
            "peer_down|||mrt:195.66.224.175");
  }

  @Test
  void replayCommandPrintsContractJsonLinesAndExitsTwoOnABadConfig() throws Exception {
    Files.writeString(
        dir.resolve("prefixes.yml"),
        "prefixes:\n  - prefix: 208.65.152.0/22\n    customer: youtube\n    origin_asns: [36561]\n    max_length: 24\n");
    Files.writeString(dir.resolve("replay.yml"), "registry:\n  file: prefixes.yml\ndetection:\n  min_peers: 1\n");
    Path rib = ribFile();
    Path updates = updatesFile();
    Process p = MainProcess.start("replay", "--config", dir.resolve("replay.yml").toString(), "--rib", rib.toString(), updates.toString());
    String out = new String(p.getInputStream().readAllBytes());
    assertThat(p.waitFor(60, TimeUnit.SECONDS)).isTrue();
    assertThat(p.exitValue()).isZero();
    String[] lines = out.strip().split("\n");
    assertThat(lines).hasSize(5);
    List<String> keys =
        List.of(
            "id", "key", "type", "severity", "status", "summary", "registered_prefix", "prefix", "customer",
            "provider", "location", "expected_origins", "origin_asn", "as_path", "peers", "peer_count",
            "first_seen", "last_seen", "resolved_at", "details");
    for (String line : lines) {
      JsonNode n = AlertJson.MAPPER.readTree(line);
      List<String> names = new ArrayList<>();
      n.fieldNames().forEachRemaining(names::add);
      assertThat(names).containsExactlyElementsOf(keys);
    }
    JsonNode peerDown = AlertJson.MAPPER.readTree(lines[2]);
    assertThat(peerDown.get("origin_asn").isNull()).isTrue();
    assertThat(peerDown.get("summary").asText()).isEqualTo(
        "peer mrt:195.66.224.175 (195.66.224.175, AS1299) left Established: MRT STATE_CHANGE Established -> Idle");

    Files.writeString(dir.resolve("bad.yml"), "registry:\n  file: prefixes.yml\ndetection:\n  min_peer: 1\n");
    Process bad = MainProcess.start("replay", "--config", dir.resolve("bad.yml").toString(), updates.toString());
    String err = new String(bad.getErrorStream().readAllBytes());
    assertThat(bad.waitFor(60, TimeUnit.SECONDS)).isTrue();
    assertThat(bad.exitValue()).isEqualTo(2);
    assertThat(err).contains("bad.yml:4:3");
  }

  /**
   * docs/alerts.md in replay: community_missing fires and resolves; MRT peers have no location,
   * so the prefix's location raises no ingress_location alert.
   */
  @Test
  void communityMissingFiresAndResolvesInReplayWhileIngressLocationStaysSilent() throws Exception {
    Instant t = Instant.parse("2008-02-24T18:00:00Z");
    org.bgpsentry.codec.model.attr.PathAttributes tagged =
        org.bgpsentry.codec.model.attr.PathAttributes.of(
            MrtBuilder.path(1299, 3356, 36561).list().get(0),
            MrtBuilder.path(1299, 3356, 36561).list().get(1),
            MrtBuilder.path(1299, 3356, 36561).list().get(2),
            new org.bgpsentry.codec.model.attr.PathAttribute.Communities(List.of(3356 << 16 | 100)));
    List<org.bgpsentry.codec.model.nlri.Nlri> p22 = List.of(org.bgpsentry.codec.model.nlri.Nlri.of(Prefix.parse("208.65.152.0/22")));
    Path f = dir.resolve("updates.communities");
    new MrtBuilder()
        .announce(t, RIS1, "208.65.152.0/22", 3333, 3356, 36561)
        .update(t.plusSeconds(60), RIS1, new org.bgpsentry.codec.model.Update(List.of(), tagged, p22))
        .writeTo(f);
    RegisteredPrefix youtube =
        new RegisteredPrefix(
                Prefix.parse("208.65.152.0/22"), "YouTube", "youtube", "Example ISP", "California",
                List.of(36561L), 24, List.of(), List.of(), 0, null, List.of())
            .withIngress(List.of(), List.of(org.bgpsentry.analytics.prefix.Community.parse("3356:100")));
    List<Alert> alerts = new ArrayList<>();
    EventClock clock = new EventClock();
    DetectionEngine engine =
        new DetectionEngine(DetectionSettings.DEFAULTS, new PrefixRegistry(List.of(youtube)), alerts::add, clock, new Random(1));
    new MrtReplay(engine, clock).replay(List.of(f));
    assertThat(alerts.stream().map(a -> a.key() + " " + a.status().wireName()))
        .containsExactly(
            "community_missing|208.65.152.0/22|208.65.152.0/22| firing",
            "community_missing|208.65.152.0/22|208.65.152.0/22| resolved");
    assertThat(alerts.get(0).details().get("peers").toString()).contains("mrt:193.0.0.56");
    assertThat(alerts.get(1).resolvedAt()).isEqualTo(t.plusSeconds(60));
  }
}
