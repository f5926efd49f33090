package org.bgpsentry.analytics.alert;

/** The alert types of docs/alerts.md with their default severity; wire name = lower-case. */
public enum AlertType {
  ORIGIN_HIJACK(Severity.CRITICAL),
  SUBPREFIX_HIJACK(Severity.CRITICAL),
  MORE_SPECIFIC(Severity.WARNING),
  PATH_HIJACK(Severity.CRITICAL),
  RPKI_INVALID(Severity.WARNING),
  ROUTE_LEAK(Severity.CRITICAL),
  SUBOPTIMAL_PATH(Severity.WARNING),
  COMMUNITY_MISSING(Severity.WARNING),
  VISIBILITY_LOSS(Severity.WARNING),
  AS_PATH_ANOMALY(Severity.INFO),
  PEER_DOWN(Severity.WARNING),
  LATENCY_DEGRADED(Severity.WARNING);

  private final Severity defaultSeverity;

  AlertType(Severity defaultSeverity) {
    this.defaultSeverity = defaultSeverity;
  }

  public Severity defaultSeverity() {
    return defaultSeverity;
  }

  public String wireName() {
    return name().toLowerCase(java.util.Locale.ROOT);
  }

  /** Parses a wire name such as {@code origin_hijack}; null when unknown. */
  public static AlertType parse(String s) {
    for (AlertType t : values()) {
      if (t.wireName().equals(s)) {
        return t;
      }
    }
    return null;
  }
}
