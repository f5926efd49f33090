package org.bgpsentry.daemon.session;

import io.netty.bootstrap.Bootstrap;
import io.netty.buffer.ByteBuf;
import io.netty.bootstrap.ServerBootstrap;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFuture;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoop;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.IoHandlerFactory;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.epoll.Epoll;
import io.netty.channel.epoll.EpollChannelOption;
import io.netty.channel.epoll.EpollIoHandler;
import io.netty.channel.epoll.EpollServerSocketChannel;
import io.netty.channel.epoll.EpollSocketChannel;
import io.netty.channel.nio.NioIoHandler;
import io.netty.channel.socket.SocketChannel;
import io.netty.channel.socket.nio.NioServerSocketChannel;
import io.netty.channel.socket.nio.NioSocketChannel;
import java.net.Inet4Address;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Function;
import java.util.function.Supplier;
import org.bgpsentry.analytics.rib.AttributeInterner;
import org.bgpsentry.analytics.rib.PeerRib;
import org.bgpsentry.codec.error.NotificationError;
import org.bgpsentry.codec.model.Notification;
import org.bgpsentry.codec.model.OpaqueBytes;
import org.bgpsentry.codec.model.nlri.Afi;
import org.bgpsentry.codec.model.nlri.Family;
import org.bgpsentry.codec.model.nlri.IpAddress;
import org.bgpsentry.codec.wire.BgpMessageCodec;
import org.bgpsentry.codec.wire.DecodeContext;
import org.bgpsentry.daemon.logging.RateLimitedLog;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The BGP speaker's connections: listens on the configured addresses, hands each accepted
 * connection to the {@link PeerSession} of its source address, refuses connections from any other
 * address at once (counted, logged rate-limited; nothing is allocated for them, so a flood cannot
 * grow memory), opens connections for active peers, and resolves a second connection with the same
 * peer (connection collision, RFC 4271 §6.8, {@link #connected}). docs/configuration.md {@code
 * bgp}/{@code peers}, §9.
 *
 * <p>All sessions share one event loop: every session, timer and RIB change is on that thread,
 * without locks (docs/contributing.md R10). Uses the epoll transport when available, which TCP MD5 (RFC 2385)
 * needs; NIO otherwise.
 */
public final class PeerConnections implements AutoCloseable {
  private static final Logger log = LoggerFactory.getLogger(PeerConnections.class);

  /** Replaced on reload ({@link #setSpeaker}); sessions keep the settings they were made with. */
  private volatile SpeakerSettings speaker;
  private final SessionListener listener;
  /** Read and changed on the event loop only (reload adds and removes peers there). */
  private final Map<InetAddress, PeerSession> byAddress = new HashMap<>();
  /** Read and changed on the event loop only, in configuration order. */
  private final Map<String, PeerSession> byName = new LinkedHashMap<>();
  private final AttributeInterner interner;
  private final Clock clock;
  private final boolean epoll;
  private final EventLoopGroup boss;
  private final EventLoopGroup worker;
  private final EventLoop loop;
  private final List<Channel> servers = new java.util.concurrent.CopyOnWriteArrayList<>();
  /** The current session per name, for readers on other threads (route gauges, {@link #routes}). */
  private final Map<String, PeerSession> counted = new java.util.concurrent.ConcurrentHashMap<>();
  private final AtomicLong refused = new AtomicLong();
  private final RateLimitedLog refusedLog = new RateLimitedLog(log, 10_000);
  /** False while the consumer of route events is behind ({@link #setReading}). */
  private volatile boolean reading = true;

  public PeerConnections(
      SpeakerSettings speaker,
      List<PeerSettings> peers,
      AttributeInterner interner,
      SessionListener listener,
      Clock clock) {
    this.speaker = speaker;
    this.listener = listener;
    this.interner = interner;
    this.clock = clock;
    boolean md5 = peers.stream().anyMatch(p -> p.md5Password() != null);
    this.epoll = Epoll.isAvailable();
    if (md5 && !epoll) {
      throw new IllegalStateException(
          "TCP MD5 (md5_password) needs Netty's epoll transport (Linux), which is unavailable: "
              + Epoll.unavailabilityCause());
    }
    IoHandlerFactory io = epoll ? EpollIoHandler.newFactory() : NioIoHandler.newFactory();
    this.boss = new MultiThreadIoEventLoopGroup(1, io);
    this.worker = new MultiThreadIoEventLoopGroup(1, io);
    this.loop = worker.next();
    for (PeerSettings p : peers) {
      PeerSession s = new PeerSession(speaker, p, loop, interner, listener, this::connect, clock);
      counted.put(p.name(), s);
      if (byAddress.put(p.address(), s) != null || byName.put(p.name(), s) != null) {
        throw new IllegalArgumentException(
            "peer "
                + p.name()
                + " ("
                + p.address().getHostAddress()
                + "): duplicate name or address (expected: unique)");
      }
    }
  }

  /** Binds the listen addresses and starts every session. */
  public void start() throws InterruptedException {
    for (InetSocketAddress address : speaker.listen()) {
      try {
        bind(address);
      } catch (InterruptedException | RuntimeException e) {
        throw e;
      } catch (Exception e) { // Netty's sync() rethrows the bind failure as it is (BindException)
        throw new IllegalStateException("cannot listen for BGP on " + address + " (bgp.listen): " + e, e);
      }
    }
    loop.submit(() -> byName.values().forEach(PeerSession::start)).sync();
  }

  /** Binds one listener (never on the event loop: the MD5 keys are read there). */
  private Channel bind(InetSocketAddress address) throws InterruptedException {
    Map<InetAddress, byte[]> keys = onLoop(this::md5Keys).join();
    ServerBootstrap b =
        new ServerBootstrap()
            .group(boss, worker)
            .channel(epoll ? EpollServerSocketChannel.class : NioServerSocketChannel.class)
            .option(ChannelOption.SO_REUSEADDR, true)
            .childOption(ChannelOption.TCP_NODELAY, true)
            .childHandler(
                new ChannelInitializer<SocketChannel>() {
                  @Override
                  protected void initChannel(SocketChannel ch) {
                    accept(ch);
                  }
                });
    Channel server = b.bind(address).sync().channel();
    if (!keys.isEmpty()) {
      server.config().setOption(EpollChannelOption.TCP_MD5SIG, keys);
    }
    servers.add(server);
    log.info("listening for BGP on {}", server.localAddress());
    return server;
  }

  /**
   * New local speaker settings (config reload) for the sessions made from now on: {@link
   * #addPeer}, {@link #renew}. Running sessions keep the OPEN they were made with. When the listen
   * addresses changed, listeners no longer listed are closed and new ones bound; connections
   * already accepted are not touched (closing a listening socket leaves its connections open).
   *
   * @throws InterruptedException while binding
   * @throws IllegalStateException when a new address cannot be bound (the listeners stay as they
   *     were, and so do the speaker settings)
   */
  public void setSpeaker(SpeakerSettings next) throws InterruptedException {
    List<InetSocketAddress> before = speaker.listen();
    if (!next.listen().equals(before)) {
      rebind(before, next.listen());
    }
    speaker = next;
  }

  /**
   * Closes the listeners of {@code before} not in {@code after} (first: a specific address may
   * need the port a wildcard held), then binds the new ones. When one cannot be bound, the new
   * ones are closed again and the old ones rebound, so the speaker keeps listening as before.
   */
  private void rebind(List<InetSocketAddress> before, List<InetSocketAddress> after) throws InterruptedException {
    List<InetSocketAddress> closed = new ArrayList<>();
    for (Channel server : List.copyOf(servers)) {
      InetSocketAddress configured = configuredAddress((InetSocketAddress) server.localAddress(), before);
      if (!after.contains(configured)) {
        server.close().sync();
        servers.remove(server);
        closed.add(configured);
        log.info("stopped listening for BGP on {}", server.localAddress());
      }
    }
    List<Channel> opened = new ArrayList<>();
    try {
      for (InetSocketAddress address : after) {
        if (!before.contains(address)) {
          opened.add(bind(address));
        }
      }
    } catch (Exception e) { // Netty's sync() rethrows the bind failure as it is (BindException)
      for (Channel c : opened) {
        c.close().sync();
        servers.remove(c);
      }
      for (InetSocketAddress address : closed) {
        bind(address);
      }
      throw new IllegalStateException("cannot listen for BGP on " + after + ": " + e, e);
    }
  }

  /** The configured listen address a server was bound for (port 0 binds a real port). */
  private static InetSocketAddress configuredAddress(InetSocketAddress bound, List<InetSocketAddress> configured) {
    for (InetSocketAddress c : configured) {
      if (c.getAddress().equals(bound.getAddress()) && (c.getPort() == 0 || c.getPort() == bound.getPort())) {
        return c;
      }
    }
    return bound;
  }

  /** The bound listen addresses (with the real port when 0 was configured). */
  public List<InetSocketAddress> listenAddresses() {
    return servers.stream().map(c -> (InetSocketAddress) c.localAddress()).toList();
  }

  /** Connections refused because their source is no configured peer. */
  public long refusedConnections() {
    return refused.get();
  }

  /**
   * Adds a peer while running (config reload): its session starts at once; the others are not
   * touched. Fails when its name or address is taken, or it needs TCP MD5 without epoll.
   */
  public CompletableFuture<Void> addPeer(PeerSettings p) {
    if (p.md5Password() != null && !epoll) {
      throw new IllegalStateException("peer " + p.name() + ": TCP MD5 needs the epoll transport (unavailable)");
    }
    return onLoop(() -> {
      if (byAddress.containsKey(p.address()) || byName.containsKey(p.name())) {
        throw new IllegalArgumentException("peer " + p.name() + " (" + p.address().getHostAddress()
            + "): duplicate name or address (expected: unique)");
      }
      PeerSession s = new PeerSession(speaker, p, loop, interner, listener, this::connect, clock);
      byAddress.put(p.address(), s);
      byName.put(p.name(), s);
      counted.put(p.name(), s);
      applyMd5Keys();
      s.start();
      return null;
    });
  }

  /**
   * Replaces the named peer's session with a new one made with the current speaker settings
   * ({@link #setSpeaker}), for a session that is not Established: a connection in progress ends
   * with a Cease carrying {@code message} (RFC 9003) and the new session starts over.
   *
   * @return whether it was renewed (false when the session is Established by now)
   */
  public CompletableFuture<Boolean> renew(String name, String message) {
    return onLoop(() -> {
      PeerSession old = session(name);
      if (old.state() == SessionState.ESTABLISHED) {
        return false;
      }
      old.stop(message);
      PeerSession s = new PeerSession(speaker, old.settings(), loop, interner, listener, this::connect, clock);
      byAddress.put(old.settings().address(), s);
      byName.put(name, s);
      counted.put(name, s);
      s.start();
      return true;
    });
  }

  /**
   * Soft reconfiguration (config reload): the named peer's running session takes over {@code
   * next}, which differs from its settings only where {@link PeerSettings#sameSession} allows,
   * without being dropped (see {@link PeerSession#reconfigure}: a family already beyond a tightened
   * {@code max_prefixes} closes it with Cease 6/1).
   *
   * @return whether the session is Established afterwards
   */
  public CompletableFuture<Boolean> reconfigure(PeerSettings next) {
    return onLoop(() -> session(next.name()).reconfigure(next));
  }

  /**
   * Removes a peer while running (config reload): its session ends with a Cease, Administrative
   * Shutdown carrying {@code message} (RFC 9003), its routes are withdrawn from analytics.
   */
  public CompletableFuture<Void> removePeer(String name, String message) {
    return onLoop(() -> {
      PeerSession s = session(name);
      s.stop(message);
      byName.remove(name);
      counted.remove(name);
      byAddress.remove(s.settings().address());
      applyMd5Keys();
      return null;
    });
  }

  /**
   * Stops or resumes reading from every current session's socket (Netty {@code autoRead}): the
   * consumer of the route events applies backpressure this way, so TCP flow control slows the
   * peers instead of the event loop blocking or a queue growing without bound. Connections
   * accepted or made while reading is off start with it off.
   */
  public void setReading(boolean reading) {
    this.reading = reading;
    loop.execute(() -> byName.values().forEach(s -> s.setAutoRead(reading)));
  }

  /** Snapshots of every peer, in configuration order. */
  public CompletableFuture<List<PeerStatus>> status() {
    return onLoop(() -> byName.values().stream().map(PeerSession::status).toList());
  }

  /** Runs {@code query} on the named peer's Adj-RIB-In, on the sessions' event loop. */
  public <T> CompletableFuture<T> withRib(String peer, Function<PeerRib, T> query) {
    return onLoop(() -> query.apply(session(peer).rib()));
  }

  /**
   * Routes the named peer holds for {@code afi}, read without hopping threads (a gauge may be a
   * moment behind, never torn).
   */
  public int routes(String peer, Afi afi) {
    PeerSession s = counted.get(peer);
    if (s == null) {
      throw new IllegalArgumentException("no peer named '" + peer + "'");
    }
    return s.rib().size(afi);
  }

  /**
   * A reader of the named peer's route count for {@code afi}, for a gauge read at scrape time on
   * another thread (a moment behind at worst, never torn); follows the peer's current session
   * across {@link #renew}, 0 once the peer is removed.
   */
  public java.util.function.IntSupplier routeCounter(String peer, Afi afi) {
    return () -> {
      PeerSession s = counted.get(peer);
      return s == null ? 0 : s.rib().size(afi);
    };
  }

  /** Asks the named peer to resend {@code family} (RFC 2918); false when it cannot. */
  public CompletableFuture<Boolean> requestRefresh(String peer, Family family) {
    return onLoop(() -> session(peer).requestRefresh(family));
  }

  /**
   * Stops every session with a Cease, Administrative Shutdown carrying {@code message} (RFC 9003),
   * closes the listeners and the event loops.
   */
  public void stop(String message) {
    if (!loop.isShuttingDown()) {
      loop.submit(() -> byName.values().forEach(s -> s.stop(message)))
          .awaitUninterruptibly(5, TimeUnit.SECONDS);
    }
    servers.forEach(Channel::close);
    boss.shutdownGracefully(0, 2, TimeUnit.SECONDS).awaitUninterruptibly(5, TimeUnit.SECONDS);
    worker
        .shutdownGracefully(100, 2000, TimeUnit.MILLISECONDS)
        .awaitUninterruptibly(5, TimeUnit.SECONDS);
  }

  @Override
  public void close() {
    stop("bgpsentry shutting down");
  }

  private void accept(SocketChannel ch) {
    PeerSession s = byAddress.get(ch.remoteAddress().getAddress());
    if (s == null) {
      refused.incrementAndGet();
      listener.onRefusedConnection(ch.remoteAddress());
      refusedLog.warn(
          "refused BGP connection from {}: not a configured peer ({} refused so far)",
          ch.remoteAddress(),
          refused.get());
      ch.config().setOption(ChannelOption.SO_LINGER, 0); // RST: no TIME_WAIT per refused flood
      ch.close();
      return;
    }
    ch.config().setAutoRead(reading);
    ch.pipeline().addLast(new BgpFrameDecoder(), new BgpSessionHandler(s));
  }

  /**
   * A TCP connection with {@code s}'s peer is up (accepted, or ours connected). Adopted when the
   * session has none ({@link PeerSession#adopt}); otherwise connection collision, RFC 4271 §6.8:
   * against an Established session the new connection is closed with Cease 6/7, unless the peer
   * advertised Graceful Restart, whose new connection means it restarted (RFC 4724 §4.2); in
   * OpenConfirm the higher BGP Identifier keeps its connection; in OpenSent (the peer's identifier
   * not yet known on this connection) the last known identifier decides, and without one the
   * existing connection stays. On the event loop.
   */
  static void connected(PeerSession s, Channel ch) {
    if (s.adopt(ch)) {
      return;
    }
    switch (s.state()) {
      case ESTABLISHED -> {
        if (s.gracefulRestart()) {
          s.connectionLog().info(
              "peer {}: new connection while Established with graceful restart: peer restarted",
              s.id());
          s.peerRestarted();
          if (s.adopt(ch)) {
            return;
          }
        }
        refuse(s, ch, NotificationError.CONNECTION_COLLISION_RESOLUTION);
      }
      case OPEN_SENT, OPEN_CONFIRM -> {
        IpAddress remote = s.remoteIdentifier();
        boolean remoteWins =
            remote != null
                && Integer.compareUnsigned(s.localIdentifier().ipv4Address(), remote.ipv4Address())
                    < 0;
        if (!remoteWins) {
          refuse(s, ch, NotificationError.CONNECTION_COLLISION_RESOLUTION);
          return;
        }
        s.connectionLog().info(
            "peer {}: connection collision, BGP identifier {} > ours: keeping the new connection",
            s.id(),
            remote);
        s.collisionDump();
        if (!s.adopt(ch)) {
          refuse(s, ch, NotificationError.CONNECTION_COLLISION_RESOLUTION);
        }
      }
      case IDLE, CONNECT, ACTIVE -> refuse(s, ch, NotificationError.CONNECTION_REJECTED);
    }
  }

  /** Closes {@code ch}, a connection that lost (or came too early), with {@code error}. */
  private static void refuse(PeerSession s, Channel ch, NotificationError error) {
    s.connectionLog().info(
        "peer {}: refusing a further connection from {} in {} ({})",
        s.id(),
        ch.remoteAddress(),
        s.state(),
        error);
    ByteBuf buf = ch.alloc().buffer();
    BgpMessageCodec.encode(Notification.of(error, OpaqueBytes.EMPTY), DecodeContext.DEFAULT, buf);
    ch.writeAndFlush(buf).addListener(ChannelFutureListener.CLOSE);
  }

  private void connect(PeerSession s) {
    PeerSettings p = s.settings();
    InetSocketAddress remote = new InetSocketAddress(p.address(), p.port());
    Bootstrap b =
        new Bootstrap()
            .group(loop)
            .channel(epoll ? EpollSocketChannel.class : NioSocketChannel.class)
            .option(ChannelOption.TCP_NODELAY, true)
            .option(ChannelOption.CONNECT_TIMEOUT_MILLIS, 10_000)
            .handler(
                new ChannelInitializer<SocketChannel>() {
                  @Override
                  protected void initChannel(SocketChannel ch) {
                    ch.config().setAutoRead(reading);
                    ch.pipeline().addLast(new BgpFrameDecoder(), new BgpSessionHandler(s));
                  }
                });
    if (p.md5Password() != null) {
      b.option(
          EpollChannelOption.TCP_MD5SIG,
          Map.of(p.address(), p.md5Password().getBytes(StandardCharsets.US_ASCII)));
    }
    InetSocketAddress local = sourceAddress(p.address());
    ChannelFuture f = local == null ? b.connect(remote) : b.connect(remote, local);
    f.addListener(
        done -> {
          if (!done.isSuccess()) {
            s.connectFailed(done.cause());
          }
        });
  }

  /**
   * The first specific listen address of the peer's family, so the peer sees the address it
   * expects.
   */
  private InetSocketAddress sourceAddress(InetAddress peer) {
    for (InetSocketAddress l : speaker.listen()) {
      InetAddress a = l.getAddress();
      if (!a.isAnyLocalAddress() && (a instanceof Inet4Address) == (peer instanceof Inet4Address)) {
        return new InetSocketAddress(a, 0);
      }
    }
    return null;
  }

  private void applyMd5Keys() {
    if (!epoll) {
      return;
    }
    Map<InetAddress, byte[]> keys = md5Keys();
    for (Channel server : servers) {
      server.config().setOption(EpollChannelOption.TCP_MD5SIG, keys);
    }
  }

  private Map<InetAddress, byte[]> md5Keys() {
    Map<InetAddress, byte[]> keys = new HashMap<>();
    for (PeerSession s : byName.values()) {
      if (s.settings().md5Password() != null) {
        keys.put(
            s.settings().address(), s.settings().md5Password().getBytes(StandardCharsets.US_ASCII));
      }
    }
    return keys;
  }

  /** The named peer's session; on the event loop only. */
  private PeerSession session(String peer) {
    PeerSession s = byName.get(peer);
    if (s == null) {
      throw new IllegalArgumentException(
          "no peer named '" + peer + "' (expected one of " + byName.keySet() + ")");
    }
    return s;
  }

  private <T> CompletableFuture<T> onLoop(Supplier<T> task) {
    CompletableFuture<T> out = new CompletableFuture<>();
    loop.execute(
        () -> {
          try {
            out.complete(task.get());
          } catch (RuntimeException e) {
            out.completeExceptionally(e);
          }
        });
    return out;
  }
}
