package org.bgpsentry.daemon.config;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/** Collects every problem of one file so that all are reported at once. */
final class Problems {
  private final String file;
  private final List<ConfigError> errors = new ArrayList<>();

  Problems(String file) {
    this.file = file;
  }

  void add(YNode.Pos pos, String message) {
    errors.add(new ConfigError(file, pos.line(), pos.column(), message));
  }

  void addAll(List<ConfigError> more) {
    errors.addAll(more);
  }

  boolean isEmpty() {
    return errors.isEmpty();
  }

  int size() {
    return errors.size();
  }

  /** Throws when any problem was recorded, listing them in file order. */
  void throwIfAny() throws ConfigException {
    if (!errors.isEmpty()) {
      List<ConfigError> sorted = new ArrayList<>(errors);
      Collections.sort(sorted);
      throw new ConfigException(sorted);
    }
  }
}
