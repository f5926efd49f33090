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
 * @param resendInterval {@code alertmanager} only: how often every firing alert is posted again
 *     with {@code endsAt} = now + 4 x this (as Prometheus' {@code --rules.alert.resend-delay}), so
 *     that Alertmanager's {@code resolve_timeout} never resolves an alert that still fires
 */
public record WebhookConfig(
    String name,
    URI url,
    Format format,
    String secret,
    Severity minSeverity,
    Set<AlertType> types,
    Map<String, String> headers,
    java.time.Duration resendInterval) {
  /** {@code resend_interval} default: Prometheus' {@code --rules.alert.resend-delay}. */
  public static final java.time.Duration DEFAULT_RESEND_INTERVAL = java.time.Duration.ofMinutes(1);

  public WebhookConfig {
    types = Set.copyOf(types);
    headers = Map.copyOf(headers);
    if (!resendInterval.isPositive()) {
      throw new IllegalArgumentException("resend_interval " + resendInterval + " (expected: positive)");
    }
  }

  /** With the default {@link #DEFAULT_RESEND_INTERVAL}. */
  public WebhookConfig(
      String name, URI url, Format format, String secret, Severity minSeverity, Set<AlertType> types,
      Map<String, String> headers) {
    this(name, url, format, secret, minSeverity, types, headers, DEFAULT_RESEND_INTERVAL);
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
