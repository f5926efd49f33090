package org.bgpsentry.analytics.alert;

/** Alert severities, weakest first (docs/alerts.md); JSON and config use the lower-case name. */
public enum Severity {
  INFO,
  WARNING,
  CRITICAL;

  public String wireName() {
    return name().toLowerCase(java.util.Locale.ROOT);
  }

  /** Parses {@code info|warning|critical}; null when not one of them. */
  public static Severity parse(String s) {
    return switch (s) {
      case "info" -> INFO;
      case "warning" -> WARNING;
      case "critical" -> CRITICAL;
      default -> null;
    };
  }
}
