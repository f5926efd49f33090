package org.bgpsentry.daemon.ingest;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.PriorityQueue;
import java.util.Set;
import java.util.function.Predicate;
import org.bgpsentry.analytics.detect.DetectionEngine;
import org.bgpsentry.analytics.event.EventClock;
import org.bgpsentry.analytics.event.PeerEvent;
import org.bgpsentry.analytics.event.PeerId;
import org.bgpsentry.analytics.rib.AttributeInterner;
import org.bgpsentry.analytics.rib.PeerRib;
import org.bgpsentry.analytics.rib.RibRoute;
import org.bgpsentry.codec.error.BgpNotificationException;
import org.bgpsentry.codec.error.UpdateResult;
import org.bgpsentry.codec.model.OpaqueBytes;
import org.bgpsentry.codec.model.attr.PathAttribute;
import org.bgpsentry.codec.model.attr.PathAttributes;
import org.bgpsentry.codec.model.nlri.Family;
import org.bgpsentry.codec.model.nlri.IpAddress;
import org.bgpsentry.codec.model.nlri.Nlri;
import org.bgpsentry.codec.model.nlri.Prefix;
import org.bgpsentry.codec.mrt.MrtHeader;
import org.bgpsentry.codec.mrt.MrtReader;
import org.bgpsentry.codec.mrt.MrtRecord;
import org.bgpsentry.codec.wire.BgpMessageCodec;
import org.bgpsentry.codec.wire.DecodeContext;
import org.bgpsentry.codec.wire.SiftedUpdate;

/**
 * {@code replay} (docs/cli.md): MRT records -> one {@link PeerRib} per MRT peer -> {@link
 * org.bgpsentry.analytics.event.RouteEvent}s -> the same {@link DetectionEngine} the daemon runs.
 * Each peer (address + AS) is {@code mrt:<address>}, established from its first route record or
 * its STATE_CHANGE to Established until a STATE_CHANGE away from it. RIB files are loaded first;
 * a RIB entry's route carries its originated time (the alert's {@code first_seen}), while the
 * clock is the RIB record's timestamp. Update files are merged by timestamp. The clock is always
 * the MRT timestamp.
 *
 * <p>Replay has no API, so a route that overlaps no registered prefix (neither covered by one nor
 * covering one, {@link org.bgpsentry.analytics.prefix.PrefixRegistry#overlaps}) never enters a
 * {@link PeerRib}: the engine ignores such routes, and every alert concerns a registered prefix
 * (docs/alerts.md). Per-peer state (established, End-of-RIB, peer down) is kept for every peer as
 * before; the registry does not change during a replay. An UPDATE whose routes are all of that
 * kind has only its NLRI decoded once its peer is established, in the one walk of the UPDATE
 * ({@link org.bgpsentry.codec.wire.UpdateCodec#decode(io.netty.buffer.ByteBuf, DecodeContext,
 * Predicate)}).
 *
 * <p>As docs/contributing.md R7 allows, MRT replay skips {@code UpdateValidator}: collectors record what they
 * accepted, so first-AS and next-hop checks are not repeated; RFC 7606 outcomes still apply,
 * except the attribute flag check (§3(c)): a record is what a router held, and BIRD 2 writes
 * NEXT_HOP and LOCAL_PREF of its RIB dumps with flags 0x00 ({@link DecodeContext#mrt}).
 * Only IPv4/IPv6 unicast is replayed; _LOCAL messages (sent by the collector) are skipped.
 */
public final class MrtReplay {
  private static final Set<Family> ADD_PATH_FAMILIES =
      Set.of(Family.IPV4_UNICAST, Family.IPV6_UNICAST);
  private static final int ESTABLISHED = 6;
  private static final String[] STATES = {
    "0", "Idle", "Connect", "Active", "OpenSent", "OpenConfirm", "Established"
  };

  private final DetectionEngine engine;
  private final EventClock clock;
  private final AttributeInterner interner = new AttributeInterner();
  private final Predicate<Prefix> relevant = this::relevant;
  /** Before its peer is established an UPDATE is decoded whole: it establishes the peer. */
  private static final Predicate<Prefix> EVERY_ROUTE = p -> true;
  private final Map<PeerKey, ReplayPeer> peers = new LinkedHashMap<>();
  private final Map<String, Long> skipped = new LinkedHashMap<>();
  private final MrtRibRoutes ribRoutes = new MrtRibRoutes(skipped);
  private long records;
  private long routeChanges;

  private record PeerKey(IpAddress address, long asn) {}

  private static final class ReplayPeer {
    final PeerId id;
    final PeerRib rib;
    boolean established;
    /** The collector's AS on this peer's session (BGP4MP / BGP records carry it), -1 unknown. */
    long receivingAsn = -1;

    ReplayPeer(PeerId id, PeerRib rib) {
      this.id = id;
      this.rib = rib;
    }
  }

  public MrtReplay(DetectionEngine engine, EventClock clock) {
    this.engine = engine;
    this.clock = clock;
  }

