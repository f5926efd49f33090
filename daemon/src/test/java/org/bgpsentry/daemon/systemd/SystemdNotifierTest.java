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
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** sd_notify datagrams arrive at a real AF_UNIX datagram socket standing in for systemd. */
class SystemdNotifierTest {
  @TempDir Path dir;
  private EventLoopGroup group;
  private Channel receiver;
  private final BlockingQueue<String> received = new LinkedBlockingQueue<>();
  private Path socket;

  @BeforeEach
  void bindReceiver() {
    assumeTrue(Epoll.isAvailable(), "epoll transport unavailable");
    socket = dir.resolve("notify.sock");
    group = new MultiThreadIoEventLoopGroup(1, EpollIoHandler.newFactory());
    receiver =
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
  }

  @AfterEach
  void close() {
    if (receiver != null) {
      receiver.close().syncUninterruptibly();
      group.shutdownGracefully(0, 1, TimeUnit.SECONDS).syncUninterruptibly();
    }
  }

  @Test
  void readyStatusReloadingStopping() throws Exception {
    try (SystemdNotifier n = SystemdNotifier.create(Map.of("NOTIFY_SOCKET", socket.toString()), () -> "x")) {
      assertThat(n.enabled()).isTrue();
      n.ready("2/2 peers established");
      assertThat(received.poll(5, TimeUnit.SECONDS))
          .startsWith("READY=1\nSTATUS=2/2 peers established\nMAINPID=" + ProcessHandle.current().pid());
      n.reloading();
      assertThat(received.poll(5, TimeUnit.SECONDS)).startsWith("RELOADING=1\nMONOTONIC_USEC=");
      n.stopping();
      assertThat(received.poll(5, TimeUnit.SECONDS)).isEqualTo("STOPPING=1");
    }
  }

  @Test
  void watchdogEveryHalfPeriodWithStatus() throws Exception {
    Map<String, String> env = Map.of("NOTIFY_SOCKET", socket.toString(), "WATCHDOG_USEC", "200000");
    try (SystemdNotifier n = SystemdNotifier.create(env, () -> "1 alert firing")) {
      assertThat(received.poll(5, TimeUnit.SECONDS)).isEqualTo("WATCHDOG=1\nSTATUS=1 alert firing");
      assertThat(received.poll(5, TimeUnit.SECONDS)).isEqualTo("WATCHDOG=1\nSTATUS=1 alert firing");
    }
  }

  @Test
  void withoutNotifySocketNothingIsSent() throws Exception {
    try (SystemdNotifier n = SystemdNotifier.create(Map.of(), () -> "x")) {
      assertThat(n.enabled()).isFalse();
      n.ready("ignored");
      assertThat(received.poll(200, TimeUnit.MILLISECONDS)).isNull();
    }
  }
}
