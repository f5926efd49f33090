package org.bgpsentry.daemon.http;

import io.netty.bootstrap.ServerBootstrap;
import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandler;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelPipeline;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.SimpleChannelInboundHandler;
import io.netty.channel.nio.NioIoHandler;
import io.netty.channel.socket.SocketChannel;
import io.netty.channel.socket.nio.NioServerSocketChannel;
import io.netty.handler.codec.http.DefaultFullHttpResponse;
import io.netty.handler.codec.http.FullHttpRequest;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaderValues;
import io.netty.handler.codec.http.HttpMessage;
import io.netty.handler.codec.http.HttpObjectAggregator;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpServerCodec;
import io.netty.handler.codec.http.HttpUtil;
import io.netty.handler.codec.http.HttpVersion;
import io.netty.handler.codec.http.HttpHeaders;
import io.netty.handler.timeout.ReadTimeoutHandler;
import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The HTTP listener of docs/api.md on {@code http.listen}: API and metrics on one port. Netty
 * HTTP/1.1 with keep-alive; bodies over 1 MiB get 413; the API itself runs on two threads off
 * the event loop because registry edits fsync and reloads read files.
 */
public final class HttpApiServer implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(HttpApiServer.class);
  /** docs/api.md: requests larger than 1 MiB are refused. */
  public static final int MAX_REQUEST_BYTES = 1 << 20;
  private static final int MAX_HEADER_BYTES = 16 * 1024;

  private final EventLoopGroup group = new MultiThreadIoEventLoopGroup(1, NioIoHandler.newFactory());
  private final ExecutorService apiExecutor =
      new ThreadPoolExecutor(2, 2, 0, TimeUnit.SECONDS, new ArrayBlockingQueue<>(256),
          r -> Thread.ofPlatform().daemon().name("http-api").unstarted(r), new ThreadPoolExecutor.AbortPolicy());
  private final Channel channel;

  /** Binds {@code listen} (port 0 picks a free one) and serves {@code api}. */
  public HttpApiServer(InetSocketAddress listen, HttpApi api) throws InterruptedException {
    this(listen, api, null);
  }

  /**
   * Serves {@code api}, with a handler from {@code front} (null: none) before it on each
   * connection, which answers what it owns (the status page, docs/operators-guide.md "The status page") and passes the rest.
   */
  public HttpApiServer(InetSocketAddress listen, HttpApi api, Supplier<ChannelHandler> front) throws InterruptedException {
    try {
      channel =
          new ServerBootstrap()
              .group(group)
              .channel(NioServerSocketChannel.class)
              .childHandler(
                  new ChannelInitializer<SocketChannel>() {
                    @Override
                    protected void initChannel(SocketChannel c) {
                      c.pipeline()
                          .addLast(new ReadTimeoutHandler(60))
                          .addLast(new HttpServerCodec(4096, MAX_HEADER_BYTES, 8192))
                          .addLast(new LimitedAggregator());
                      if (front != null) {
                        c.pipeline().addLast(front.get());
                      }
                      c.pipeline().addLast(new Handler(api, apiExecutor));
                    }
                  })
              .bind(listen)
              .sync()
              .channel();
    } catch (RuntimeException | InterruptedException e) {
      close();
      throw e;
    } catch (Exception e) { // Netty's sync() rethrows a bind failure as it is (BindException)
      close();
      throw new IllegalStateException("cannot listen for HTTP on " + listen + " (http.listen): " + e, e);
    }
    LOG.info("HTTP API and metrics on {}", channel.localAddress());
  }

  public InetSocketAddress localAddress() {
    return (InetSocketAddress) channel.localAddress();
  }

  @Override
  public void close() {
    if (channel != null) {
      channel.close().awaitUninterruptibly(2, TimeUnit.SECONDS);
    }
    group.shutdownGracefully(0, 2, TimeUnit.SECONDS).awaitUninterruptibly(3, TimeUnit.SECONDS);
    apiExecutor.shutdownNow();
  }

  /**
   * Aggregates bodies up to 1 MiB; larger ones get a JSON 413 and the connection closes. The close
   * lingers (as nginx's {@code lingering_close}): our side is shut down for output at once, and
   * what the client still sends is read and discarded until it closes or {@link
   * #LINGER_SECONDS} pass. Closing a socket with unread input makes the kernel send a reset,
   * which can destroy the 413 before the client has read it.
   */
  private static final class LimitedAggregator extends HttpObjectAggregator {
    private static final int LINGER_SECONDS = 30; // nginx lingering_time

    LimitedAggregator() {
      super(MAX_REQUEST_BYTES, true);
    }

    /**
     * An oversized body announced with {@code Expect: 100-continue} (curl's habit above 1 MiB)
     * gets the JSON 413 of {@link #handleOversizedMessage} too, not Netty's empty one: without a
     * continue response the aggregator checks the Content-Length and hands it there.
     */
    @Override
    protected Object newContinueResponse(HttpMessage start, int maxContentLength, ChannelPipeline pipeline) {
      if (HttpUtil.is100ContinueExpected(start) && HttpUtil.getContentLength(start, -1L) > maxContentLength) {
        return null;
      }
      return super.newContinueResponse(start, maxContentLength, pipeline);
    }

    @Override
    protected void handleOversizedMessage(ChannelHandlerContext ctx, HttpMessage oversized) {
      ApiResponse r =
          ApiResponse.error(
              HttpResponseStatus.REQUEST_ENTITY_TOO_LARGE,
              "request body larger than " + MAX_REQUEST_BYTES + " bytes (expected: at most 1 MiB)");
      FullHttpResponse resp = toNetty(r);
      resp.headers().set(HttpHeaderNames.CONNECTION, HttpHeaderValues.CLOSE);
      ctx.writeAndFlush(resp)
          .addListener(
              (ChannelFutureListener)
                  f -> {
                    if (!f.isSuccess() || !(f.channel() instanceof SocketChannel c)) {
                      f.channel().close();
                      return;
                    }
                    c.shutdownOutput();
                    c.eventLoop().schedule(() -> c.close(), LINGER_SECONDS, TimeUnit.SECONDS);
                  });
    }
  }

  private static FullHttpResponse toNetty(ApiResponse r) {
    return toNetty(r, false);
  }

  /** {@code head}: the GET's status and headers (its Content-Length too), no body (RFC 9110 §9.3.2). */
  private static FullHttpResponse toNetty(ApiResponse r, boolean head) {
    FullHttpResponse resp =
        new DefaultFullHttpResponse(
            HttpVersion.HTTP_1_1, r.status(), head ? Unpooled.EMPTY_BUFFER : Unpooled.wrappedBuffer(r.body()));
    resp.headers().set(HttpHeaderNames.CONTENT_TYPE, r.contentType());
    resp.headers().setInt(HttpHeaderNames.CONTENT_LENGTH, r.body().length);
    r.headers().forEach((k, v) -> resp.headers().set(k, v));
    return resp;
  }

  /**
   * Copies each complete request off the event loop and runs {@link HttpApi} on the API
   * executor (it may fsync or read files); a full executor answers 503.
   */
  private static final class Handler extends SimpleChannelInboundHandler<FullHttpRequest> {
    private final HttpApi api;
    private final ExecutorService executor;

    Handler(HttpApi api, ExecutorService executor) {
      this.api = api;
      this.executor = executor;
    }

    @Override
    protected void channelRead0(ChannelHandlerContext ctx, FullHttpRequest req) {
      boolean keepAlive = HttpUtil.isKeepAlive(req) && req.decoderResult().isSuccess();
      if (!req.decoderResult().isSuccess()) {
        String why = "malformed HTTP request: " + req.decoderResult().cause().getMessage();
        write(ctx, ApiResponse.error(HttpResponseStatus.BAD_REQUEST, why), false);
        return;
      }
      byte[] body = new byte[req.content().readableBytes()];
      req.content().readBytes(body);
      String method = req.method().name();
      String uri = req.uri();
      HttpHeaders headers = req.headers().copy();
      // One request at a time per connection, so pipelined answers keep their order.
      ctx.channel().config().setAutoRead(false);
      try {
        SocketAddress client = ctx.channel().remoteAddress();
        executor.execute(() -> answer(ctx, client, method, uri, headers, body, keepAlive));
      } catch (RejectedExecutionException e) {
        write(ctx, ApiResponse.error(HttpResponseStatus.SERVICE_UNAVAILABLE, "too many requests in progress (expected: retry later)"), false);
      }
    }

    /**
     * Writes the API's answer. A view that fails (the BGP loop not answering within its timeout,
     * say) still gets one: 503 {"error"} and a log line; an Error gets 500, then goes on up.
     */
    private void answer(
        ChannelHandlerContext ctx,
        SocketAddress client,
        String method,
        String uri,
        HttpHeaders headers,
        byte[] body,
        boolean keepAlive) {
      ApiResponse r;
      boolean head = method.equals("HEAD"); // RFC 9110 §9.3.2: answered as the GET, without its body
      try {
        r = api.handle(client, head ? "GET" : method, uri, headers::get, body);
      } catch (RuntimeException e) {
        LOG.warn("HTTP {} {} from {} failed: {}", method, uri, client, e.toString(), e);
        r = ApiResponse.error(
            HttpResponseStatus.SERVICE_UNAVAILABLE,
            "request failed: " + e.getMessage() + " (expected: retry later)");
      } catch (Error e) {
        LOG.error("HTTP {} {} from {} failed: {}", method, uri, client, e.toString(), e);
        write(ctx, ApiResponse.error(HttpResponseStatus.INTERNAL_SERVER_ERROR, "internal error: " + e), false);
        throw e;
      }
      write(ctx, r, keepAlive, head);
    }

    private static void write(ChannelHandlerContext ctx, ApiResponse r, boolean keepAlive) {
      write(ctx, r, keepAlive, false);
    }

    private static void write(ChannelHandlerContext ctx, ApiResponse r, boolean keepAlive, boolean head) {
      FullHttpResponse resp = toNetty(r, head);
      HttpUtil.setKeepAlive(resp, keepAlive);
      var f = ctx.writeAndFlush(resp);
      if (keepAlive) {
        f.addListener(done -> ctx.channel().config().setAutoRead(true));
      } else {
        f.addListener(ChannelFutureListener.CLOSE);
      }
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
      LOG.debug("HTTP connection {} closed: {}", ctx.channel().remoteAddress(), cause.toString());
      ctx.close();
    }
  }
}