  /** Loads RIB dumps, file by file, as the starting state. */
  public void loadRibs(List<Path> files) throws IOException {
    for (Path f : files) {
      try (MrtReader r = open(f)) {
        MrtRecord rec;
        while ((rec = r.next()) != null) {
          apply(rec);
        }
        r.skipped().forEach((k, v) -> skipped.merge(f.getFileName() + ": " + k, v, Long::sum));
      }
    }
  }

  /** Replays update files merged in timestamp order (ties: the order the files were given). */
  public void replay(List<Path> files) throws IOException {
    record Head(MrtRecord record, int file, MrtReader reader) {}
    List<MrtReader> readers = new ArrayList<>();
    PriorityQueue<Head> queue =
        new PriorityQueue<>(
            Comparator.comparingLong((Head h) -> h.record().header().timestamp())
                .thenComparingInt(h -> h.record().header().microseconds())
                .thenComparingInt(Head::file));
    try {
      for (int i = 0; i < files.size(); i++) {
        MrtReader r = open(files.get(i));
        readers.add(r);
        MrtRecord first = r.next();
        if (first != null) {
          queue.add(new Head(first, i, r));
        }
      }
      while (!queue.isEmpty()) {
        Head h = queue.poll();
        apply(h.record());
        MrtRecord next = h.reader().next();
        if (next != null) {
          queue.add(new Head(next, h.file(), h.reader()));
        }
      }
    } finally {
      for (int i = 0; i < readers.size(); i++) {
        String name = files.get(i).getFileName().toString();
        readers.get(i).skipped().forEach((k, v) -> skipped.merge(name + ": " + k, v, Long::sum));
        readers.get(i).close();
      }
    }
  }

  private static MrtReader open(Path file) throws IOException {
    return new MrtReader(MrtFiles.open(file));
  }

  /** MRT records read. */
  public long records() {
    return records;
  }

  /** Routes announced or withdrawn by the records read (NLRI and RIB entries, any prefix). */
  public long routeChanges() {
    return routeChanges;
  }

  /** Records or messages not replayed, by reason. */
  public Map<String, Long> skipped() {
    return skipped;
  }

  /** The MRT peers seen. */
  public List<PeerId> peers() {
    return peers.values().stream().map(p -> p.id).toList();
  }

  /** The routes for {@code prefix} the replay holds, of every MRT peer. */
  List<RibRoute> routes(Prefix prefix) {
    List<RibRoute> routes = new ArrayList<>();
    for (ReplayPeer p : peers.values()) {
      routes.addAll(p.rib.lookup(prefix));
    }
    return routes;
  }

  private void apply(MrtRecord record) {
    records++;
    MrtHeader h = record.header();
    Instant at = Instant.ofEpochSecond(h.timestamp(), h.microseconds() * 1000L);
    clock.advanceTo(at);
    engine.advance(clock.instant());
    switch (record) {
      case MrtRecord.TableDump t -> ribRoutes.routes(t, this::ribRoute);
      case MrtRecord.PeerIndexTable p -> ribRoutes.routes(p, this::ribRoute);
      case MrtRecord.Rib r -> ribRoutes.routes(r, this::ribRoute);
      case MrtRecord.RibGeneric g -> skip("RIB_GENERIC (not replayed)");
      case MrtRecord.Bgp4mpMessage m -> {
        if (m.local()) {
          skip("BGP4MP _LOCAL message (sent by the collector)");
        } else {
          message(receivedBy(peer(m.peerAddress(), m.peerAs()), m.localAs()), m.message(), context(m), at);
        }
      }
      case MrtRecord.Bgp4mpStateChange s ->
          stateChange(receivedBy(peer(s.peerAddress(), s.peerAs()), s.localAs()), s.oldState(), s.newState(), at);
      case MrtRecord.BgpUpdate u -> update(receivedBy(peer(u.peerAddress(), u.peerAs()), u.localAs()), u.update(), 0,
          u.update().length(), DecodeContext.DEFAULT.withExtendedMessage(true).forMrt(), at);
      case MrtRecord.BgpStateChange s ->
          stateChange(peer(s.peerAddress(), s.peerAs()), s.oldState(), s.newState(), at);
    }
  }

  private static DecodeContext context(MrtRecord.Bgp4mpMessage m) {
    return new DecodeContext(m.fourOctetAs(), m.addPath() ? ADD_PATH_FAMILIES : Set.of(), true, true);
  }

  /** A RIB entry: its peer is established from it, the route carries its originated time. */
  private void ribRoute(MrtRibRoutes.Route r) {
    ReplayPeer p = peer(r.peerAddress(), r.peerAsn());
    established(p, clock.instant());
    announce(p, r.prefix(), r.pathId(), r.attributes(), r.originated());
  }

