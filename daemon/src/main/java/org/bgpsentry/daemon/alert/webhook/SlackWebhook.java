package org.bgpsentry.daemon.alert.webhook;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.bgpsentry.analytics.alert.Alert;
import org.bgpsentry.daemon.alert.AlertJson;
import org.bgpsentry.daemon.config.WebhookConfig;

/**
 * Format {@code slack}: an incoming-webhook message with Block Kit blocks (header, summary
 * section, fields, context) and {@code text} as the notification fallback. Limits kept: header
 * 150 characters, section text 3000, at most 10 fields.
 */
public final class SlackWebhook implements WebhookFormatter {
  private final WebhookConfig config;

  SlackWebhook(WebhookConfig config) {
    this.config = config;
  }

  @Override
  public WebhookRequest render(Alert a, byte[] json) {
    ObjectNode root = AlertJson.MAPPER.createObjectNode();
    root.put("text", cut(WebhookFormatter.title(a) + ": " + a.summary(), 3000));
    ArrayNode blocks = root.putArray("blocks");
    ObjectNode header = blocks.addObject().put("type", "header");
    header.putObject("text").put("type", "plain_text").put("text", cut(WebhookFormatter.title(a), 150));
    ObjectNode summary = blocks.addObject().put("type", "section");
    summary.putObject("text").put("type", "mrkdwn").put("text", cut(a.summary(), 3000));
    ObjectNode facts = blocks.addObject().put("type", "section");
    ArrayNode fields = facts.putArray("fields");
    WebhookFormatter.facts(a).forEach(
        (title, value) -> fields.addObject().put("type", "mrkdwn").put("text", cut("*" + title + "*\n" + value, 2000)));
    ObjectNode context = blocks.addObject().put("type", "context");
    context.putArray("elements").addObject().put("type", "mrkdwn").put("text", cut("id " + a.id() + " · key " + a.key(), 3000));
    return WebhookFormatter.request(config.url(), config, root);
  }

  static String cut(String s, int max) {
    return s.length() <= max ? s : s.substring(0, max - 1) + "…";
  }
}
