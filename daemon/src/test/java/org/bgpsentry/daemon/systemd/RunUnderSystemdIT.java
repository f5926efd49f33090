package org.bgpsentry.daemon.systemd;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.netty.bootstrap.Bootstrap;
import io.netty.channel.Channel;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.SimpleChannelInboundHandler;
import io.netty.channel.epoll.Epoll;
import io.netty.channel.epoll.EpollDomainDatagramChannel;
import io.netty.channel.epoll.EpollIoHandler;
import io.netty.channel.unix.DomainDatagramPacket;
import io.netty.channel.unix.DomainSocketAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code bin/bgpsentry run} as systemd's {@code Type=notify} sees it: READY=1 once up,
 * RELOADING=1 then READY=1 on SIGHUP, STOPPING=1 and exit 0 on SIGTERM, WATCHDOG=1 meanwhile.
 */
class RunUnderSystemdIT {
  @TempDir Path dir;

  @Test
  void notifiesReadyReloadingWatchdogAndStopping() throws Exception {
    assumeTrue(Epoll.isAvailable(), "epoll transport unavailable");
    Path socket = dir.resolve("notify.sock");
    BlockingQueue<String> received = new LinkedBlockingQueue<>();
    EventLoopGroup group = new MultiThreadIoEventLoopGroup(1, EpollIoHandler.newFactory());
    Channel receiver =
        new Bootstrap()
            .group(group)
            .channel(EpollDomainDatagramChannel.class)
            .handler(
                new SimpleChannelInboundHandler<DomainDatagramPacket>() {
                  @Override
                  protected void channelRead0(ChannelHandlerContext ctx, DomainDatagramPacket p) {
                    received.add(p.content().toString(StandardCharsets.UTF_8));
                  }
                })
            .bind(new DomainSocketAddress(socket.toString()))
            .syncUninterruptibly()
            .channel();
    Path config = dir.resolve("bgpsentry.yml");
    Files.writeString(
        config,
        String.join(
            "\n",
            "bgp:",
            "  listen: 127.0.0.1:" + freePort(),
            "  local_asn: 64512",
            "  router_id: 192.0.2.1",
            "peers:",
            "  - name: edge1",
            "    address: 127.0.0.9",
            "    remote_asn: 64500",
            "http:",
            "  listen: 127.0.0.1:" + freePort(),
            "state_dir: " + dir.resolve("state"),
            ""));
    ProcessBuilder pb =
        new ProcessBuilder(root().resolve("bin/bgpsentry").toString(), "run", "--config", config.toString())
            .redirectErrorStream(true)
            .redirectOutput(dir.resolve("daemon.log").toFile());
    pb.environment().put("NOTIFY_SOCKET", socket.toString());
    pb.environment().put("WATCHDOG_USEC", "1000000");
    Process p = pb.start();
    try {
      assertThat(next(received, "READY=1", 60)).containsPattern("STATUS=0/[01] sessions established");
      assertThat(next(received, "WATCHDOG=1", 10)).contains("STATUS=");
      new ProcessBuilder("kill", "-HUP", Long.toString(p.pid())).start().waitFor();
      next(received, "RELOADING=1", 10);
      next(received, "READY=1", 10);
      p.destroy(); // SIGTERM
      next(received, "STOPPING=1", 10);
      assertThat(p.waitFor(15, TimeUnit.SECONDS)).isTrue();
      assertThat(p.exitValue()).as(Files.readString(dir.resolve("daemon.log"))).isZero();
    } finally {
      p.destroyForcibly();
      receiver.close().syncUninterruptibly();
      group.shutdownGracefully(0, 1, TimeUnit.SECONDS).syncUninterruptibly();
    }
  }

  /** The next datagram starting with {@code prefix}, skipping others (e.g. watchdog pings). */
  private static String next(BlockingQueue<String> q, String prefix, int seconds) throws InterruptedException {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(seconds);
    while (System.nanoTime() < deadline) {
      String m = q.poll(deadline - System.nanoTime(), TimeUnit.NANOSECONDS);
      if (m != null && m.startsWith(prefix)) {
        return m;
      }
    }
    throw new AssertionError("no " + prefix + " within " + seconds + " s");
  }

  private static int freePort() throws Exception {
    try (ServerSocket s = new ServerSocket(0)) {
      return s.getLocalPort();
    }
  }

  private static Path root() {
    Path p = Path.of("").toAbsolutePath();
    while (p != null && !Files.exists(p.resolve("bin/bgpsentry"))) {
      p = p.getParent();
    }
    if (p == null) {
      throw new IllegalStateException("bin/bgpsentry not found above the working directory");
    }
    return p;
  }
}
