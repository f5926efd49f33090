package org.bgpsentry.daemon.source;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.netty.bootstrap.ServerBootstrap;
import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.SimpleChannelInboundHandler;
import io.netty.channel.nio.NioIoHandler;
import io.netty.channel.socket.SocketChannel;
import io.netty.channel.socket.nio.NioServerSocketChannel;
import io.netty.handler.codec.http.HttpObjectAggregator;
import io.netty.handler.codec.http.HttpServerCodec;
import io.netty.handler.codec.http.websocketx.TextWebSocketFrame;
import io.netty.handler.codec.http.websocketx.WebSocketServerProtocolConfig;
import io.netty.handler.codec.http.websocketx.WebSocketServerProtocolHandler;
import io.netty.handler.ssl.SslContext;
import java.net.InetSocketAddress;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ThreadFactory;
import org.bgpsentry.codec.model.nlri.Prefix;

/**
 * A RIS Live server for tests, on loopback (https://ris-live.ripe.net/manual/): it takes {@code
 * ris_subscribe} and {@code ris_unsubscribe} per prefix (with {@code moreSpecific}), answers {@code
 * ping} with {@code pong} and an unknown request with {@code ris_error}, and {@link #publish}es a
 * {@code ris_message} only to the connections with a matching subscription (the prefix or, with
 * {@code moreSpecific}, one under it; RIS_PEER_STATE to those subscribed to that type). It can
 * also send anything raw, close mid-frame, drop every client, stop and start again on its port.
 */
final class RisLiveServer implements AutoCloseable {
  static final ObjectMapper JSON = new ObjectMapper();

  /** The request URI of every WebSocket handshake, in order. */
  final List<String> handshakes = new CopyOnWriteArrayList<>();

  /** Every text frame a client sent, in order (subscriptions, pings...). */
  final List<JsonNode> received = new CopyOnWriteArrayList<>();

  private final List<Client> clients = new CopyOnWriteArrayList<>();
  private final SslContext ssl;
  private final EventLoopGroup group;
  private Channel server;
  private int port;

  /** One connected client and its subscriptions. */
  private static final class Client {
    final Channel channel;
    final List<JsonNode> subscriptions = new CopyOnWriteArrayList<>();

    Client(Channel channel) {
      this.channel = channel;
    }
  }

  RisLiveServer(SslContext ssl) throws InterruptedException {
    this.ssl = ssl;
    ThreadFactory t = r -> Thread.ofPlatform().daemon().name("ris-live-server").unstarted(r);
    this.group = new MultiThreadIoEventLoopGroup(1, t, NioIoHandler.newFactory());
    start(0);
  }

  /** Listens on {@code port} (0: any) on 127.0.0.1. */
  void start(int wanted) throws InterruptedException {
    ServerBootstrap b = new ServerBootstrap()
        .group(group)
        .channel(NioServerSocketChannel.class)
        .childHandler(new ChannelInitializer<SocketChannel>() {
          @Override
          protected void initChannel(SocketChannel ch) {
            if (ssl != null) {
              ch.pipeline().addLast(ssl.newHandler(ch.alloc()));
            }
            ch.pipeline().addLast(new HttpServerCodec());
            ch.pipeline().addLast(new HttpObjectAggregator(65536));
            ch.pipeline().addLast(new WebSocketServerProtocolHandler(WebSocketServerProtocolConfig.newBuilder()
                .websocketPath("/v1/ws/").checkStartsWith(true).maxFramePayloadLength(1 << 20).build()));
            ch.pipeline().addLast(new Handler());
          }
        });
    server = b.bind("127.0.0.1", wanted).sync().channel();
    port = ((InetSocketAddress) server.localAddress()).getPort();
  }

  int port() {
    return port;
  }

  String url(boolean tls) {
    return (tls ? "wss" : "ws") + "://" + (tls ? "localhost" : "127.0.0.1") + ":" + port + "/v1/ws/?client=bgpsentry-test";
  }

  /** Stops listening and drops every client (a server restart's first half). */
  void stop() throws InterruptedException {
    server.close().sync();
    disconnectAll();
  }

  void disconnectAll() {
    for (Client c : clients) {
      c.channel.close();
    }
    clients.clear();
  }

  int clientCount() {
    return clients.size();
  }

  /** Prefixes (or "RIS_PEER_STATE") currently subscribed by the connected clients. */
  List<String> subscribed() {
    List<String> out = new ArrayList<>();
    for (Client c : clients) {
      for (JsonNode s : c.subscriptions) {
        out.add(s.has("prefix") ? s.get("prefix").asText() : s.path("type").asText());
      }
    }
    return out;
  }

