package org.bgpsentry.daemon.bmp;

import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import org.bgpsentry.codec.bmp.BmpDecodeException;
import org.bgpsentry.codec.bmp.BmpMessage;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Hands one router connection's messages to its {@link BmpRouter}. Broken framing (a {@link
 * BmpDecodeException} from the frame decoder) closes this connection only, logged and counted;
 * the other routers keep streaming. Detection never pauses it: the station reads at wire speed and
 * detection takes its events from a queue that never blocks (docs/operators-guide.md "Monitoring
 * routers with BMP"); only a full {@code bmp_raw} backlog does ({@link BmpStation#setReading}).
 */
final class BmpRouterHandler extends ChannelInboundHandlerAdapter {
  private static final Logger log = LoggerFactory.getLogger(BmpRouterHandler.class);

  private final BmpRouter router;
  private String closeReason = "closed by the router";

  BmpRouterHandler(BmpRouter router) {
    this.router = router;
  }

  @Override
  public void channelActive(ChannelHandlerContext ctx) {
    router.connected(ctx.channel());
    ctx.fireChannelActive();
  }

  @Override
  public void channelRead(ChannelHandlerContext ctx, Object msg) {
    switch (msg) {
      case BmpFrameDecoder.Monitored m -> router.routeMonitoring(ctx.channel(), m.message(), m.update());
      case BmpMessage m -> router.received(ctx.channel(), m);
      case BmpFrameDecoder.Malformed m -> router.malformed(ctx.channel(), m);
      default -> throw new IllegalStateException("unexpected " + msg.getClass().getName());
    }
  }

  @Override
  public void channelInactive(ChannelHandlerContext ctx) {
    router.closed(ctx.channel(), closeReason);
    ctx.fireChannelInactive();
  }

  @Override
  public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
    BmpDecodeException framing = framing(cause);
    if (framing != null) {
      closeReason = "broken BMP framing: " + framing.getMessage();
      log.warn("BMP router {}: {}; closing its connection", router.name(), framing.getMessage());
      router.framingError();
    } else {
      closeReason = cause.toString();
      log.warn("BMP router {}: {}; closing its connection", router.name(), cause.toString());
    }
    ctx.close();
  }

  private static BmpDecodeException framing(Throwable t) {
    for (; t != null; t = t.getCause()) {
      if (t instanceof BmpDecodeException e) {
        return e;
      }
    }
    return null;
  }
}
