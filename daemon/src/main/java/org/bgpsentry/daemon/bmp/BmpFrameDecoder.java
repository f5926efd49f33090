package org.bgpsentry.daemon.bmp;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelHandlerContext;
import io.netty.handler.codec.ByteToMessageDecoder;
import java.util.List;
import java.util.function.Consumer;
import java.util.function.Function;
import org.bgpsentry.codec.bmp.BmpCodec;
import org.bgpsentry.codec.bmp.BmpDecodeException;
import org.bgpsentry.codec.bmp.BmpUnknownTypeException;
import org.bgpsentry.codec.bmp.BmpHeader;
import org.bgpsentry.codec.bmp.BmpMessage;
import org.bgpsentry.codec.bmp.BmpMessageType;
import org.bgpsentry.codec.bmp.PerPeerHeader;
import org.bgpsentry.codec.bmp.RibRouteMonitoring;
import org.bgpsentry.codec.wire.DecodeContext;
import org.bgpsentry.daemon.ingest.ReceivedUpdate;

/**
 * Splits a router's TCP stream into BMP messages and decodes each (docs/contributing.md R9 for BMP): {@link
 * BmpHeader#read} checks version 3 and a length of 6..1 MiB; a broken header throws (the router's
 * connection closes: nothing after it can be framed) and everything after it is discarded. A
 * well-framed message whose body does not decode, or whose type is unknown (IANA may assign more
 * than RFC 7854's 0-6), becomes a {@link Malformed} (the router stays; the message is counted and
 * skipped). Route Monitoring UPDATEs are decoded with the
 * context {@code contexts} gives for their per-peer header: Netty hands each message on before
 * decoding the next, so a Peer Up handled downstream applies to the very next message.
 */
final class BmpFrameDecoder extends ByteToMessageDecoder {
  private final Function<PerPeerHeader, DecodeContext> contexts;
  /** Reused heap copy of each body: the decoders read a heap array, not the socket's memory. */
  private ByteBuf body = Unpooled.buffer(64 * 1024);

  private boolean failed;

  /** {@code publish_bmp_raw}: gets each well-framed message whole, as it arrived; null: off, no copies. */
  private final Consumer<byte[]> raw;

  BmpFrameDecoder(Function<PerPeerHeader, DecodeContext> contexts) {
    this(contexts, null);
  }

  BmpFrameDecoder(Function<PerPeerHeader, DecodeContext> contexts, Consumer<byte[]> raw) {
    this.contexts = contexts;
    this.raw = raw;
  }

  /**
   * A well-framed message whose body is malformed, or whose type ({@code null}) this station does
   * not know.
   */
  record Malformed(BmpMessageType type, String reason) {}

  /**
   * A Route Monitoring message with its UPDATE as the ingest takes it: the per-route attribute
   * sets cut from the wire, when it decoded cleanly, in the one walk that decoded it ({@link
   * BmpCodec#decodeRouteMonitoringForRib}).
   */
  record Monitored(BmpMessage.RouteMonitoring message, ReceivedUpdate update) {}

  @Override
  protected void decode(ChannelHandlerContext ctx, ByteBuf in, List<Object> out) {
    if (failed) {
      in.skipBytes(in.readableBytes());
      return;
    }
    int start = in.readerIndex();
    BmpHeader header;
    try {
      header = BmpHeader.read(in);
    } catch (BmpUnknownTypeException e) {
      if (in.readableBytes() >= e.length()) {
        in.skipBytes(e.length()); // RFC 7854 §4.1: unrecognized types MUST be ignored
        out.add(new Malformed(null, e.getMessage() + ", " + e.length() + " octets skipped"));
      }
      return;
    } catch (BmpDecodeException e) {
      failed = true;
      in.skipBytes(in.readableBytes());
      throw e;
    }
    if (header == null) {
      return;
    }
    if (in.readableBytes() < header.bodyLength()) {
      in.readerIndex(start); // wait for the whole message
      return;
    }
    if (raw != null) {
      byte[] message = new byte[header.length()];
      in.getBytes(start, message);
      raw.accept(message);
    }
    body.clear();
    body.ensureWritable(header.bodyLength());
    in.readBytes(body, header.bodyLength());
    try {
      if (header.type() == BmpMessageType.ROUTE_MONITORING) {
        RibRouteMonitoring rm = BmpCodec.decodeRouteMonitoringForRib(body, contexts);
        out.add(new Monitored(rm.message(), ReceivedUpdate.of(rm.update())));
      } else {
        out.add(BmpCodec.decode(header.type(), body, contexts));
      }
    } catch (BmpDecodeException e) {
      out.add(new Malformed(header.type(), e.getMessage()));
    }
  }

  @Override
  protected void handlerRemoved0(ChannelHandlerContext ctx) {
    body.release();
    body = Unpooled.EMPTY_BUFFER;
  }
}
