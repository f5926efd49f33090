package org.bgpsentry.daemon.session;

import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import java.io.IOException;
import org.bgpsentry.codec.error.BgpNotificationException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The thin Netty side of a session (docs/contributing.md R10): maps channel events of one connection to {@link
 * PeerSession} calls, which drive the FSM. Decoded messages come from {@link BgpFrameDecoder} in
 * front of it.
 */
final class BgpSessionHandler extends ChannelInboundHandlerAdapter {
  private static final Logger log = LoggerFactory.getLogger(BgpSessionHandler.class);

  private final PeerSession session;

  BgpSessionHandler(PeerSession session) {
    this.session = session;
  }

  @Override
  public void channelActive(ChannelHandlerContext ctx) {
    PeerConnections.connected(session, ctx.channel());
    ctx.fireChannelActive();
  }

  @Override
  public void channelRead(ChannelHandlerContext ctx, Object msg) {
    session.received(ctx.channel(), msg);
  }

  @Override
  public void channelInactive(ChannelHandlerContext ctx) {
    session.closed(ctx.channel());
    ctx.fireChannelInactive();
  }

  @Override
  public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
    for (Throwable t = cause; t != null; t = t.getCause()) {
      if (t instanceof BgpNotificationException e) {
        session.protocolError(ctx.channel(), e);
        return;
      }
    }
    if (cause instanceof IOException) {
      log.info("peer {}: connection error: {}", session.id(), cause.getMessage());
    } else {
      log.warn("peer {}: unexpected error, closing the connection", session.id(), cause);
    }
    ctx.close();
  }
}
