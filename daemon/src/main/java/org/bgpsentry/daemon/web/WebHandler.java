package org.bgpsentry.daemon.web;

import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.WriteBufferWaterMark;
import io.netty.handler.codec.http.DefaultFullHttpResponse;
import io.netty.handler.codec.http.DefaultHttpContent;
import io.netty.handler.codec.http.DefaultHttpResponse;
import io.netty.handler.codec.http.FullHttpRequest;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaders;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.HttpResponse;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpUtil;
import io.netty.handler.codec.http.HttpVersion;
import io.netty.handler.codec.http.QueryStringDecoder;
import io.netty.handler.timeout.IdleStateHandler;
import io.netty.util.ReferenceCountUtil;
import java.nio.charset.StandardCharsets;

/**
 * In front of the API's handler on each HTTP connection: answers {@code GET /} and {@code
 * /web/<file>} from {@link StaticFiles} (ETag, {@code If-None-Match} -> 304, {@code
 * Content-Security-Policy: default-src 'self'}) and turns {@code GET /api/v1/events} into a
 * text/event-stream (docs/operators-guide.md "The status page"). Every other request goes on to the API unchanged.
 */
final class WebHandler extends ChannelInboundHandlerAdapter {
  static final String EVENTS = "/api/v1/events";
  private static final String CSP = "default-src 'self'";
  /** Revalidate every time: a 304 is cheap, and an upgraded daemon's files are seen at once. */
  private static final String CACHE = "no-cache";
  /** Unsent bytes of live events on a stream beyond which its client counts as stuck. */
  static final int STREAM_BACKLOG_BYTES = 4 << 20;

  private final StatusPage page;
  private static final String EVENT_STREAM = "text/event-stream; charset=utf-8";

  /** Set once this connection carries an event stream; later reads are ignored. */
  private EventLog.Subscriber stream;

  WebHandler(StatusPage page) {
    this.page = page;
  }

  @Override
  public void channelRead(ChannelHandlerContext ctx, Object msg) {
    if (stream != null) {
      ReferenceCountUtil.release(msg);
      return;
    }
    if (!(msg instanceof FullHttpRequest req) || !req.decoderResult().isSuccess()) {
      ctx.fireChannelRead(msg);
      return;
    }
    String uri = req.uri();
    int q = uri.indexOf('?');
    String path = q < 0 ? uri : uri.substring(0, q);
    String file = path.equals("/") ? "index.html" : path.startsWith("/web/") ? path.substring(5) : null;
    if (file == null && !path.equals(EVENTS)) {
      ctx.fireChannelRead(msg);
      return;
    }
    try {
      boolean head = req.method().equals(HttpMethod.HEAD);
      String allow = "GET, HEAD";
      if (!req.method().equals(HttpMethod.GET) && !head) {
        reply(ctx, req, error(HttpResponseStatus.METHOD_NOT_ALLOWED, "method " + req.method() + " not allowed (expected: " + allow + ")"), allow);
      } else if (file != null) {
        serve(ctx, req, file, head);
      } else {
        events(ctx, req, q < 0 ? "" : uri.substring(q + 1), head);
      }
    } finally {
      req.release();
    }
  }

  private void serve(ChannelHandlerContext ctx, FullHttpRequest req, String file, boolean head) {
    StaticFiles.Asset a = page.files().get(file);
    if (a == null) {
      reply(ctx, req, error(HttpResponseStatus.NOT_FOUND, "no such file: /web/" + file.replaceAll("[^\\x20-\\x7e]", "?")), null);
      return;
    }
    FullHttpResponse resp;
    if (StaticFiles.notModified(req.headers().get(HttpHeaderNames.IF_NONE_MATCH), a.etag())) {
      resp = new DefaultFullHttpResponse(HttpVersion.HTTP_1_1, HttpResponseStatus.NOT_MODIFIED);
    } else {
      resp =
          new DefaultFullHttpResponse(
              HttpVersion.HTTP_1_1, HttpResponseStatus.OK, head ? Unpooled.EMPTY_BUFFER : Unpooled.wrappedBuffer(a.body()));
      resp.headers().set(HttpHeaderNames.CONTENT_TYPE, a.contentType());
      resp.headers().setInt(HttpHeaderNames.CONTENT_LENGTH, a.body().length);
    }
    HttpHeaders h = resp.headers();
    h.set(HttpHeaderNames.ETAG, a.etag());
    h.set(HttpHeaderNames.CACHE_CONTROL, CACHE);
    h.set(HttpHeaderNames.CONTENT_SECURITY_POLICY, CSP);
    h.set("X-Content-Type-Options", "nosniff");
    h.set(HttpHeaderNames.X_FRAME_OPTIONS, "DENY");
    h.set("Referrer-Policy", "no-referrer");
    write(ctx, req, resp);
  }

