package org.bgpsentry.daemon.bmp;

import io.netty.bootstrap.Bootstrap;
import io.netty.bootstrap.ServerBootstrap;
import io.netty.channel.Channel;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoop;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.nio.NioIoHandler;
import io.netty.channel.socket.SocketChannel;
import io.netty.channel.socket.nio.NioServerSocketChannel;
import io.netty.channel.socket.nio.NioSocketChannel;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.UnknownHostException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Function;
import org.bgpsentry.analytics.event.PeerId;
import org.bgpsentry.codec.model.nlri.IpAddress;
import org.bgpsentry.daemon.config.BmpConfig;
import org.bgpsentry.daemon.ingest.BmpRawFeed;
import org.bgpsentry.daemon.logging.RateLimitedLog;
import org.bgpsentry.daemon.metrics.BmpMetrics;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The BMP station's connections (docs/operators-guide.md "Monitoring routers with BMP", RFC 7854 §3.2): listens on {@code bmp.listen},
 * hands each accepted connection to the {@link BmpRouter} of its source address, refuses any other
 * address at once (counted, logged rate-limited, reset without TIME_WAIT; nothing is allocated for
 * it, so a flood cannot grow memory), and dials the routers configured {@code mode: active},
 * retrying from 1 s doubling to 30 s. All routers share one event loop, apart from the BGP
 * sessions' loop: a router's messages, its views' Adj-RIBs-In and their timers all run there.
 */
public final class BmpStation implements AutoCloseable {
  private static final Logger log = LoggerFactory.getLogger(BmpStation.class);
  private static final long MAX_RETRY_SECONDS = 30;

  private final BmpConfig config;
  private final BmpMetrics metrics;
  private final EventLoopGroup boss = new MultiThreadIoEventLoopGroup(1, NioIoHandler.newFactory());
  private final EventLoopGroup worker = new MultiThreadIoEventLoopGroup(1, NioIoHandler.newFactory());
  private final EventLoop loop = worker.next();
  private final Map<InetAddress, BmpRouter> byAddress = new HashMap<>();
  private final Map<String, BmpRouter> byName = new LinkedHashMap<>();
  private final List<Channel> servers = new ArrayList<>();
  private final AtomicLong refused = new AtomicLong();
  private final RateLimitedLog refusedLog = new RateLimitedLog(log, 10_000);
  private volatile boolean closed;
  /** {@code publish_bmp_raw}: where every router's messages go as they arrived, or null. */
  private BmpRawFeed raw;
  /** The routers' connections, for backpressure (on the event loop). */
  private final java.util.Set<Channel> connections = new java.util.HashSet<>();
  private volatile boolean reading = true;

  public BmpStation(BmpConfig config, BmpRouter.Shared shared) {
    this.config = config;
    this.metrics = shared.metrics();
    for (BmpConfig.Router r : config.routers()) {
      BmpRouter router = new BmpRouter(r, loop, shared);
      byAddress.put(inet(r), router);
      byName.put(r.name(), router);
    }
  }

  private static InetAddress inet(BmpConfig.Router r) {
    try {
      return InetAddress.getByAddress(r.address().bytes());
    } catch (UnknownHostException e) {
      throw new IllegalArgumentException("router " + r.name() + ": bad address " + r.address(), e);
    }
  }

  /** Sets where the routers' raw messages go ({@code publish_bmp_raw}); before {@link #start}. */
  public void rawFeed(BmpRawFeed feed) {
    this.raw = feed;
  }

  /**
   * Stops or resumes reading from every router (Netty {@code autoRead}): the {@code bmp_raw}
   * backlog's backpressure, so TCP flow control holds the routers back instead of a message being
   * lost. Connections made while reading is off start with it off.
   */
  public void setReading(boolean on) {
    reading = on;
    loop.execute(() -> connections.forEach(ch -> ch.config().setAutoRead(on)));
  }

  /** The pipeline of a connection with {@code r}: framing (with the raw copy when on), then the router. */
  private void pipeline(Channel ch, BmpRouter r) {
    BmpRawFeed feed = raw;
    IpAddress address = r.config.address();
    ch.pipeline().addLast(
        new BmpFrameDecoder(r::decodeContext, feed == null ? null : m -> feed.routerMessage(address, m)),
        new BmpRouterHandler(r));
    if (feed != null) {
      connections.add(ch);
      ch.closeFuture().addListener(f -> connections.remove(ch));
      ch.config().setAutoRead(reading);
    }
  }

  /** The routers in configuration order. */
  public List<BmpRouter> routers() {
    return List.copyOf(byName.values());
  }

  /** Binds the listeners and starts dialling the active routers. */
  public void start() throws InterruptedException {
    for (InetSocketAddress a : config.listen()) {
      ServerBootstrap b =
          new ServerBootstrap()
              .group(boss, worker)
              .channel(NioServerSocketChannel.class)
              .option(ChannelOption.SO_REUSEADDR, true)
              .childOption(ChannelOption.SO_KEEPALIVE, true)
              .childHandler(
                  new ChannelInitializer<SocketChannel>() {
                    @Override
                    protected void initChannel(SocketChannel ch) {
                      accept(ch);
                    }
                  });
      Channel server = b.bind(a).sync().channel();
      servers.add(server);
      log.info("listening for BMP on {}", server.localAddress());
    }
    for (BmpRouter r : byName.values()) {
      if (r.config.active()) {
        loop.execute(() -> dial(r, 1));
      }
    }
  }

  /** The bound listen addresses (port 0 binds a real port). */
  public List<InetSocketAddress> localAddresses() {
    return servers.stream().map(s -> (InetSocketAddress) s.localAddress()).toList();
  }

