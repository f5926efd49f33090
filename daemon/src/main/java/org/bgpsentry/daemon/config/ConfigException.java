package org.bgpsentry.daemon.config;

import java.util.List;

/** A configuration or registry file that failed validation: every problem, in file order. */
public final class ConfigException extends Exception {
  private static final long serialVersionUID = 1L;
  private final transient List<ConfigError> errors;

  public ConfigException(List<ConfigError> errors) {
    super(errors.size() + " configuration error(s), first: " + errors.getFirst());
    this.errors = List.copyOf(errors);
  }

  public List<ConfigError> errors() {
    return errors;
  }
}
