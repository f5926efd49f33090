package org.bgpsentry.daemon.alert.webhook;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.net.URI;
import org.bgpsentry.analytics.alert.Alert;
import org.bgpsentry.analytics.alert.AlertStatus;
import org.bgpsentry.daemon.alert.AlertJson;
import org.bgpsentry.daemon.config.WebhookConfig;

/**
 * Format {@code alertmanager}: Alertmanager API v2 {@code POST <url>/api/v2/alerts} with a
 * one-element array of postable alerts. Labels identify the alert (same for firing and resolve);
 * {@code endsAt} is set on resolve. While firing no {@code endsAt} is sent, so Alertmanager's
 * {@code resolve_timeout} must exceed {@code detection.repeat_interval}.
 */
public final class AlertmanagerWebhook implements WebhookFormatter {
  private final WebhookConfig config;
  private final URI endpoint;

  AlertmanagerWebhook(WebhookConfig config) {
    this.config = config;
    String base = config.url().toString();
    this.endpoint = URI.create((base.endsWith("/") ? base.substring(0, base.length() - 1) : base) + "/api/v2/alerts");
  }

  @Override
  public WebhookRequest render(Alert a, byte[] json) {
    ArrayNode root = AlertJson.MAPPER.createArrayNode();
    ObjectNode alert = root.addObject();
    ObjectNode labels = alert.putObject("labels");
    labels.put("alertname", a.type().wireName());
    labels.put("severity", a.severity().wireName());
    labels.put("key", a.key());
    labels.put("registered_prefix", a.registeredPrefix());
    labels.put("prefix", a.prefix());
    if (!a.customer().isEmpty()) {
      labels.put("customer", a.customer());
    }
    ObjectNode annotations = alert.putObject("annotations");
    annotations.put("summary", a.summary());
    annotations.put("id", a.id());
    if (!a.provider().isEmpty()) {
      annotations.put("provider", a.provider());
    }
    if (!a.location().isEmpty()) {
      annotations.put("location", a.location());
    }
    alert.put("startsAt", AlertJson.time(a.firstSeen()));
    if (a.status() == AlertStatus.RESOLVED) {
      alert.put("endsAt", AlertJson.time(a.resolvedAt()));
    }
    return WebhookFormatter.request(endpoint, config, root);
  }
}
