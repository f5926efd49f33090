package org.bgpsentry.daemon.source;

import io.netty.bootstrap.Bootstrap;
import io.netty.buffer.ByteBuf;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFuture;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.SimpleChannelInboundHandler;
import io.netty.channel.socket.SocketChannel;
import io.netty.channel.socket.nio.NioSocketChannel;
import io.netty.handler.codec.TooLongFrameException;
import io.netty.handler.codec.http.HttpClientCodec;
import io.netty.handler.codec.http.HttpObjectAggregator;
import io.netty.handler.codec.http.websocketx.CorruptedWebSocketFrameException;
import io.netty.handler.codec.http.websocketx.TextWebSocketFrame;
import io.netty.handler.codec.http.websocketx.WebSocketClientProtocolConfig;
import io.netty.handler.codec.http.websocketx.WebSocketClientProtocolHandler;
import io.netty.handler.codec.http.websocketx.WebSocketFrame;
import io.netty.handler.codec.http.websocketx.WebSocketFrameAggregator;
import io.netty.handler.codec.http.websocketx.WebSocketHandshakeException;
import io.netty.handler.codec.http.websocketx.WebSocketVersion;
import io.netty.handler.ssl.SslContext;
import io.netty.handler.ssl.SslHandler;
import java.net.URI;
import javax.net.ssl.SSLException;
import javax.net.ssl.SSLParameters;

/**
 * One WebSocket connection (RFC 6455) to a RIS Live server on Netty's codec: TLS for {@code
 * wss://} with the server's name checked (RFC 6125, never turned off), the opening handshake,
 * text messages of at most {@link #MAX_MESSAGE} bytes (fragments joined), pings answered by the
 * codec. What goes wrong is reported to the {@link Listener} with a reason for the metrics:
 * {@code too_large} (a frame or message over 1 MiB, RFC 6455 §7.4.1 status 1009), {@code
 * closed_mid_frame} (the server closed inside a frame), {@code handshake}, {@code tls}, {@code
 * connection}; the connection is then closed. Everything runs on the channel's event loop.
 */
final class RisLiveConnection {
  /** Largest message taken: 1 MiB. */
  static final int MAX_MESSAGE = 1 << 20;

  /** What the connection tells its owner, on the channel's event loop. */
  interface Listener {
    /** The opening handshake is complete: subscriptions may be sent. */
    void open(RisLiveConnection connection);

    /** One complete text message. */
    void text(RisLiveConnection connection, String text);

    /** A problem worth counting; the connection closes after it. */
    void problem(RisLiveConnection connection, String reason, String detail);

    /** The connection is gone (whether it ever opened or not). */
    void closed(RisLiveConnection connection);
  }

  private final Channel channel;

  private RisLiveConnection(Channel channel) {
    this.channel = channel;
  }

  /** Starts connecting to {@code url} ({@code ssl} for wss://, else null); the listener hears the rest. */
  static RisLiveConnection connect(EventLoopGroup group, URI url, SslContext ssl, Listener listener) {
    boolean tls = "wss".equals(url.getScheme());
    String host = url.getHost();
    int port = url.getPort() > 0 ? url.getPort() : tls ? 443 : 80;
    RisLiveConnection[] self = new RisLiveConnection[1];
    Bootstrap b = new Bootstrap()
        .group(group)
        .channel(NioSocketChannel.class)
        .option(ChannelOption.CONNECT_TIMEOUT_MILLIS, 10_000)
        .handler(new ChannelInitializer<SocketChannel>() {
          @Override
          protected void initChannel(SocketChannel ch) {
            if (tls) {
              SslHandler h = ssl.newHandler(ch.alloc(), host, port);
              SSLParameters p = h.engine().getSSLParameters();
              p.setEndpointIdentificationAlgorithm("HTTPS"); // RFC 6125 name check
              h.engine().setSSLParameters(p);
              ch.pipeline().addLast("tls", h);
            }
            WebSocketClientProtocolConfig cfg = WebSocketClientProtocolConfig.newBuilder()
                .webSocketUri(url)
                .version(WebSocketVersion.V13)
                .maxFramePayloadLength(MAX_MESSAGE)
                .handleCloseFrames(true)
                .dropPongFrames(true)
                .handshakeTimeoutMillis(10_000)
                .build();
            ch.pipeline().addLast("http", new HttpClientCodec());
            ch.pipeline().addLast("http-aggregator", new HttpObjectAggregator(64 * 1024));
            ch.pipeline().addLast("ws", new WebSocketClientProtocolHandler(cfg));
            ch.pipeline().addLast("ws-aggregator", new WebSocketFrameAggregator(MAX_MESSAGE));
            ch.pipeline().addLast("ris", new Frames(self, listener));
          }
        });
    ChannelFuture f = b.connect(host, port);
    self[0] = new RisLiveConnection(f.channel());
    f.addListener(done -> {
      if (!done.isSuccess()) {
        listener.problem(self[0], "connection", "cannot connect to " + host + ":" + port + ": " + done.cause());
        listener.closed(self[0]);
      }
    });
    return self[0];
  }

