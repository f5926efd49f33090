package org.bgpsentry.daemon.alert.webhook;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import java.util.LinkedHashMap;
import java.util.Map;
import org.bgpsentry.analytics.alert.Alert;
import org.bgpsentry.daemon.alert.AlertJson;
import org.bgpsentry.daemon.config.WebhookConfig;

/** Renders an alert transition as the POST one receiver format expects (docs/operators-guide.md "Webhooks"). */
public sealed interface WebhookFormatter
    permits JsonWebhook, SlackWebhook, TeamsWebhook, AlertmanagerWebhook, PagerDutyWebhook {

  /** The request for {@code alert}; {@code json} is the alert as {@code AlertJson.write} wrote it. */
  WebhookRequest render(Alert alert, byte[] json);

  /** The formatter of {@code config.format()}; {@code clock} dates Alertmanager's {@code endsAt}. */
  static WebhookFormatter of(WebhookConfig config, java.time.Clock clock) {
    return switch (config.format()) {
      case JSON -> new JsonWebhook(config);
      case SLACK -> new SlackWebhook(config);
      case TEAMS -> new TeamsWebhook(config);
      case ALERTMANAGER -> new AlertmanagerWebhook(config, clock);
      case PAGERDUTY -> new PagerDutyWebhook(config);
    };
  }

  /** Configured extra headers plus the JSON content type. */
  static Map<String, String> headers(WebhookConfig config) {
    Map<String, String> h = new LinkedHashMap<>(config.headers());
    h.put("Content-Type", "application/json");
    return h;
  }

  /** A POST of {@code body} as JSON to {@code uri}, with the configured headers. */
  static WebhookRequest request(java.net.URI uri, WebhookConfig config, JsonNode body) {
    try {
      return new WebhookRequest(uri, headers(config), AlertJson.MAPPER.writeValueAsBytes(body));
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("webhook body not serialisable", e);
    }
  }

  /**
   * The alert's facts a chat message lists, title to value, in this order, the empty ones left
   * out: registered prefix, prefix, customer, provider, location, origin, peers, first seen,
   * resolved.
   */
  static Map<String, String> facts(Alert a) {
    Map<String, String> f = new LinkedHashMap<>();
    f.put("Registered prefix", a.registeredPrefix());
    f.put("Prefix", a.prefix());
    f.put("Customer", a.customer());
    f.put("Provider", a.provider());
    f.put("Location", a.location());
    f.put("Origin", a.originAsn() < 0 ? "" : "AS" + a.originAsn());
    f.put("Peers", String.valueOf(a.peerCount()));
    f.put("First seen", AlertJson.time(a.firstSeen()));
    f.put("Resolved", AlertJson.time(a.resolvedAt()));
    f.values().removeIf(v -> v == null || v.isEmpty());
    return f;
  }

  /** A one-line title: {@code [FIRING] origin_hijack (critical) 203.0.113.0/24}. */
  static String title(Alert a) {
    return "[" + a.status().name() + "] " + a.type().wireName() + " (" + a.severity().wireName()
        + ") " + a.prefix();
  }
}
