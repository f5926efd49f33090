package org.bgpsentry.analytics.rpki;

/** Route origin validation states, RFC 6811 §2; wire names as in the routes API. */
public enum RpkiState {
  VALID,
  INVALID,
  NOT_FOUND;

  public String wireName() {
    return name().toLowerCase(java.util.Locale.ROOT);
  }
}
