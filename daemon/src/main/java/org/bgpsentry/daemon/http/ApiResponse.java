package org.bgpsentry.daemon.http;

import com.fasterxml.jackson.core.JsonProcessingException;
import io.netty.handler.codec.http.HttpResponseStatus;
import java.util.Map;

/** A complete HTTP answer: status, content type, extra headers and body. */
record ApiResponse(HttpResponseStatus status, String contentType, Map<String, String> headers, byte[] body) {
  static final String JSON = "application/json";

  static ApiResponse json(HttpResponseStatus status, Object value) {
    try {
      return new ApiResponse(status, JSON, Map.of(), HttpApi.MAPPER.writeValueAsBytes(value));
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("response not serialisable", e);
    }
  }

  static ApiResponse ok(Object value) {
    return json(HttpResponseStatus.OK, value);
  }

  /** {@code {"error": "..."}} (docs/api.md). */
  static ApiResponse error(HttpResponseStatus status, String message) {
    return json(status, Map.of("error", message));
  }

  ApiResponse withHeader(String name, String value) {
    Map<String, String> h = new java.util.LinkedHashMap<>(headers);
    h.put(name, value);
    return new ApiResponse(status, contentType, h, body);
  }

  /** A failed request: the status and the message for {@code {"error": ...}}. */
  static final class Failure extends Exception {
    private static final long serialVersionUID = 1L;
    private final transient HttpResponseStatus status;
    private final String headerName;
    private final String headerValue;

    Failure(HttpResponseStatus status, String message) {
      this(status, message, null, null);
    }

    /** A failure whose answer carries one header ({@code Allow}, {@code WWW-Authenticate}). */
    Failure(HttpResponseStatus status, String message, String headerName, String headerValue) {
      super(message, null, false, false);
      this.status = status;
      this.headerName = headerName;
      this.headerValue = headerValue;
    }

    ApiResponse response() {
      ApiResponse r = error(status, getMessage());
      return headerName == null ? r : r.withHeader(headerName, headerValue);
    }
  }
}
