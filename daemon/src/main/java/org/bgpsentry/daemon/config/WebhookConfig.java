package org.bgpsentry.daemon.config;

import java.net.URI;
import java.util.Map;
import java.util.Set;
import org.bgpsentry.analytics.alert.AlertType;
import org.bgpsentry.analytics.alert.Severity;

/**
 * One {@code alerts.webhooks:} entry (docs/configuration.md, docs/operators-guide.md "Webhooks").
 *
 * @param secret contents of {@code secret_file}: the HMAC key for {@code json}, the Events API
 *     routing key for {@code pagerduty}; null when not set
 * @param types alert types delivered; empty = all
 */
public record WebhookConfig(
    String name,
    URI url,
    Format format,
    String secret,
    Severity minSeverity,
    Set<AlertType> types,
    Map<String, String> headers) {

  public WebhookConfig {
    types = Set.copyOf(types);
    headers = Map.copyOf(headers);
  }

  /** Whether this webhook takes {@code severity}/{@code type} (min_severity and types filters). */
  public boolean accepts(AlertType type, Severity severity) {
    return severity.compareTo(minSeverity) >= 0 && (types.isEmpty() || types.contains(type));
  }

  /** Body formats of docs/operators-guide.md "Webhooks". */
  public enum Format {
    JSON,
    SLACK,
    TEAMS,
    ALERTMANAGER,
    PAGERDUTY;

    public String configName() {
      return name().toLowerCase(java.util.Locale.ROOT);
    }
  }
}
