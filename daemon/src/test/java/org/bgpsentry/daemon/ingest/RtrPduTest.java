package org.bgpsentry.daemon.ingest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayInputStream;
import java.io.DataInputStream;
import java.io.IOException;
import java.util.HexFormat;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The ASPA PDU of draft-ietf-sidrops-8210bis §5.12 in both layouts that carry version 2. */
class RtrPduTest {
  private static RtrPdu read(String... hex) throws IOException {
    byte[] b = HexFormat.of().parseHex(String.join("", hex).replace(" ", ""));
    return RtrPdu.read(new DataInputStream(new ByteArrayInputStream(b)));
  }

  /** Captured from Debian's stayrtr 0.5.1 ({@code -protocol 2}) on 2026-11-23. */
  @Test
  void draft8210bis10_aspaAsStayrtr051SendsIt() throws IOException {
    RtrPdu pdu = read(
        "02 0b 0000",          // version 2, type 11, zero
        "00000018",            // length 24
        "01 01 0002",          // flags: announce, AFI flags 1 (IPv6), 2 providers
        "0000fbf4",            // customer AS64500
        "0000fbf5 0000fbf6");  // providers AS64501, AS64502
    assertThat(pdu).isEqualTo(new RtrPdu.Aspa(2, true, 1, 64500, List.of(64501L, 64502L)));
  }

  @Test
  void draft8210bis_aspaWithFlagsInTheHeaderAndAnEmptyWithdrawal() throws IOException {
    assertThat(read(
        "02 0b 01 00",         // version 2, type 11, flags: announce, zero
        "00000010",            // length 16
        "0000fbf4",            // customer AS64500
        "0000fbf5"))           // provider AS64501
        .isEqualTo(new RtrPdu.Aspa(2, true, -1, 64500, List.of(64501L)));
    assertThat(read(
        "02 0b 00 00",         // flags: withdraw
        "0000000c",            // length 12: no providers
        "0000fbf4"))
        .isEqualTo(new RtrPdu.Aspa(2, false, -1, 64500, List.of()));
  }

  @Test
  void aspaBelowVersion2IsAnUnsupportedPduTypeAndABadCountIsCorruptData() {
    assertThatThrownBy(() -> read("01 0b 0100 00000010 0000fbf4 0000fbf5"))
        .isInstanceOfSatisfying(RtrPdu.ProtocolException.class,
            e -> assertThat(e.code()).isEqualTo(RtrPdu.UNSUPPORTED_PDU_TYPE));
    assertThatThrownBy(() -> read("02 0b 0000 00000018 01 00 0003 0000fbf4 0000fbf5 0000fbf6"))
        .isInstanceOfSatisfying(RtrPdu.ProtocolException.class,
            e -> assertThat(e.code()).isEqualTo(RtrPdu.CORRUPT_DATA))
        .hasMessageContaining("3 providers");
  }
}
