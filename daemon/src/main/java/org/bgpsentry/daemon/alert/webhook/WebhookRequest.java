package org.bgpsentry.daemon.alert.webhook;

import java.net.URI;
import java.util.Map;

/** One HTTP POST to a webhook receiver: where, extra headers, and the body (JSON). */
public record WebhookRequest(URI uri, Map<String, String> headers, byte[] body) {
  public WebhookRequest {
    headers = Map.copyOf(headers);
  }
}
