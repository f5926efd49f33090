package org.bgpsentry.codec.model.nlri;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** RFC 5952 §4 text form of IPv6 prefixes (bgpdump's form is AsciiWriterTest's). */
class PrefixFormatTest {
  @ParameterizedTest
  @CsvSource({
    "::/0, ::/0",
    "::1/128, ::1/128",
    "2001:db8::/32, 2001:db8::/32",
    // §4.2.2: a single zero group is not compressed
    "2001:db8:0:1:1:1:1:1/128, 2001:db8:0:1:1:1:1:1/128",
    // §4.2.3: the longest run; the first of equal runs
    "2001:0:0:1:0:0:0:1/128, 2001:0:0:1::1/128",
    "2001:db8:0:0:1:0:0:1/128, 2001:db8::1:0:0:1/128",
    // §4.3: lower case
    "2001:DB8:ABCD::/48, 2001:db8:abcd::/48",
    "fe80::/10, fe80::/10"
  })
  void rfc5952(String text, String canonical) {
    assertThat(Prefix.parse(text).toString()).isEqualTo(canonical);
  }
}
