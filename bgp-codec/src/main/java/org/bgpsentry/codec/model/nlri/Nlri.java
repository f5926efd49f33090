package org.bgpsentry.codec.model.nlri;

/**
 * One NLRI entry: a prefix and, when ADD-PATH is negotiated for its family, the Path Identifier
 * (RFC 7911 §3), else {@link #NO_PATH_ID}.
 */
public record Nlri(Prefix prefix, long pathId) {
  /** Marks an NLRI decoded without ADD-PATH. */
  public static final long NO_PATH_ID = -1;

  public static Nlri of(Prefix prefix) {
    return new Nlri(prefix, NO_PATH_ID);
  }

  public boolean hasPathId() {
    return pathId != NO_PATH_ID;
  }

  @Override
  public String toString() {
    return hasPathId() ? prefix + " path-id " + pathId : prefix.toString();
  }
}
