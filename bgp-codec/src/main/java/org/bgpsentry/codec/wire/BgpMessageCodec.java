package org.bgpsentry.codec.wire;

import io.netty.buffer.ByteBuf;
import java.util.function.Predicate;
import org.bgpsentry.codec.error.BgpNotificationException;
import org.bgpsentry.codec.error.NotificationError;
import org.bgpsentry.codec.error.UpdateResult;
import org.bgpsentry.codec.model.BgpMessage;
import org.bgpsentry.codec.model.Keepalive;
import org.bgpsentry.codec.model.MessageType;
import org.bgpsentry.codec.model.Notification;
import org.bgpsentry.codec.model.Open;
import org.bgpsentry.codec.model.RouteRefresh;
import org.bgpsentry.codec.model.Update;
import org.bgpsentry.codec.model.nlri.Prefix;

/**
 * Entry point for message bodies after {@link MessageHeader#read}: RFC 4271 §4. UPDATEs go
 * through {@link #decodeUpdate} because their errors are data (RFC 7606); every other message
 * either decodes or throws the NOTIFICATION to send.
 */
public final class BgpMessageCodec {
  private BgpMessageCodec() {}

  /**
   * Decodes the body of a non-UPDATE message (consumed entirely).
   *
   * @throws BgpNotificationException the NOTIFICATION for a malformed message
   * @throws IllegalArgumentException for {@link MessageType#UPDATE}: use {@link #decodeUpdate}
   */
  public static BgpMessage decode(MessageType type, ByteBuf body, DecodeContext ctx) {
    return switch (type) {
      case OPEN -> OpenCodec.decode(body);
      case NOTIFICATION -> NotificationCodec.decode(body);
      case KEEPALIVE -> {
        if (body.isReadable()) {
          throw new BgpNotificationException(
              NotificationError.BAD_MESSAGE_LENGTH,
              "KEEPALIVE with a " + body.readableBytes() + "-octet body (expected: none)");
        }
        yield Keepalive.INSTANCE;
      }
      case ROUTE_REFRESH -> RouteRefreshCodec.decode(body);
      case UPDATE -> throw new IllegalArgumentException("UPDATE bodies are decoded by decodeUpdate");
    };
  }

  /** Decodes an UPDATE body; see {@link UpdateCodec#decode}. */
  public static UpdateResult decodeUpdate(ByteBuf body, DecodeContext ctx) {
    return UpdateCodec.decode(body, ctx);
  }

  /**
   * Decodes an UPDATE body for a reader of the routes {@code wanted} accepts; see {@link
   * UpdateCodec#decode(ByteBuf, DecodeContext, Predicate)}.
   */
  public static SiftedUpdate decodeUpdate(
      ByteBuf body, DecodeContext ctx, Predicate<Prefix> wanted) {
    return UpdateCodec.decode(body, ctx, wanted);
  }

  /**
   * Writes {@code msg} with its header.
   *
   * @throws IllegalArgumentException when the message exceeds the length {@code ctx} allows
   */
  public static void encode(BgpMessage msg, DecodeContext ctx, ByteBuf out) {
    int start = out.writerIndex();
    MessageHeader.write(out, msg.type(), 0);
    switch (msg) {
      case Open o -> OpenCodec.encode(o, out);
      case Update u -> UpdateCodec.encode(u, ctx, out);
      case Notification n -> NotificationCodec.encode(n, out);
      case Keepalive k -> {}
      case RouteRefresh r -> RouteRefreshCodec.encode(r, out);
    }
    int length = out.writerIndex() - start;
    int max = msg.type() == MessageType.OPEN ? MessageHeader.MAX_LENGTH : ctx.maxMessageLength();
    if (length > max) {
      out.writerIndex(start);
      throw new IllegalArgumentException(
          msg.type() + " of " + length + " octets (expected: at most " + max + ")");
    }
    out.setShort(start + MessageHeader.MARKER_LENGTH, length);
  }
}