  /** Sends one text message (a subscription, a ping). */
  void send(String text) {
    if (channel.isActive()) {
      channel.writeAndFlush(new TextWebSocketFrame(text));
    }
  }

  boolean isOpen() {
    return channel.isActive();
  }

  void close() {
    channel.close();
  }

  Channel channel() {
    return channel;
  }

  /**
   * Counts the bytes the WebSocket decoder has been given and not yet turned into frames, so a
   * close inside a frame can be told from a close between frames: the wire size of each decoded
   * server frame (RFC 6455 §5.2: 2 header octets, 2 or 8 more for the length, no mask from a
   * server) is taken back off. Installed in front of the decoder once the handshake is done.
   */
  private static final class WireBytes extends ChannelInboundHandlerAdapter {
    long pending;

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
      if (msg instanceof ByteBuf b) {
        pending += b.readableBytes();
      }
      ctx.fireChannelRead(msg);
    }

    void frame(int payload) {
      int header = payload < 126 ? 2 : payload < 65536 ? 4 : 10;
      pending = Math.max(0, pending - header - payload);
    }
  }

  /** The end of the pipeline: handshake events, messages, problems. */
  private static final class Frames extends SimpleChannelInboundHandler<WebSocketFrame> {
    private final RisLiveConnection[] self;
    private final Listener listener;
    private WireBytes wire;
    private boolean failed;

    Frames(RisLiveConnection[] self, Listener listener) {
      this.self = self;
      this.listener = listener;
    }

    @Override
    public void userEventTriggered(ChannelHandlerContext ctx, Object evt) throws Exception {
      if (evt == WebSocketClientProtocolHandler.ClientHandshakeStateEvent.HANDSHAKE_COMPLETE) {
        if (ctx.pipeline().get("ws-decoder") != null) {
          wire = new WireBytes();
          ctx.pipeline().addBefore("ws-decoder", "wire-bytes", wire);
          ctx.pipeline().addAfter("ws-decoder", "frame-sizes", new ChannelInboundHandlerAdapter() {
            @Override
            public void channelRead(ChannelHandlerContext c, Object msg) {
              if (msg instanceof WebSocketFrame f) {
                wire.frame(f.content().readableBytes());
              }
              c.fireChannelRead(msg);
            }
          });
        }
        listener.open(self[0]);
      } else if (evt == WebSocketClientProtocolHandler.ClientHandshakeStateEvent.HANDSHAKE_TIMEOUT) {
        problem(ctx, "handshake", "no WebSocket handshake answer within 10 s");
      }
      super.userEventTriggered(ctx, evt);
    }

    @Override
    protected void channelRead0(ChannelHandlerContext ctx, WebSocketFrame frame) {
      if (frame instanceof TextWebSocketFrame t) {
        listener.text(self[0], t.text());
      } else {
        listener.problem(self[0], "malformed", "a " + frame.getClass().getSimpleName() + " (expected: text)");
      }
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
      Throwable c = cause.getCause() != null && !(cause instanceof TooLongFrameException) ? cause.getCause() : cause;
      String reason = cause instanceof TooLongFrameException || c instanceof TooLongFrameException
              || (cause instanceof CorruptedWebSocketFrameException cf
                  && cf.closeStatus() != null && cf.closeStatus().code() == 1009)
          ? "too_large"
          : cause instanceof CorruptedWebSocketFrameException ? "malformed"
          : cause instanceof WebSocketHandshakeException ? "handshake"
          : c instanceof SSLException || cause instanceof SSLException ? "tls"
          : "connection";
      problem(ctx, reason, cause.toString());
    }

    private void problem(ChannelHandlerContext ctx, String reason, String detail) {
      if (!failed) {
        failed = true;
        listener.problem(self[0], reason, detail);
      }
      ctx.close();
    }

    @Override
    public void channelInactive(ChannelHandlerContext ctx) throws Exception {
      if (!failed && wire != null && wire.pending > 0) {
        failed = true;
        listener.problem(self[0], "closed_mid_frame",
            "the server closed the connection inside a frame (" + wire.pending + " bytes of it received)");
      }
      listener.closed(self[0]);
      super.channelInactive(ctx);
    }
  }
}
