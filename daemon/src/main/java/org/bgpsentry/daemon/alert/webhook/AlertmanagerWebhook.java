package org.bgpsentry.daemon.alert.webhook;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.net.URI;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import org.bgpsentry.analytics.alert.Alert;
import org.bgpsentry.analytics.alert.AlertStatus;
import org.bgpsentry.daemon.alert.AlertJson;
import org.bgpsentry.daemon.config.WebhookConfig;

/**
 * Format {@code alertmanager}: Alertmanager API v2 {@code POST <url>/api/v2/alerts} with an array
 * of postable alerts. Labels identify the alert (same for firing and resolve); {@code startsAt}
 * is when it fired. As Prometheus does, a firing alert carries {@code endsAt} = now + 4 x {@code
 * resend_interval} and is posted again every {@code resend_interval} ({@link #refresh}), so
 * Alertmanager keeps it firing while it fires and resolves it by itself only when bgpsentry is
 * gone; the resolve carries {@code endsAt} = the resolution time.
 */
public final class AlertmanagerWebhook implements WebhookFormatter {
  /** Firing alerts per refresh post, which bounds a post's size during an alert storm. */
  public static final int REFRESH_BATCH = 64;

  private final WebhookConfig config;
  private final URI endpoint;
  private final Clock clock;

  AlertmanagerWebhook(WebhookConfig config, Clock clock) {
    this.config = config;
    this.clock = clock;
    String base = config.url().toString();
    this.endpoint = URI.create((base.endsWith("/") ? base.substring(0, base.length() - 1) : base) + "/api/v2/alerts");
  }

  @Override
  public WebhookRequest render(Alert a, byte[] json) {
    ArrayNode root = AlertJson.MAPPER.createArrayNode();
    add(root, a, clock.instant());
    return WebhookFormatter.request(endpoint, config, root);
  }

  /** The refresh post of still-firing alerts (at most {@link #REFRESH_BATCH}): the same transition again, new {@code endsAt}. */
  public WebhookRequest refresh(List<Alert> firing) {
    ArrayNode root = AlertJson.MAPPER.createArrayNode();
    Instant now = clock.instant();
    firing.forEach(a -> add(root, a, now));
    return WebhookFormatter.request(endpoint, config, root);
  }

  private void add(ArrayNode root, Alert a, Instant now) {
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
    alert.put("endsAt", AlertJson.time(a.status() == AlertStatus.RESOLVED
        ? a.resolvedAt() : now.plus(config.resendInterval().multipliedBy(4))));
  }
}
