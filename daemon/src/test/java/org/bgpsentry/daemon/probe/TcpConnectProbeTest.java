package org.bgpsentry.daemon.probe;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.netty.channel.EventLoopGroup;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.nio.NioIoHandler;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.bgpsentry.codec.model.nlri.IpAddress;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

class TcpConnectProbeTest {
  /**
   * The connect timeout: the default 2 s, far above a loopback RTT, so that a loaded machine
   * delaying the probe's event loop does not turn an answer into a timeout.
   */
  private static final Duration TIMEOUT = Duration.ofSeconds(2);
  private static EventLoopGroup group;
  private static LoopbackTargets targets;

  @BeforeAll
  static void setUp() throws IOException {
    group = new MultiThreadIoEventLoopGroup(1, NioIoHandler.newFactory());
    targets = new LoopbackTargets();
  }

  @AfterAll
  static void tearDown() throws IOException {
    targets.close();
    group.shutdownGracefully(0, 1, TimeUnit.SECONDS).syncUninterruptibly();
  }

  private static ProbeResult probe(String address, List<Integer> ports) throws Exception {
    CompletableFuture<ProbeResult> done = new CompletableFuture<>();
    new TcpConnectProbe(group, TIMEOUT)
        .probe(IpAddress.parse(address), Instant.EPOCH, ports, done::complete);
    return done.get(30, TimeUnit.SECONDS);
  }

  @Test
  void synAckIsAnsweredWithRtt() throws Exception {
    ProbeResult r = probe(LoopbackTargets.OPEN, List.of(targets.port));
    assertThat(r).isInstanceOfSatisfying(
        ProbeResult.Answered.class,
        a -> {
          assertThat(a.refused()).isFalse();
          assertThat(a.port()).isEqualTo(targets.port);
          assertThat(a.rtt()).isPositive().isLessThan(TIMEOUT);
        });
  }

  @Test
  void rstOfClosedPortIsAnsweredWithRtt() throws Exception {
    ProbeResult r = probe(LoopbackTargets.CLOSED, List.of(targets.port));
    assertThat(r).isInstanceOfSatisfying(
        ProbeResult.Answered.class,
        a -> {
          assertThat(a.refused()).isTrue();
          assertThat(a.rtt()).isPositive().isLessThan(TIMEOUT);
        });
  }

  @Test
  void unansweredSynIsLostAfterTimeout() throws Exception {
    long t0 = System.nanoTime();
    ProbeResult r = probe(LoopbackTargets.SILENT, List.of(targets.port));
    assertThat(Duration.ofNanos(System.nanoTime() - t0)).isGreaterThanOrEqualTo(TIMEOUT);
    assertThat(r).isInstanceOfSatisfying(
        ProbeResult.Lost.class, l -> assertThat(l.reason()).isEqualTo("timeout on port " + targets.port));
  }

  @Test
  void portsAreTriedInOrderUntilOneAnswers() throws Exception {
    try (ServerSocket second = new ServerSocket()) {
      second.bind(new InetSocketAddress(InetAddress.getByName(LoopbackTargets.SILENT), 0));
      ProbeResult r = probe(LoopbackTargets.SILENT, List.of(targets.port, second.getLocalPort()));
      assertThat(r).isInstanceOfSatisfying(
          ProbeResult.Answered.class,
          a -> {
            assertThat(a.port()).isEqualTo(second.getLocalPort());
            assertThat(a.rtt()).isLessThan(TIMEOUT);
          });
    }
  }

  @Test
  void ipv6TargetIsProbedToo() throws Exception {
    assumeTrue(hasIpv6Loopback(), "no ::1 on this machine");
    try (ServerSocket v6 = new ServerSocket()) {
      v6.bind(new InetSocketAddress(InetAddress.getByName("::1"), 0));
      ProbeResult r = probe("::1", List.of(v6.getLocalPort()));
      assertThat(r).isInstanceOfSatisfying(
          ProbeResult.Answered.class, a -> assertThat(a.refused()).isFalse());
    }
  }

  private static boolean hasIpv6Loopback() {
    try (ServerSocket s = new ServerSocket()) {
      s.bind(new InetSocketAddress(InetAddress.getByName("::1"), 0));
      return true;
    } catch (IOException e) {
      return false;
    }
  }
}
