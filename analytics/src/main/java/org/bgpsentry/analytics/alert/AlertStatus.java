package org.bgpsentry.analytics.alert;

/** Alert lifecycle status (docs/alerts.md); wire name = lower-case. */
public enum AlertStatus {
  FIRING,
  RESOLVED;

  public String wireName() {
    return name().toLowerCase(java.util.Locale.ROOT);
  }
}
