package org.bgpsentry.daemon.logging;

import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.Level;
import org.junit.jupiter.api.Test;

/** sd-daemon(3) priority prefixes: what journald maps to PRIORITY=. */
class JournalPriorityConverterTest {
  @Test
  void levelsMapToSyslogPriorities() {
    assertThat(JournalPriorityConverter.prefix(Level.ERROR)).isEqualTo("<3>");
    assertThat(JournalPriorityConverter.prefix(Level.WARN)).isEqualTo("<4>");
    assertThat(JournalPriorityConverter.prefix(Level.INFO)).isEqualTo("<6>");
    assertThat(JournalPriorityConverter.prefix(Level.DEBUG)).isEqualTo("<7>");
    assertThat(JournalPriorityConverter.prefix(Level.TRACE)).isEqualTo("<7>");
  }
}
