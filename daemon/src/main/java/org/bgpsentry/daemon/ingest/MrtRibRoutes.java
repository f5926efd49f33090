package org.bgpsentry.daemon.ingest;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import org.bgpsentry.codec.error.BgpNotificationException;
import org.bgpsentry.codec.model.OpaqueBytes;
import org.bgpsentry.codec.model.attr.PathAttributes;
import org.bgpsentry.codec.model.nlri.IpAddress;
import org.bgpsentry.codec.model.nlri.Nlri;
import org.bgpsentry.codec.model.nlri.Prefix;
import org.bgpsentry.codec.model.nlri.Safi;
import org.bgpsentry.codec.mrt.MrtReader;
import org.bgpsentry.codec.mrt.MrtRecord;
import org.bgpsentry.codec.wire.DecodeContext;
import org.bgpsentry.codec.wire.attr.PathAttributesCodec;

/**
 * The routes of MRT RIB records (RFC 6396 §4.2 TABLE_DUMP, §4.3 TABLE_DUMP_V2 unicast RIBs), for
 * {@code replay} ({@link MrtReplay} loads its {@code --rib} files through it) and {@code generate}:
 * each entry becomes one {@link Route} with its peer, its per-route attributes (MP_REACH_NLRI cut
 * to its next hop, as a session's Adj-RIB-In keeps it) and originated time. Attribute values are
 * decoded whatever their Optional/Transitive flags ({@link DecodeContext#mrt}: BIRD 2 writes
 * NEXT_HOP and LOCAL_PREF with flags 0x00). Entries that cannot be read are counted in the skipped
 * map by reason.
 */
public final class MrtRibRoutes {
  private final Map<String, Long> skipped;
  private MrtRecord.PeerIndexTable peerIndex;
  private long records;
  private long routes;
  private Instant latest = Instant.EPOCH;

  /** One RIB entry: the MRT peer and its route. */
  public record Route(
      IpAddress peerAddress, long peerAsn, Prefix prefix, long pathId, PathAttributes attributes, Instant originated) {}

  /** Where the routes go. */
  @FunctionalInterface
  public interface Sink {
    void accept(Route route);
  }

  public MrtRibRoutes() {
    this(new LinkedHashMap<>());
  }

  /** @param skipped where the entries not read are counted (the caller's own map) */
  public MrtRibRoutes(Map<String, Long> skipped) {
    this.skipped = skipped;
  }

  /** Reads every route of {@code file} (plain, .gz or .bz2) into {@code sink}; other records are skipped. */
  public void read(Path file, Sink sink) throws IOException {
    try (MrtReader r = new MrtReader(MrtFiles.open(file))) {
      MrtRecord rec;
      while ((rec = r.next()) != null) {
        records++;
        Instant at = Instant.ofEpochSecond(rec.header().timestamp());
        latest = at.isAfter(latest) ? at : latest;
        if (!routes(rec, sink)) {
          skip("not a RIB record (" + rec.getClass().getSimpleName() + ")");
        }
      }
      r.skipped().forEach((k, v) -> skipped.merge(file.getFileName() + ": " + k, v, Long::sum));
    }
  }

  /**
   * The routes of one record into {@code sink}: a TABLE_DUMP entry, the entries of a RIB record
   * (with the last PEER_INDEX_TABLE). False when {@code rec} is no RIB record.
   */
  public boolean routes(MrtRecord rec, Sink sink) {
    switch (rec) {
      case MrtRecord.TableDump t -> {
        PathAttributes a = attributes(t.attributes(), DecodeContext.of(false).forMrt(), false);
        if (a != null) {
          routes++;
          sink.accept(new Route(t.peerAddress(), t.peerAs(), t.prefix(), Nlri.NO_PATH_ID, a.forMpReachRoutes(),
              Instant.ofEpochSecond(t.originatedTime())));
        }
        return true;
      }
      case MrtRecord.PeerIndexTable p -> {
        peerIndex = p;
        return true;
      }
      case MrtRecord.Rib r -> {
        rib(r, sink);
        return true;
      }
      default -> {
        return false;
      }
    }
  }

  private void rib(MrtRecord.Rib r, Sink sink) {
    if (!r.safi().equals(Safi.UNICAST)) {
      skip("RIB of a non-unicast SAFI");
      return;
    }
    if (peerIndex == null) {
      skip("RIB record without a PEER_INDEX_TABLE");
      return;
    }
    DecodeContext ctx = DecodeContext.of(true).forMrt();
    for (MrtRecord.RibEntry e : r.entries()) {
      if (e.peerIndex() >= peerIndex.peers().size()) {
        skip("RIB entry with a peer index beyond the PEER_INDEX_TABLE");
        continue;
      }
      PathAttributes a = attributes(e.attributes(), ctx, true);
      if (a != null) {
        MrtRecord.PeerEntry pe = peerIndex.peers().get(e.peerIndex());
        routes++;
        sink.accept(new Route(pe.address(), pe.asn(), r.prefix(), e.pathId(), a.forMpReachRoutes(),
            Instant.ofEpochSecond(e.originatedTime())));
      }
    }
  }

  private PathAttributes attributes(OpaqueBytes bytes, DecodeContext ctx, boolean abbreviated) {
    ByteBuf buf = Unpooled.wrappedBuffer(bytes.toByteArray());
    try {
      return PathAttributesCodec.decode(buf, ctx, abbreviated).attributes();
    } catch (BgpNotificationException e) {
      skip("RIB entry with malformed attributes");
      return null;
    } finally {
      buf.release();
    }
  }

  private void skip(String reason) {
    skipped.merge(reason, 1L, Long::sum);
  }

  /** MRT records read by {@link #read}. */
  public long records() {
    return records;
  }

  /** Routes handed to a sink. */
  public long routes() {
    return routes;
  }

  /** The latest record timestamp {@link #read} saw (the dump's time), or the epoch. */
  public Instant latest() {
    return latest;
  }

  /** Records or entries not read as routes, by reason. */
  public Map<String, Long> skipped() {
    return skipped;
  }
}