  /** Sends {@code data} as a {@code ris_message} to the clients whose subscriptions match it. */
  int publish(ObjectNode data) {
    ObjectNode m = JSON.createObjectNode();
    m.put("type", "ris_message");
    m.set("data", data);
    String text = m.toString();
    int sent = 0;
    for (Client c : clients) {
      if (c.subscriptions.stream().anyMatch(s -> matches(s, data))) {
        c.channel.writeAndFlush(new TextWebSocketFrame(text));
        sent++;
      }
    }
    return sent;
  }

  private static boolean matches(JsonNode sub, JsonNode data) {
    String type = data.path("type").asText();
    if (sub.has("type") && !sub.get("type").asText().equals(type)) {
      return false;
    }
    if (sub.has("host") && !sub.get("host").asText().equals(data.path("host").asText())) {
      return false;
    }
    if (!sub.has("prefix")) {
      return true;
    }
    Prefix p = Prefix.parse(sub.get("prefix").asText());
    boolean more = sub.path("moreSpecific").asBoolean(false);
    List<String> prefixes = new ArrayList<>();
    data.path("withdrawals").forEach(w -> prefixes.add(w.asText()));
    data.path("announcements").forEach(a -> a.path("prefixes").forEach(x -> prefixes.add(x.asText())));
    return prefixes.stream().map(Prefix::parse).anyMatch(q -> q.equals(p) || (more && p.covers(q)));
  }

  /** Sends {@code text} as one text frame to every client, as it is. */
  void sendRaw(String text) {
    clients.forEach(c -> c.channel.writeAndFlush(new TextWebSocketFrame(text)));
  }

  /**
   * Writes the start of a text frame announcing {@code declared} payload bytes, then only a few of
   * them, and closes (RFC 6455 §5.2 framing, unmasked as from a server).
   */
  void closeMidFrame(int declared) {
    for (Client c : clients) {
      byte[] head = {(byte) 0x81, 126, (byte) (declared >>> 8), (byte) declared, '{', '"', 't'};
      c.channel.writeAndFlush(Unpooled.wrappedBuffer(head)).addListener(f -> c.channel.close());
    }
    clients.clear();
  }

  private final class Handler extends SimpleChannelInboundHandler<TextWebSocketFrame> {
    private Client client;

    @Override
    public void userEventTriggered(ChannelHandlerContext ctx, Object evt) throws Exception {
      if (evt instanceof WebSocketServerProtocolHandler.HandshakeComplete h) {
        handshakes.add(h.requestUri());
        client = new Client(ctx.channel());
        clients.add(client);
      }
      super.userEventTriggered(ctx, evt);
    }

    @Override
    protected void channelRead0(ChannelHandlerContext ctx, TextWebSocketFrame frame) throws Exception {
      JsonNode m = JSON.readTree(frame.text());
      received.add(m);
      JsonNode data = m.path("data");
      switch (m.path("type").asText()) {
        case "ping" -> ctx.writeAndFlush(new TextWebSocketFrame("{\"type\":\"pong\",\"data\":null}"));
        case "ris_subscribe" -> {
          client.subscriptions.add(data);
          if (data.path("socketOptions").path("acknowledge").asBoolean(false)) {
            ctx.writeAndFlush(new TextWebSocketFrame("{\"type\":\"ris_subscribe_ok\",\"data\":{\"subscription\":"
                + data + ",\"socketOptions\":" + data.path("socketOptions") + "}}"));
          }
        }
        case "ris_unsubscribe" -> client.subscriptions.removeIf(s -> s.path("prefix").equals(data.path("prefix"))
            && s.path("type").equals(data.path("type")));
        default -> ctx.writeAndFlush(new TextWebSocketFrame(
            "{\"type\":\"ris_error\",\"data\":{\"message\":\"Unknown message type " + m.path("type").asText() + "\"}}"));
      }
    }

    @Override
    public void channelInactive(ChannelHandlerContext ctx) throws Exception {
      clients.remove(client);
      super.channelInactive(ctx);
    }
  }

  @Override
  public void close() throws InterruptedException {
    if (server != null) {
      server.close().sync();
    }
    disconnectAll();
    group.shutdownGracefully(0, 1, java.util.concurrent.TimeUnit.SECONDS).sync();
  }
}