  private void accept(SocketChannel ch) {
    BmpRouter r = byAddress.get(ch.remoteAddress().getAddress());
    if (r == null) {
      refused.incrementAndGet();
      metrics.refusedConnection();
      refusedLog.warn("refused BMP connection from {}: not a configured router ({} refused so far)",
          ch.remoteAddress(), refused.get());
      ch.config().setOption(ChannelOption.SO_LINGER, 0); // RST: no TIME_WAIT per refused flood
      ch.close();
      return;
    }
    pipeline(ch, r);
  }

  /** Connects to an active router; on failure or when the connection ends, again after a while. */
  private void dial(BmpRouter r, long delaySeconds) {
    if (closed || byName.get(r.name()) != r) {
      return;
    }
    InetSocketAddress remote = new InetSocketAddress(inet(r.config), r.config.port());
    Bootstrap b =
        new Bootstrap()
            .group(loop)
            .channel(NioSocketChannel.class)
            .option(ChannelOption.SO_KEEPALIVE, true)
            .option(ChannelOption.CONNECT_TIMEOUT_MILLIS, 10_000)
            .handler(
                new ChannelInitializer<SocketChannel>() {
                  @Override
                  protected void initChannel(SocketChannel ch) {
                    pipeline(ch, r);
                  }
                });
    b.connect(remote).addListener(f -> {
      if (f.isSuccess()) {
        Channel ch = ((io.netty.channel.ChannelFuture) f).channel();
        ch.closeFuture().addListener(c -> retry(r, 1));
      } else {
        log.debug("BMP router {}: connecting to {} failed: {}", r.name(), remote, f.cause().toString());
        retry(r, Math.min(MAX_RETRY_SECONDS, delaySeconds * 2));
      }
    });
  }

  private void retry(BmpRouter r, long delaySeconds) {
    if (!closed && byName.get(r.name()) == r) {
      loop.schedule(() -> dial(r, delaySeconds), delaySeconds, TimeUnit.SECONDS);
    }
  }

  /**
   * A reloaded {@code bmp:} (docs/operators-guide.md "Monitoring routers with BMP"), on the event loop: routers no longer listed (or
   * changed) are removed, their views down and their connections closed; new ones are accepted (and
   * dialled when active); the others keep their connections and views, taking the new {@code
   * detect} and {@code stale_after} ({@link BmpRouter#reconfigure}). {@code listen} stays as
   * started.
   *
   * @return the views' peers gone (for detection to forget)
   */
  /**
   * The views that {@link #reconfigure} with {@code next} would take down (routers removed or
   * changed; every view when {@code detect} changes), for detection to forget first. On the event
   * loop.
   */
  List<PeerId> leaving(BmpConfig next) {
    Map<String, BmpConfig.Router> wanted = new LinkedHashMap<>();
    next.routers().forEach(r -> wanted.put(r.name(), r));
    List<PeerId> out = new ArrayList<>();
    for (BmpRouter r : byName.values()) {
      if (!r.config.equals(wanted.get(r.name())) || r.resetBy(next.detect())) {
        r.views().forEach(v -> out.add(v.adj().peer()));
      }
    }
    return out;
  }

  List<PeerId> reconfigure(BmpConfig next, BmpRouter.Shared shared) {
    List<PeerId> gone = new ArrayList<>();
    Map<String, BmpConfig.Router> wanted = new LinkedHashMap<>();
    next.routers().forEach(r -> wanted.put(r.name(), r));
    for (BmpRouter r : List.copyOf(byName.values())) {
      if (!r.config.equals(wanted.get(r.name()))) {
        byName.remove(r.name());
        byAddress.remove(inet(r.config));
        gone.addAll(r.remove("router removed from bmp.routers by a reload"));
        log.info("BMP router {}: removed", r.name());
      }
    }
    for (BmpRouter r : byName.values()) {
      gone.addAll(r.reconfigure(shared, "bmp.detect changed by a reload"));
    }
    Map<String, BmpRouter> order = new LinkedHashMap<>();
    for (BmpConfig.Router c : next.routers()) {
      BmpRouter r = byName.get(c.name());
      if (r == null) {
        r = new BmpRouter(c, loop, shared);
        byAddress.put(inet(c), r);
        log.info("BMP router {}: added ({})", c.name(), c.address());
        if (c.active()) {
          BmpRouter dialled = r;
          loop.execute(() -> dial(dialled, 1));
        }
      }
      order.put(c.name(), r);
    }
    byName.clear();
    byName.putAll(order);
    return gone;
  }

  /** Runs {@code f} on the station's event loop. */
  public <T> CompletableFuture<T> onLoop(Function<BmpStation, T> f) {
    CompletableFuture<T> out = new CompletableFuture<>();
    loop.execute(() -> {
      try {
        out.complete(f.apply(this));
      } catch (RuntimeException e) {
        out.completeExceptionally(e);
      }
    });
    return out;
  }

  /** Statuses of every router, for {@code /api/v1/routers} (on the event loop). */
  public List<org.bgpsentry.daemon.http.RouterStatus> statuses(Instant now) {
    return byName.values().stream().map(r -> r.status(now)).toList();
  }

  @Override
  public void close() {
    closed = true;
    for (Channel s : servers) {
      s.close().syncUninterruptibly();
    }
    try {
      loop.submit(() -> byName.values().forEach(BmpRouter::stop)).get(5, TimeUnit.SECONDS);
    } catch (Exception e) {
      log.warn("stopping the BMP routers: {}", e.toString());
    }
    boss.shutdownGracefully(0, 2, TimeUnit.SECONDS);
    worker.shutdownGracefully(0, 2, TimeUnit.SECONDS);
  }
}
