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
 * The routes of MRT RIB dumps (RFC 6396 §4.2 TABLE_DUMP, §4.3 TABLE_DUMP_V2 unicast RIBs), read
 * with the same {@link MrtReader} and attribute codec as {@code replay}, for {@code generate}:
 * each entry becomes one {@link Route} with its peer. Records of other types are counted as
 * skipped, as are entries whose attributes do not decode.
 */
public final class MrtRibRoutes {
  private final Map<String, Long> skipped = new LinkedHashMap<>();
  private long records;
  private long routes;
  private Instant latest = Instant.EPOCH;

  /** One RIB entry: the MRT peer and its route. */
  public record Route(
      IpAddress peerAddress, long peerAsn, Prefix prefix, long pathId, PathAttributes attributes) {}

  /** Where the routes go. */
  @FunctionalInterface
  public interface Sink {
    void accept(Route route);
  }

  /** Reads every route of {@code file} (plain, .gz or .bz2) into {@code sink}. */
  public void read(Path file, Sink sink) throws IOException {
    MrtRecord.PeerIndexTable peerIndex = null;
    try (MrtReader r = new MrtReader(MrtFiles.open(file))) {
      MrtRecord rec;
      while ((rec = r.next()) != null) {
        records++;
        Instant at = Instant.ofEpochSecond(rec.header().timestamp());
        latest = at.isAfter(latest) ? at : latest;
        switch (rec) {
          case MrtRecord.TableDump t -> {
            PathAttributes a = attributes(t.attributes(), DecodeContext.of(false), false);
            if (a != null) {
              routes++;
              sink.accept(new Route(t.peerAddress(), t.peerAs(), t.prefix(), Nlri.NO_PATH_ID, a));
            }
          }
          case MrtRecord.PeerIndexTable p -> peerIndex = p;
          case MrtRecord.Rib rib -> rib(rib, peerIndex, sink);
          default -> skip("not a RIB record (" + rec.getClass().getSimpleName() + ")");
        }
      }
      r.skipped().forEach((k, v) -> skipped.merge(file.getFileName() + ": " + k, v, Long::sum));
    }
  }

  private void rib(MrtRecord.Rib r, MrtRecord.PeerIndexTable peerIndex, Sink sink) {
    if (!r.safi().equals(Safi.UNICAST)) {
      skip("RIB of a non-unicast SAFI");
      return;
    }
    if (peerIndex == null) {
      skip("RIB record without a PEER_INDEX_TABLE");
      return;
    }
    for (MrtRecord.RibEntry e : r.entries()) {
      if (e.peerIndex() >= peerIndex.peers().size()) {
        skip("RIB entry with a peer index beyond the PEER_INDEX_TABLE");
        continue;
      }
      PathAttributes a = attributes(e.attributes(), DecodeContext.of(true), true);
      if (a != null) {
        MrtRecord.PeerEntry pe = peerIndex.peers().get(e.peerIndex());
        routes++;
        sink.accept(new Route(pe.address(), pe.asn(), r.prefix(), e.pathId(), a.withoutMpNlri()));
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

  /** MRT records read. */
  public long records() {
    return records;
  }

  /** Routes handed to the sink. */
  public long routes() {
    return routes;
  }

  /** The latest record timestamp seen (the dump's time), or the epoch when none was read. */
  public Instant latest() {
    return latest;
  }

  /** Records or entries not read as routes, by reason. */
  public Map<String, Long> skipped() {
    return skipped;
  }
}
