package org.bgpsentry.daemon.ingest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import org.bgpsentry.analytics.rpki.AspaSet;
import org.bgpsentry.analytics.rpki.RpkiState;
import org.bgpsentry.codec.model.nlri.Prefix;
import org.bgpsentry.codec.testing.TestData;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class VrpFileTest {
  @TempDir Path dir;

  static Path stayrtrJson() {
    return TestData.file("rpki/stayrtr-test.rpki.json");
  }

  @Test
  void rpkiClientExportOf2021() throws Exception {
    RpkiData c = VrpFile.load(stayrtrJson());
    assertThat(c.vrps().size()).isEqualTo(18);
    assertThat(c.vrps().ipv4Count()).isEqualTo(4);
    assertThat(c.vrps().ipv6Count()).isEqualTo(14);
    assertThat(c.vrps().builtAt()).isEqualTo(Instant.parse("2021-07-27T18:56:02Z"));
    assertThat(c.vrps().validate(Prefix.parse("1.0.0.0/24"), 13335)).isEqualTo(RpkiState.VALID);
    assertThat(c.vrps().validate(Prefix.parse("1.0.0.0/24"), 64496)).isEqualTo(RpkiState.INVALID);
    assertThat(c.aspas().isEmpty()).isTrue();
  }

  @Test
  void asnStringsAspasAndRoutinatorMetadata() throws Exception {
    Path f = dir.resolve("vrps.json");
    Files.writeString(
        f,
        """
        {"metadata": {"generated": 1719510000},
         "roas": [{"prefix": "1.1.1.0/24", "maxLength": 24, "asn": "AS13335"}],
         "aspas": [{"customer_asid": 64496, "providers": [64500, 64501]},
                   {"customer_asid": 64497, "provider_set": [{"asid": 64510}]}]}
        """);
    RpkiData c = VrpFile.load(f);
    assertThat(c.vrps().validate(Prefix.parse("1.1.1.0/24"), 13335)).isEqualTo(RpkiState.VALID);
    assertThat(c.vrps().builtAt()).isEqualTo(Instant.ofEpochSecond(1719510000));
    assertThat(c.aspas().size()).isEqualTo(2);
    assertThat(c.aspas().verifyUpstream(new long[] {64500, 64496}, false).outcome())
        .isEqualTo(AspaSet.Outcome.VALID);
    assertThat(c.aspas().verifyUpstream(new long[] {64999, 64497}, false).outcome())
        .isEqualTo(AspaSet.Outcome.INVALID);
  }

  @Test
  void aBadEntryIsNamed() throws Exception {
    Path f = dir.resolve("bad.json");
    Files.writeString(f, "{\"roas\": [{\"prefix\": \"1.1.1.0/24\", \"maxLength\": 16, \"asn\": 13335}]}");
    assertThatThrownBy(() -> VrpFile.load(f))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("roas[0]")
        .hasMessageContaining("maxLength 16 out of range");
  }
}
