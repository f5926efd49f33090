package org.bgpsentry.daemon.alert.webhook;

import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.util.RawValue;
import java.nio.charset.StandardCharsets;
import org.bgpsentry.analytics.alert.Alert;
import org.bgpsentry.analytics.alert.AlertStatus;
import org.bgpsentry.daemon.alert.AlertJson;
import org.bgpsentry.daemon.config.WebhookConfig;

/**
 * Format {@code pagerduty}: PagerDuty Events API v2 ({@code url} is the enqueue endpoint, e.g.
 * {@code https://events.pagerduty.com/v2/enqueue}); {@code routing_key} is the contents of {@code
 * secret_file}; {@code trigger} while firing and {@code resolve} after, {@code dedup_key} = the
 * alert key. Summary capped at 1024 characters as the API requires.
 */
public final class PagerDutyWebhook implements WebhookFormatter {
  private final WebhookConfig config;

  PagerDutyWebhook(WebhookConfig config) {
    this.config = config;
  }

  @Override
  public WebhookRequest render(Alert a, byte[] json) {
    ObjectNode root = AlertJson.MAPPER.createObjectNode();
    root.put("routing_key", config.secret());
    boolean firing = a.status() == AlertStatus.FIRING;
    root.put("event_action", firing ? "trigger" : "resolve");
    root.put("dedup_key", a.key());
    if (firing) {
      ObjectNode payload = root.putObject("payload");
      payload.put("summary", SlackWebhook.cut(a.summary(), 1024));
      payload.put("source", "bgpsentry");
      payload.put("severity", a.severity().wireName());
      payload.put("timestamp", AlertJson.time(a.firstSeen()));
      payload.put("component", a.prefix());
      payload.put("group", a.customer());
      payload.put("class", a.type().wireName());
      payload.putRawValue("custom_details", new RawValue(new String(json, StandardCharsets.UTF_8)));
    }
    return WebhookFormatter.request(config.url(), config, root);
  }
}