  /**
   * Starts the event stream: headers, the reconnect delay, missed events, then live ones. The
   * last id seen is the {@code Last-Event-ID} header (a reconnecting EventSource sends it) or,
   * for a client that opens a new EventSource and so cannot set headers, {@code ?last_event_id=}.
   */
  private void events(ChannelHandlerContext ctx, FullHttpRequest req, String query, boolean head) {
    String lastId = req.headers().get("Last-Event-ID");
    if (!query.isEmpty()) {
      QueryStringDecoder qs = new QueryStringDecoder(query, false);
      var params = qs.parameters();
      if (!params.keySet().equals(java.util.Set.of("last_event_id")) || params.get("last_event_id").size() != 1) {
        reply(ctx, req, error(HttpResponseStatus.BAD_REQUEST,
            "unknown or repeated parameter in '" + query.replaceAll("[^\\x20-\\x7e]", "?") + "' (expected: last_event_id once, or none)"), null);
        return;
      }
      if (lastId == null) {
        lastId = params.get("last_event_id").getFirst();
      }
    }
    if (page.events().subscribers() >= StatusPage.MAX_STREAMS) {
      reply(ctx, req, error(HttpResponseStatus.SERVICE_UNAVAILABLE,
          "too many event streams open (" + StatusPage.MAX_STREAMS + ", expected: fewer clients)"), null);
      return;
    }
    if (head) { // RFC 9110 §9.3.2: the stream's headers, no stream
      FullHttpResponse resp = new DefaultFullHttpResponse(HttpVersion.HTTP_1_1, HttpResponseStatus.OK);
      resp.headers().set(HttpHeaderNames.CONTENT_TYPE, EVENT_STREAM);
      resp.headers().set(HttpHeaderNames.CACHE_CONTROL, "no-cache");
      write(ctx, req, resp);
      return;
    }
    // A stream is quiet in the client's direction: the read timeout must not end it; heartbeats
    // find dead clients instead.
    for (var e : ctx.pipeline().toMap().entrySet()) {
      if (e.getValue() instanceof IdleStateHandler) {
        ctx.pipeline().remove(e.getKey());
      }
    }
    HttpResponse resp = new DefaultHttpResponse(HttpVersion.HTTP_1_1, HttpResponseStatus.OK);
    resp.headers().set(HttpHeaderNames.CONTENT_TYPE, EVENT_STREAM);
    resp.headers().set(HttpHeaderNames.CACHE_CONTROL, "no-cache");
    resp.headers().set("X-Accel-Buffering", "no"); // nginx: pass events on at once
    HttpUtil.setTransferEncodingChunked(resp, true);
    ctx.write(resp);
    ctx.writeAndFlush(text("retry: " + StatusPage.RETRY_MILLIS + "\n: bgpsentry events\n\n"));
    var ch = ctx.channel();
    long[] replayedBytes = {0};
    stream =
        new EventLog.Subscriber() {
          @Override
          public void send(EventLog.Event e, boolean replayed) {
            if (!replayed && !ch.isWritable()) {
              // Too slow to keep up: drop it; the browser reconnects with Last-Event-ID.
              ch.close();
              return;
            }
            DefaultHttpContent chunk = text(e.wire());
            if (replayed) {
              replayedBytes[0] += chunk.content().readableBytes();
            }
            ch.writeAndFlush(chunk);
          }

          @Override
          public void position(String lastId) {
            ch.writeAndFlush(text("id: " + lastId + "\n\n"));
          }
        };
    ch.config().setWriteBufferWaterMark(new WriteBufferWaterMark(Integer.MAX_VALUE / 2, Integer.MAX_VALUE));
    page.events().subscribe(lastId, stream);
    // The replay (up to 1,000 events) is written whole; a live event finds the client stuck when
    // more than STREAM_BACKLOG_BYTES beyond it are still unsent.
    int high = (int) Math.min(Integer.MAX_VALUE, replayedBytes[0] + STREAM_BACKLOG_BYTES);
    ch.config().setWriteBufferWaterMark(new WriteBufferWaterMark(high / 2, high));
    // After subscribing: a stream already closed meanwhile is removed at once.
    ch.closeFuture().addListener(f -> page.events().unsubscribe(stream));
    page.streams().add(ch);
  }

  static DefaultHttpContent text(String s) {
    return new DefaultHttpContent(Unpooled.copiedBuffer(s, StandardCharsets.UTF_8));
  }

  private static FullHttpResponse error(HttpResponseStatus status, String message) {
    String json = "{\"error\":" + StatusPage.JSON.valueToTree(message) + "}";
    FullHttpResponse r =
        new DefaultFullHttpResponse(HttpVersion.HTTP_1_1, status, Unpooled.copiedBuffer(json, StandardCharsets.UTF_8));
    r.headers().set(HttpHeaderNames.CONTENT_TYPE, "application/json");
    r.headers().setInt(HttpHeaderNames.CONTENT_LENGTH, r.content().readableBytes());
    return r;
  }

  private static void reply(ChannelHandlerContext ctx, FullHttpRequest req, FullHttpResponse resp, String allow) {
    if (allow != null) {
      resp.headers().set(HttpHeaderNames.ALLOW, allow);
    }
    write(ctx, req, resp);
  }

  private static void write(ChannelHandlerContext ctx, FullHttpRequest req, FullHttpResponse resp) {
    boolean keepAlive = HttpUtil.isKeepAlive(req);
    HttpUtil.setKeepAlive(resp, keepAlive);
    var f = ctx.writeAndFlush(resp);
    if (!keepAlive) {
      f.addListener(ChannelFutureListener.CLOSE);
    }
  }
}
