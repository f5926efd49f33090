package org.bgpsentry.daemon.source;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufUtil;
import io.netty.buffer.Unpooled;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.bgpsentry.analytics.detect.PathView;
import org.bgpsentry.codec.error.UpdateResult;
import org.bgpsentry.codec.model.attr.AsPathSegment;
import org.bgpsentry.codec.model.nlri.Family;
import org.bgpsentry.codec.model.nlri.Nlri;
import org.bgpsentry.codec.model.nlri.Prefix;
import org.bgpsentry.codec.mrt.MrtReader;
import org.bgpsentry.codec.mrt.MrtRecord;
import org.bgpsentry.codec.wire.BgpMessageCodec;
import org.bgpsentry.codec.wire.DecodeContext;
import org.bgpsentry.daemon.alert.Receiver;
import org.bgpsentry.daemon.ingest.MrtFiles;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Real updates (RIS rrc05, 2002-07-22 22:38-22:53, src/test/resources/mrt/README.md) converted to
 * RIS Live messages as RIS sends them today (JSON fields plus {@code raw}, the UPDATE in 4-octet AS
 * form; a STATE_CHANGE away from Established as RIS_PEER_STATE down), published through the
 * loopback server: only the messages of subscribed prefixes reach the client, and each RIS peer's
 * routes for the registered prefixes end as the MRT file leaves them.
 */
class RisLiveRealUpdatesTest {
  static final List<String> REGISTERED = List.of("128.177.236.0/22", "80.0.0.0/8", "68.24.240.0/20", "217.117.160.0/20");
  RisLiveSourceTest t = new RisLiveSourceTest();

  @BeforeEach
  void setUp(@TempDir Path dir) throws Exception {
    t.dir = dir;
    t.server = new RisLiveServer(null);
    t.hook = new Receiver();
  }

  @AfterEach
  void tearDown() throws Exception {
    t.tearDown();
  }

  @Test
  void theRegisteredPrefixesEndAsTheMrtFileLeavesThem() throws Exception {
    StringBuilder reg = new StringBuilder("prefixes:\n");
    REGISTERED.forEach(p -> reg.append("  - {prefix: ").append(p).append(", origin_asns: []}\n"));
    t.start(reg.toString(), "    min_peers: 1000");
    Path mrt = Path.of(getClass().getResource("/mrt/rrc05-updates.20020722.2238.gz").toURI());
    // expected: per "ris:rrc05:<peer>" and prefix, the last AS path (absent once withdrawn or down)
    Map<String, Map<String, List<Long>>> expected = new TreeMap<>();
    List<ObjectNode> messages = new ArrayList<>();
    try (MrtReader r = new MrtReader(MrtFiles.open(mrt))) {
      MrtRecord rec;
      while ((rec = r.next()) != null) {
        switch (rec) {
          case MrtRecord.Bgp4mpMessage m when !m.local() && m.message().length() > 19 && m.message().get(18) == 2 ->
              messages.add(convert(m, expected));
          case MrtRecord.Bgp4mpStateChange s when s.oldState() == 6 && s.newState() != 6 -> {
            ObjectNode d = RisLiveServer.JSON.createObjectNode();
            d.put("timestamp", (double) s.header().timestamp()).put("peer", s.peerAddress().toString())
                .put("peer_asn", Long.toString(s.peerAs())).put("id", "x").put("host", "rrc05")
                .put("type", "RIS_PEER_STATE").put("state", "down");
            messages.add(d);
            expected.remove("ris:rrc05:" + s.peerAddress());
          }
          default -> {}
        }
      }
    }
    int sent = 0;
    int relevant = 0;
    for (ObjectNode m : messages) {
      sent += t.server.publish(m);
      relevant += touchesRegistered(m) ? 1 : 0;
    }
    assertThat(messages).hasSizeGreaterThan(300);
    assertThat(sent).as("only messages of subscribed prefixes (and peer states) are sent").isEqualTo(relevant)
        .isLessThan(messages.size()).isGreaterThan(20);
    // a last message marks the end: once its route is in, everything before it was taken
    t.server.publish(RisLiveSourceTest.announce("rrc05", "192.0.2.250", 64496, "80.0.0.0/8", 64496, 8297));
    Receiver.await(() -> {
      try {
        return t.routes("prefix=80.0.0.0/8&peer=ris:rrc05:192.0.2.250").size() == 1;
      } catch (Exception e) {
        return false;
      }
    }, RisLiveSourceTest.WAIT, "the marker route");
    Map<String, Map<String, List<Long>>> held = new TreeMap<>();
    for (String p : REGISTERED) {
      for (JsonNode r : t.routes("prefix=" + p + "&more_specifics=true")) {
        if (!r.get("peer").asText().endsWith("192.0.2.250")) {
          List<Long> path = new ArrayList<>();
          r.get("as_path").forEach(a -> path.add(a.asLong()));
          held.computeIfAbsent(r.get("peer").asText(), k -> new TreeMap<>()).put(r.get("prefix").asText(), path);
        }
      }
    }
    expected.values().removeIf(Map::isEmpty);
    assertThat(held).isNotEmpty().isEqualTo(expected);
  }

