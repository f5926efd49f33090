package org.bgpsentry.codec.mrt;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import org.bgpsentry.codec.model.nlri.IpAddress;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class AsciiWriterTest {

  private static String text(AsciiWriter w) throws IOException {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    w.writeTo(out);
    return out.toString(StandardCharsets.US_ASCII);
  }

  @ParameterizedTest
  @ValueSource(longs = {0, 9, 10, 99, 100, 65535, 999_999_999, 1_000_000_000, 2147483647L,
      2147483648L, 4294967295L, -1, -2147483648L, 1445565695L})
  void decimalsPrintLikePrintf(long v) throws IOException {
    assertThat(text(new AsciiWriter(4).dec(v))).isEqualTo(Long.toString(v));
  }

  @ParameterizedTest
  @CsvSource({"0.0.0.0", "255.255.255.255", "10.0.15.1", "193.0.0.56", "1.22.182.0"})
  void dottedQuads(String address) throws IOException {
    assertThat(text(new AsciiWriter(4).ipv4(IpAddress.parse(address).ipv4Address()))).isEqualTo(address);
  }

  /** bgpdump's fmt_ipv6: mapped/compatible IPv4 in dotted form, and any longest zero run compressed. */
  @ParameterizedTest
  @CsvSource({
    "::, ::",
    "::1, ::1",
    "::ffff:193.0.0.56, ::ffff:193.0.0.56",
    "::192.168.1.2, ::192.168.1.2",
    "2001:db8::, 2001:db8::",
    "fe80::, fe80::",
    "2001:7f8:30:0:2:1:0:8447, 2001:7f8:30::2:1:0:8447",
    "2001:db8:0:1:1:1:1:1, 2001:db8::1:1:1:1:1",
    "2001:1890:111d:1::63, 2001:1890:111d:1::63",
    "a0b:c0d::, a0b:c0d::"
  })
  void ipv6LikeBgpdump(String address, String expected) throws IOException {
    IpAddress a = IpAddress.parse(address);
    if (!a.ipv6()) { // InetAddress turns ::ffff:a.b.c.d into an IPv4 address
      a = new IpAddress(true, 0, 0xffff_0000_0000L | (a.ipv4Address() & 0xffffffffL));
    }
    assertThat(text(new AsciiWriter(4).ipv6(a.hi(), a.lo()))).isEqualTo(expected);
  }

  @ParameterizedTest
  @ValueSource(ints = {0, 7, 509169, 999999})
  void microsecondsAreSixDigits(int v) throws IOException {
    assertThat(text(new AsciiWriter(4).micros(v))).isEqualTo(String.format("%06d", v));
  }
}
