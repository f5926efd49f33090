package org.bgpsentry.daemon.logging;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.pattern.ClassicConverter;
import ch.qos.logback.classic.spi.ILoggingEvent;

/**
 * {@code %journalPriority}: the sd-daemon(3) {@code <N>} prefix that journald reads as the syslog
 * priority of a stdout line (ERROR 3, WARN 4, INFO 6, DEBUG/TRACE 7); empty when stdout is not the
 * journal ({@code $JOURNAL_STREAM} unset), so a terminal shows clean lines.
 */
public final class JournalPriorityConverter extends ClassicConverter {
  private static final boolean JOURNAL = System.getenv("JOURNAL_STREAM") != null;

  @Override
  public String convert(ILoggingEvent event) {
    return JOURNAL ? prefix(event.getLevel()) : "";
  }

  static String prefix(Level level) {
    return switch (level.toInt()) {
      case Level.ERROR_INT -> "<3>";
      case Level.WARN_INT -> "<4>";
      case Level.INFO_INT -> "<6>";
      default -> "<7>";
    };
  }
}
