package org.bgpsentry.daemon.session;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelHandlerContext;
import io.netty.handler.codec.ByteToMessageDecoder;
import java.util.List;
import org.bgpsentry.codec.error.BgpNotificationException;
import org.bgpsentry.codec.model.MessageType;
import org.bgpsentry.codec.wire.BgpMessageCodec;
import org.bgpsentry.codec.wire.DecodeContext;
import org.bgpsentry.codec.wire.MessageHeader;
import org.bgpsentry.daemon.ingest.ReceivedUpdate;

/**
 * Splits the TCP stream into BGP messages and decodes each (docs/contributing.md R9): {@link
 * MessageHeader#read} checks marker, length and type as RFC 4271 §6.1 requires and throws the exact
 * NOTIFICATION; the body is then decoded with the session's {@link
 * DecodeContext}. Emits a {@link org.bgpsentry.codec.model.BgpMessage} per message, or a {@link
 * ReceivedUpdate} per UPDATE (RFC 7606 outcomes as data, and the per-route attribute sets cut from
 * the wire while the body is at hand).
 *
 * <p>After a {@link BgpNotificationException} the stream is out of step: the decoder discards
 * everything that follows (the session sends the NOTIFICATION and closes). The context changes once
 * the OPENs are exchanged; since Netty hands each decoded message on before decoding the next, a
 * context set while handling the OPEN applies to the very next message.
 */
public final class BgpFrameDecoder extends ByteToMessageDecoder {
  private DecodeContext context = DecodeContext.DEFAULT;
  private ByteBuf updateBody = Unpooled.wrappedBuffer(new byte[MessageHeader.MAX_LENGTH]);
  private boolean failed;
  private Raw raw;

  /**
   * Receives the whole OPEN, UPDATE and NOTIFICATION messages as they arrived, before their
   * decoded form is handed on ({@code publish_bmp_raw}, docs/scaling.md): a copy per message,
   * made only while a hook is set.
   */
  @FunctionalInterface
  interface Raw {
    void received(MessageType type, byte[] message);
  }

  /** Sets the hook for raw messages (null: none, no copies). */
  void raw(Raw hook) {
    this.raw = hook;
  }

  /** Sets the decoder settings negotiated from both OPENs. */
  public void context(DecodeContext negotiated) {
    this.context = negotiated;
  }

  public DecodeContext context() {
    return context;
  }

  /**
   * Moves the next {@code length} bytes of {@code in} into {@link #updateBody}, reused for every
   * UPDATE: the decoders then read a heap array instead of the socket's direct memory (whose every
   * access pays the JDK's bounds and liveness checks). Nothing decoded keeps a view of it.
   */
  private ByteBuf updateBody(ByteBuf in, int length) {
    if (updateBody.capacity() < length) {
      updateBody = Unpooled.wrappedBuffer(new byte[MessageHeader.MAX_EXTENDED_LENGTH]);
    }
    updateBody.clear();
    in.readBytes(updateBody, length);
    return updateBody;
  }

  @Override
  protected void decode(ChannelHandlerContext ctx, ByteBuf in, List<Object> out) {
    if (failed) {
      in.skipBytes(in.readableBytes());
      return;
    }
    int start = in.readerIndex();
    MessageHeader header;
    try {
      header = MessageHeader.read(in, context.extendedMessage());
    } catch (BgpNotificationException e) {
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
    if (raw != null && header.type() != MessageType.KEEPALIVE && header.type() != MessageType.ROUTE_REFRESH) {
      byte[] message = new byte[MessageHeader.HEADER_LENGTH + header.bodyLength()];
      in.getBytes(start, message);
      raw.received(header.type(), message);
    }
    try {
      if (header.type() == MessageType.UPDATE) {
        ByteBuf body = updateBody(in, header.bodyLength());
        out.add(ReceivedUpdate.decode(body, context));
      } else {
        out.add(BgpMessageCodec.decode(header.type(), in.readSlice(header.bodyLength()), context));
      }
    } catch (BgpNotificationException e) {
      failed = true;
      in.skipBytes(in.readableBytes());
      throw e;
    }
  }
}
