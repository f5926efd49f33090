package org.bgpsentry.daemon.systemd;

import io.netty.bootstrap.Bootstrap;
import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.epoll.Epoll;
import io.netty.channel.epoll.EpollDomainDatagramChannel;
import io.netty.channel.epoll.EpollIoHandler;
import io.netty.channel.unix.DomainSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The sd_notify(3) protocol for {@code Type=notify} units: datagrams such as {@code READY=1},
 * {@code STATUS=...}, {@code RELOADING=1}, {@code STOPPING=1} and {@code WATCHDOG=1} sent to the
 * AF_UNIX socket named by {@code $NOTIFY_SOCKET} (a leading {@code @} is the abstract namespace),
 * through Netty's epoll domain datagram channel, connected to that socket. Without {@code $NOTIFY_SOCKET} (not run by
 * systemd) every call does nothing. With {@code $WATCHDOG_USEC} set, {@code WATCHDOG=1} goes out
 * every half period, together with the current status line.
 */
public final class SystemdNotifier implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(SystemdNotifier.class);

  private final EventLoopGroup group;
  private final Channel channel;
  private final DomainSocketAddress target;

  private SystemdNotifier(EventLoopGroup group, Channel channel, DomainSocketAddress target) {
    this.group = group;
    this.channel = channel;
    this.target = target;
  }

  /**
   * A notifier for the process environment ({@code NOTIFY_SOCKET}, {@code WATCHDOG_USEC}).
   *
   * @param failure why the process no longer works, or null: while it says why, the watchdog is
   *     not fed (only {@code STATUS=} goes out), so systemd restarts the service
   */
  public static SystemdNotifier fromEnvironment(Supplier<String> status, Supplier<String> failure) {
    return create(System.getenv(), status, failure);
  }

  /** A notifier for {@code env} that always feeds the watchdog. */
  static SystemdNotifier create(Map<String, String> env, Supplier<String> status) {
    return create(env, status, () -> null);
  }

  /** A notifier for {@code env}; inert when it has no usable {@code NOTIFY_SOCKET}. */
  static SystemdNotifier create(
      Map<String, String> env, Supplier<String> status, Supplier<String> failure) {
    String socket = env.get("NOTIFY_SOCKET");
    if (socket == null || socket.isEmpty()) {
      return new SystemdNotifier(null, null, null);
    }
    if (!Epoll.isAvailable()) {
      LOG.warn("NOTIFY_SOCKET is set but Netty's epoll transport is unavailable ({}); "
          + "systemd will not see READY=1", Epoll.unavailabilityCause().toString());
      return new SystemdNotifier(null, null, null);
    }
    String path = socket.startsWith("@") ? "\0" + socket.substring(1) : socket;
    EventLoopGroup group = new MultiThreadIoEventLoopGroup(1, EpollIoHandler.newFactory());
    Channel ch =
        new Bootstrap()
            .group(group)
            .channel(EpollDomainDatagramChannel.class)
            .handler(new ChannelInboundHandlerAdapter())
            .connect(new DomainSocketAddress(path))
            .awaitUninterruptibly()
            .channel();
    if (!ch.isActive()) {
      LOG.warn("cannot reach NOTIFY_SOCKET {}; systemd will not see READY=1", socket);
      ch.close();
      group.shutdownGracefully(0, 1, TimeUnit.SECONDS);
      return new SystemdNotifier(null, null, null);
    }
    SystemdNotifier n = new SystemdNotifier(group, ch, new DomainSocketAddress(path));
    long watchdogUsec = parseLong(env.get("WATCHDOG_USEC"));
    if (watchdogUsec > 0) {
      long periodMs = Math.max(1, watchdogUsec / 2000);
      group.scheduleAtFixedRate(
          () -> {
            String failed = failure.get();
            n.send(failed == null ? "WATCHDOG=1\nSTATUS=" + status.get() : "STATUS=" + failed);
          },
          periodMs,
          periodMs,
          TimeUnit.MILLISECONDS);
    }
    return n;
  }

  private static long parseLong(String s) {
    try {
      return s == null ? 0 : Long.parseLong(s.trim());
    } catch (NumberFormatException e) {
      return 0;
    }
  }

  /** True when running under systemd with a notify socket. */
  public boolean enabled() {
    return channel != null;
  }

  /** Startup is complete: listeners up, config loaded. */
  public void ready(String status) {
    send("READY=1\nSTATUS=" + status + "\nMAINPID=" + ProcessHandle.current().pid());
  }

  /** A reload (SIGHUP) began; call {@link #ready} when it is done. */
  public void reloading() {
    send("RELOADING=1\nMONOTONIC_USEC=" + TimeUnit.NANOSECONDS.toMicros(System.nanoTime()));
  }

  public void status(String status) {
    send("STATUS=" + status);
  }

  public void stopping() {
    send("STOPPING=1");
  }

  private void send(String message) {
    if (channel == null) {
      return;
    }
    channel
        .writeAndFlush(Unpooled.copiedBuffer(message, StandardCharsets.UTF_8))
        .addListener(f -> {
          if (!f.isSuccess()) {
            LOG.warn("sd_notify to {} failed: {}", target.path().replace('\0', '@'), f.cause().toString());
          }
        });
  }

  @Override
  public void close() {
    if (channel != null) {
      channel.close().awaitUninterruptibly(Duration.ofSeconds(1).toMillis());
      group.shutdownGracefully(0, 1, TimeUnit.SECONDS).awaitUninterruptibly(2, TimeUnit.SECONDS);
    }
  }
}
