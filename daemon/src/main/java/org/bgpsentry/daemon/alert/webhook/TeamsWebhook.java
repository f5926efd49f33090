package org.bgpsentry.daemon.alert.webhook;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.bgpsentry.analytics.alert.Alert;
import org.bgpsentry.analytics.alert.AlertStatus;
import org.bgpsentry.analytics.alert.Severity;
import org.bgpsentry.daemon.alert.AlertJson;
import org.bgpsentry.daemon.config.WebhookConfig;

/**
 * Format {@code teams}: a {@code message} with one Adaptive Card 1.4 attachment ({@code
 * application/vnd.microsoft.card.adaptive}), as Teams workflows and incoming webhooks accept.
 */
public final class TeamsWebhook implements WebhookFormatter {
  static final String CARD_TYPE = "application/vnd.microsoft.card.adaptive";
  private final WebhookConfig config;

  TeamsWebhook(WebhookConfig config) {
    this.config = config;
  }

  @Override
  public WebhookRequest render(Alert a, byte[] json) {
    ObjectNode root = AlertJson.MAPPER.createObjectNode();
    root.put("type", "message");
    ObjectNode attachment = root.putArray("attachments").addObject();
    attachment.put("contentType", CARD_TYPE);
    attachment.putNull("contentUrl");
    ObjectNode card = attachment.putObject("content");
    card.put("$schema", "http://adaptivecards.io/schemas/adaptive-card.json");
    card.put("type", "AdaptiveCard");
    card.put("version", "1.4");
    ArrayNode body = card.putArray("body");
    body.addObject()
        .put("type", "TextBlock")
        .put("text", WebhookFormatter.title(a))
        .put("weight", "Bolder")
        .put("size", "Medium")
        .put("color", color(a))
        .put("wrap", true);
    body.addObject().put("type", "TextBlock").put("text", a.summary()).put("wrap", true);
    ArrayNode facts = body.addObject().put("type", "FactSet").putArray("facts");
    WebhookFormatter.facts(a).forEach((title, value) -> facts.addObject().put("title", title).put("value", value));
    facts.addObject().put("title", "Id").put("value", a.id());
    return WebhookFormatter.request(config.url(), config, root);
  }

  private static String color(Alert a) {
    if (a.status() == AlertStatus.RESOLVED) {
      return "Good";
    }
    return a.severity() == Severity.CRITICAL ? "Attention" : a.severity() == Severity.WARNING ? "Warning" : "Default";
  }
}
