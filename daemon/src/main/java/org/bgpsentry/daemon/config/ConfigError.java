package org.bgpsentry.daemon.config;

/**
 * One configuration problem at a 1-based position (docs/configuration.md): printed as {@code
 * file:line:col: message}, the message saying what was wrong and what was expected.
 */
public record ConfigError(String file, int line, int column, String message)
    implements Comparable<ConfigError> {

  @Override
  public String toString() {
    return file + ":" + line + ":" + column + ": " + message;
  }

  @Override
  public int compareTo(ConfigError o) {
    int c = file.compareTo(o.file);
    if (c == 0) {
      c = Integer.compare(line, o.line);
    }
    return c != 0 ? c : Integer.compare(column, o.column);
  }
}
