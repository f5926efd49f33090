package org.bgpsentry.daemon.config;

import java.nio.file.Path;
import java.util.List;

/** The loader's errors for a config file, its path written as {@code F} (for exact comparisons). */
final class ConfigErrors {
  private ConfigErrors() {}

  /** The errors of {@code run}'s load of {@code config}; fails when it loads. */
  static List<String> of(Path config) {
    try {
      ConfigLoader.load(config, BgpsentryConfig.Purpose.RUN);
    } catch (ConfigException e) {
      return e.errors().stream().map(err -> err.toString().replace(config.toString(), "F")).toList();
    }
    throw new AssertionError("expected errors");
  }
}