  private static boolean touchesRegistered(JsonNode d) {
    if (d.path("type").asText().equals("RIS_PEER_STATE")) {
      return true;
    }
    List<String> prefixes = new ArrayList<>();
    d.path("withdrawals").forEach(w -> prefixes.add(w.asText()));
    d.path("announcements").forEach(a -> a.path("prefixes").forEach(x -> prefixes.add(x.asText())));
    return prefixes.stream().map(Prefix::parse).anyMatch(q -> REGISTERED.stream().map(Prefix::parse).anyMatch(p -> p.covers(q)));
  }

  /** One BGP4MP UPDATE as a RIS Live ris_message; notes its effect on {@code expected}. */
  private static ObjectNode convert(MrtRecord.Bgp4mpMessage m, Map<String, Map<String, List<Long>>> expected) {
    byte[] msg = m.message().toByteArray();
    ByteBuf body = Unpooled.wrappedBuffer(msg, 19, msg.length - 19);
    UpdateResult u;
    try {
      u = BgpMessageCodec.decodeUpdate(body, new DecodeContext(m.fourOctetAs(), java.util.Set.of(), true));
    } finally {
      body.release();
    }
    String peerName = "ris:rrc05:" + m.peerAddress();
    Map<String, List<Long>> table = expected.computeIfAbsent(peerName, k -> new HashMap<>());
    ObjectNode d = RisLiveServer.JSON.createObjectNode();
    d.put("timestamp", m.header().timestamp() + m.header().microseconds() / 1e6);
    d.put("peer", m.peerAddress().toString());
    d.put("peer_asn", Long.toString(m.peerAs()));
    d.put("id", "mrt");
    d.put("host", "rrc05");
    d.put("type", "UPDATE");
    ArrayNode w = d.putArray("withdrawals");
    u.routesToWithdraw().getOrDefault(Family.IPV4_UNICAST, List.of()).forEach(n -> {
      w.add(n.prefix().toString());
      table.remove(n.prefix().toString());
    });
    List<Nlri> announced = u.routesToAnnounce().getOrDefault(Family.IPV4_UNICAST, List.of());
    if (!announced.isEmpty()) {
      ArrayNode path = d.putArray("path");
      for (AsPathSegment s : u.update().attributes().asPath().segments()) {
        ArrayNode into = s.type() == org.bgpsentry.codec.model.attr.SegmentType.AS_SET ? path.addArray() : path;
        for (long a : s.asns()) {
          into.add(a);
        }
      }
      d.put("origin", u.update().attributes().origin() == null ? "INCOMPLETE" : u.update().attributes().origin().name());
      ObjectNode a = d.putArray("announcements").addObject();
      a.put("next_hop", u.update().attributes().nextHop().address().toString());
      ArrayNode ps = a.putArray("prefixes");
      List<Long> asPath = PathView.of(u.update().attributes().asPath()).asList();
      announced.forEach(n -> {
        ps.add(n.prefix().toString());
        table.put(n.prefix().toString(), asPath);
      });
      // raw as RIS sends it today: the UPDATE in 4-octet AS form (RFC 6793)
      ByteBuf raw = Unpooled.buffer();
      BgpMessageCodec.encode(u.update(), DecodeContext.FOUR_OCTET_AS, raw);
      d.put("raw", ByteBufUtil.hexDump(raw).toUpperCase(java.util.Locale.ROOT));
      raw.release();
    }
    // keep only the registered prefixes in the expectation
    table.keySet().removeIf(p -> REGISTERED.stream().map(Prefix::parse).noneMatch(r -> r.covers(Prefix.parse(p))));
    return d;
  }
}