  private void message(ReplayPeer p, OpaqueBytes message, DecodeContext ctx, Instant at) {
    if (message.length() < 19 || message.get(18) != 2) {
      return; // not an UPDATE: OPEN, KEEPALIVE, NOTIFICATION carry no routes
    }
    int size = ((message.get(16) & 0xff) << 8) | (message.get(17) & 0xff);
    int bodyLength = Math.min(size - 19, message.length() - 19);
    if (bodyLength < 0) {
      skip("BGP message shorter than its header");
      return;
    }
    update(p, message, 19, bodyLength, ctx, at);
  }

  private void update(
      ReplayPeer p, OpaqueBytes bytes, int offset, int length, DecodeContext ctx, Instant at) {
    SiftedUpdate sifted;
    ByteBuf body = Unpooled.wrappedBuffer(bytes.asReadOnlyBuffer()).setIndex(offset, offset + length);
    try {
      // once the peer is established, an UPDATE that changes no route the registry concerns is
      // only counted, its attributes not decoded (UpdateCodec#decode with a predicate says when)
      sifted = BgpMessageCodec.decodeUpdate(body, ctx, p.established ? relevant : EVERY_ROUTE);
    } catch (BgpNotificationException e) {
      skip("UPDATE with a session-level error");
      return;
    } finally {
      body.release();
    }
    UpdateResult result = sifted.decoded();
    if (result == null) {
      routeChanges += sifted.unwantedRoutes();
      return;
    }
    established(p, at);
    // An End-of-RIB has no attribute on the wire (RFC 4724 §2); an UPDATE whose attributes the
    // RFC 7606 treatment removed only looks like it (AdjRibIn#apply does the same)
    Family eor = result.issues().isEmpty() ? result.update().endOfRibFamily() : null;
    if (eor != null) {
      engine.onPeer(new PeerEvent.EndOfRib(p.id, eor, at));
      return;
    }
    result.routesToWithdraw().forEach((family, nlri) -> {
      if (isUnicast(family)) {
        routeChanges += nlri.size();
        for (Nlri n : nlri) {
          if (relevant(n.prefix())) {
            p.rib.withdraw(n.prefix(), n.pathId(), at);
          }
        }
      }
    });
    PathAttributes all = result.update().attributes();
    PathAttribute.MpReachNlri mp = all.find(PathAttribute.MpReachNlri.class);
    result.routesToAnnounce().forEach((family, nlri) -> {
      if (isUnicast(family)) {
        // the per-route set, as a session keeps it: MP_REACH_NLRI routes keep its next hop
        PathAttributes attrs =
            mp != null && mp.family().equals(family) ? all.forMpReachRoutes() : all.withoutMpNlri();
        for (Nlri n : nlri) {
          announce(p, n.prefix(), n.pathId(), attrs, at);
        }
      }
    });
  }

  private static boolean isUnicast(Family f) {
    return f.equals(Family.IPV4_UNICAST) || f.equals(Family.IPV6_UNICAST);
  }

  /**
   * {@code attrs} is the per-route set, MP_REACH_NLRI without NLRI or left out (what a PeerRib
   * keeps). A route
   * the registry does not concern only moves the engine's clock to {@code at}, as its route event
   * would have (a RIB entry's originated time may lie past the record's timestamp).
   */
  private void announce(ReplayPeer p, Prefix prefix, long pathId, PathAttributes attrs, Instant at) {
    routeChanges++;
    if (relevant(prefix)) {
      p.rib.announce(prefix, pathId, attrs, at);
    } else {
      engine.advance(at);
    }
  }

  private boolean relevant(Prefix prefix) {
    return engine.registry().overlaps(prefix);
  }

  private void stateChange(ReplayPeer p, int oldState, int newState, Instant at) {
    if (newState == ESTABLISHED) {
      established(p, at);
    } else if (p.established) {
      p.established = false;
      engine.onPeer(
          new PeerEvent.Down(p.id, "MRT STATE_CHANGE " + state(oldState) + " -> " + state(newState), at));
      p.rib.clear(at);
    }
  }

  private static String state(int code) {
    return code >= 0 && code < STATES.length ? STATES[code] : Integer.toString(code);
  }

  /** {@code p}, received by the collector's {@code localAs} (RFC 6396 §4.2, §4.4): route_leak's after_asn. */
  private static ReplayPeer receivedBy(ReplayPeer p, long localAs) {
    p.receivingAsn = localAs;
    return p;
  }

  private void established(ReplayPeer p, Instant at) {
    if (!p.established) {
      p.established = true;
      engine.onPeer(new PeerEvent.Established(p.id, at, p.receivingAsn));
    }
  }

  private ReplayPeer peer(IpAddress address, long asn) {
    return peers.computeIfAbsent(
        new PeerKey(address, asn),
        k -> {
          PeerId id = new PeerId("mrt:" + address, address, asn, PeerId.Source.MRT);
          // MrtReplay already left out the prefixes the registry does not concern
          return new ReplayPeer(id, new PeerRib(id, interner, engine::onRoute));
        });
  }

  private void skip(String reason) {
    skipped.merge(reason, 1L, Long::sum);
  }
}
