package org.bgpsentry.daemon.demo;

import io.netty.bootstrap.Bootstrap;
import io.netty.buffer.ByteBuf;
import io.netty.channel.Channel;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.SimpleChannelInboundHandler;
import io.netty.channel.nio.NioIoHandler;
import io.netty.channel.socket.SocketChannel;
import io.netty.channel.socket.nio.NioSocketChannel;
import java.net.InetSocketAddress;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import org.bgpsentry.codec.model.BgpMessage;
import org.bgpsentry.codec.model.Keepalive;
import org.bgpsentry.codec.model.Notification;
import org.bgpsentry.codec.model.Open;
import org.bgpsentry.codec.model.Update;
import org.bgpsentry.codec.model.cap.Capability;
import org.bgpsentry.codec.model.nlri.Family;
import org.bgpsentry.codec.model.nlri.IpAddress;
import org.bgpsentry.codec.wire.BgpMessageCodec;
import org.bgpsentry.codec.wire.DecodeContext;
import org.bgpsentry.daemon.session.BgpFrameDecoder;
import org.bgpsentry.daemon.ingest.ReceivedUpdate;

/**
 * The demo's router: a minimal active BGP speaker (RFC 4271 §8, OpenSent to Established only)
 * that connects to the daemon from its own loopback address, announces a recorded table, then
 * plays {@link DemoScenario} steps. It stays up until closed; KEEPALIVEs every hold time / 3.
 */
public final class SimulatedPeer implements AutoCloseable {
  private static final DecodeContext CONTEXT = DecodeContext.FOUR_OCTET_AS;
  private static final int HOLD_TIME = 90;

  private final EventLoopGroup group =
      new MultiThreadIoEventLoopGroup(1, NioIoHandler.newFactory());
  private final InetSocketAddress daemon;
  private final InetSocketAddress local;
  private final long asn;
  private final IpAddress routerId;
  private final List<DemoScenario.Step> steps;
  private final Consumer<String> log;
  private volatile Channel channel;

  SimulatedPeer(
      InetSocketAddress daemon,
      InetSocketAddress local,
      long asn,
      IpAddress routerId,
      List<DemoScenario.Step> steps,
      Consumer<String> log) {
    this.daemon = daemon;
    this.local = local;
    this.asn = asn;
    this.routerId = routerId;
    this.steps = steps;
    this.log = log;
  }

  /**
   * The demo's router (AS1853) that announces the recorded table and then only what {@link
   * #send} gives it: for tests that inject incidents at a moment of their choosing.
   */
  public static SimulatedPeer recordedTable(InetSocketAddress daemon, InetSocketAddress local, Consumer<String> log) {
    return new SimulatedPeer(
        daemon, local, DemoScenario.PEER_ASN, IpAddress.parse("193.203.0.1"),
        DemoScenario.steps(java.time.Duration.ZERO).subList(0, 1), log);
  }

  /** Sends UPDATEs now, on the established session (after the scenario's steps it has sent). */
  public void send(List<Update> updates) {
    Channel ch = channel;
    if (ch == null || !ch.isActive()) {
      throw new IllegalStateException("no session with the daemon (expected: connected first)");
    }
    ch.eventLoop()
        .execute(
            () -> {
              for (Update u : updates) {
                send(ch, u);
              }
              ch.flush();
            });
  }

  /** Connects, retrying every second until the daemon listens (it may still be starting). */
  public void start() {
    Bootstrap b =
        new Bootstrap()
            .group(group)
            .channel(NioSocketChannel.class)
            .option(ChannelOption.TCP_NODELAY, true)
            .option(ChannelOption.CONNECT_TIMEOUT_MILLIS, 2000)
            .handler(
                new ChannelInitializer<SocketChannel>() {
                  @Override
                  protected void initChannel(SocketChannel ch) {
                    BgpFrameDecoder decoder = new BgpFrameDecoder();
                    decoder.context(CONTEXT);
                    ch.pipeline().addLast(decoder, new Speaker());
                  }
                });
    connect(b);
  }

  private void connect(Bootstrap b) {
    if (group.isShuttingDown()) {
      return;
    }
    b.connect(daemon, local)
        .addListener(
            f -> {
              if (!f.isSuccess()) {
                group.schedule(() -> connect(b), 1, TimeUnit.SECONDS);
              }
            });
  }

  private void send(Channel ch, BgpMessage msg) {
    ByteBuf out = ch.alloc().buffer();
    BgpMessageCodec.encode(msg, CONTEXT, out);
    ch.write(out);
  }

  /** Handles the daemon's messages: OPEN -> KEEPALIVE; first KEEPALIVE -> Established. */
  private final class Speaker extends SimpleChannelInboundHandler<Object> {
    private boolean established;

    @Override
    public void channelActive(ChannelHandlerContext ctx) {
      channel = ctx.channel();
      List<Capability> caps =
          List.of(new Capability.Multiprotocol(Family.IPV4_UNICAST), new Capability.FourOctetAs(asn));
      send(ctx.channel(), Open.of(asn, HOLD_TIME, routerId, caps));
      ctx.flush();
      ctx.executor()
          .scheduleAtFixedRate(
              () -> {
                send(ctx.channel(), new Keepalive());
                ctx.flush();
              },
              HOLD_TIME / 3,
              HOLD_TIME / 3,
              TimeUnit.SECONDS);
    }

    @Override
    protected void channelRead0(ChannelHandlerContext ctx, Object msg) {
      switch (msg) {
        case Open open -> {
          send(ctx.channel(), new Keepalive());
          ctx.flush();
        }
        case Keepalive k when !established -> {
          established = true;
          log.accept("simulated peer AS" + asn + ": session established");
          play(ctx, 0);
        }
        case Notification n -> log.accept("simulated peer: daemon sent NOTIFICATION " + n);
        case ReceivedUpdate u -> {} // End-of-RIB from the daemon
        default -> {}
      }
    }

    /** Sends step {@code i} after its delay, then schedules the next. */
    private void play(ChannelHandlerContext ctx, int i) {
      if (i >= steps.size()) {
        return;
      }
      DemoScenario.Step step = steps.get(i);
      ctx.executor()
          .schedule(
              () -> {
                log.accept(step.description());
                for (Update u : step.updates()) {
                  send(ctx.channel(), u);
                }
                ctx.flush();
                play(ctx, i + 1);
              },
              step.delay().toMillis(),
              TimeUnit.MILLISECONDS);
    }

    @Override
    public void channelInactive(ChannelHandlerContext ctx) {
      log.accept("simulated peer: session closed");
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
      log.accept("simulated peer: " + cause.getMessage());
      ctx.close();
    }
  }

  @Override
  public void close() {
    Channel ch = channel;
    if (ch != null) {
      ch.close().awaitUninterruptibly(2, TimeUnit.SECONDS);
    }
    group.shutdownGracefully(0, 2, TimeUnit.SECONDS).awaitUninterruptibly(5, TimeUnit.SECONDS);
  }
}
