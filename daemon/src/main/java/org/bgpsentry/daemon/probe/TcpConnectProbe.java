package org.bgpsentry.daemon.probe;

import io.netty.bootstrap.Bootstrap;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFuture;
import io.netty.channel.ChannelHandler;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.ChannelOption;
import io.netty.channel.ConnectTimeoutException;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.socket.nio.NioSocketChannel;
import java.net.ConnectException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.UnknownHostException;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.function.Consumer;
import org.bgpsentry.codec.model.nlri.IpAddress;

/**
 * One TCP connect-time probe (RFC 9293 §3.5 three-way handshake): the RTT is the time from sending
 * the SYN to the SYN-ACK (connection established) or to the RST (connection refused: the host
 * answered, the port is closed). A connect that sees neither within the timeout, or ends in an ICMP
 * error, tries the next port; when no port answers the probe is lost. An established connection is
 * closed at once with SO_LINGER 0 (RST), so probes leave no TIME_WAIT sockets behind.
 */
final class TcpConnectProbe {
  private final Bootstrap bootstrap;

  /** The pipeline of a probe channel: nothing is ever read or written. */
  @ChannelHandler.Sharable
  private static final class NoRead extends ChannelInboundHandlerAdapter {
    static final NoRead INSTANCE = new NoRead();
  }

  TcpConnectProbe(EventLoopGroup group, Duration timeout) {
    this.bootstrap =
        new Bootstrap()
            .group(group)
            .channel(NioSocketChannel.class)
            .option(ChannelOption.CONNECT_TIMEOUT_MILLIS, (int) Math.max(1, timeout.toMillis()))
            .option(ChannelOption.SO_LINGER, 0)
            .option(ChannelOption.AUTO_READ, false)
            .handler(NoRead.INSTANCE);
  }

  /** Probes {@code target} on {@code ports} in order; {@code done} runs once, on the event loop. */
  void probe(IpAddress target, Instant at, List<Integer> ports, Consumer<ProbeResult> done) {
    InetAddress address;
    try {
      address = InetAddress.getByAddress(target.bytes());
    } catch (UnknownHostException e) {
      throw new IllegalArgumentException("invalid probe target " + target, e);
    }
    attempt(address, target, at, ports, 0, "no port tried", done);
  }

  private void attempt(
      InetAddress address,
      IpAddress target,
      Instant at,
      List<Integer> ports,
      int index,
      String lastFailure,
      Consumer<ProbeResult> done) {
    if (index == ports.size()) {
      done.accept(new ProbeResult.Lost(target, at, lastFailure));
      return;
    }
    int port = ports.get(index);
    ChannelFuture registered = bootstrap.register();
    registered.addListener(
        (ChannelFuture r) -> {
          if (!r.isSuccess()) {
            done.accept(new ProbeResult.Lost(target, at, "socket: " + r.cause()));
            return;
          }
          Channel ch = r.channel();
          long sent = System.nanoTime();
          ch.connect(new InetSocketAddress(address, port))
              .addListener(
                  (ChannelFuture c) -> {
                    Duration rtt = Duration.ofNanos(System.nanoTime() - sent);
                    ch.close();
                    if (c.isSuccess()) {
                      done.accept(new ProbeResult.Answered(target, at, port, rtt, false));
                    } else if (isRefused(c.cause())) {
                      done.accept(new ProbeResult.Answered(target, at, port, rtt, true));
                    } else {
                      String failure =
                          c.cause() instanceof ConnectTimeoutException
                              ? "timeout on port " + port
                              : "port " + port + ": " + c.cause().getMessage();
                      attempt(address, target, at, ports, index + 1, failure, done);
                    }
                  });
        });
  }

  /** ECONNREFUSED: the JDK's ConnectException "Connection refused", i.e. a RST to our SYN. */
  private static boolean isRefused(Throwable cause) {
    return cause instanceof ConnectException
        && !(cause instanceof ConnectTimeoutException)
        && cause.getMessage() != null
        && cause.getMessage().contains("Connection refused");
  }
}
