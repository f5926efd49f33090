package org.bgpsentry.codec.bmp;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.bgpsentry.codec.error.ErrorAction;
import org.junit.jupiter.api.Test;

/**
 * docs/contributing.md R13 (c): one-byte mutations of the BMP fixtures. Every mutation of every message
 * decodes or fails with {@link BmpDecodeException}; chosen ones give their exact outcome.
 */
class BmpMutationTest {
  @Test
  void everyOneByteMutationDecodesOrFailsCleanly() {
    int decoded = 0;
    int refused = 0;
    for (java.nio.file.Path file : BmpFixtures.files()) {
      List<BmpFixtures.Message> messages = BmpFixtures.read(file);
      for (int m = 0; m < messages.size(); m++) {
        byte[] original = messages.get(m).bytes();
        for (int i = 0; i < original.length; i++) {
          for (int delta : new int[] {1, 0x80, 0xff}) {
            BmpFixtures.Session session = new BmpFixtures.Session();
            for (int k = 0; k < m; k++) {
              session.decode(messages.get(k).bytes()); // the Peer Up before it, unmutated
            }
            byte[] b = original.clone();
            b[i] = (byte) (b[i] ^ delta);
            try {
              session.decode(b);
              decoded++;
            } catch (BmpDecodeException e) {
              assertThat(e.getMessage()).as("%s byte %d", messages.get(m), i).isNotBlank();
              refused++;
            }
          }
        }
      }
    }
    assertThat(decoded).isPositive();
    assertThat(refused).isPositive();
  }

  /** tshark frame 8 of blaster-plain.hex: the first Route Monitoring message. */
  private static byte[] firstRouteMonitoring() {
    return BmpFixtures.read(BmpGoldenTest.fixture("blaster-plain.hex")).get(2).bytes().clone();
  }

  @Test
  void rfc7854_4_1_versionByte() {
    byte[] b = firstRouteMonitoring();
    b[0] = 2;
    assertThatThrownBy(() -> new BmpFixtures.Session().decode(b))
        .isInstanceOf(BmpDecodeException.class)
        .hasMessage("unsupported BMP version 2 (expected: 3)");
  }

  @Test
  void rfc7854_4_1_typeByte() {
    byte[] b = firstRouteMonitoring();
    b[5] = 9;
    assertThatThrownBy(() -> new BmpFixtures.Session().decode(b))
        .isInstanceOf(BmpDecodeException.class)
        .hasMessage("unknown BMP message type 9 (expected: 0..6)");
  }

  @Test
  void rfc7854_4_6_bgpMarkerInsideRouteMonitoring() {
    byte[] b = firstRouteMonitoring();
    b[0x30] = 0;
    assertThatThrownBy(() -> new BmpFixtures.Session().decode(b))
        .isInstanceOf(BmpDecodeException.class)
        .hasMessageStartingWith("Route Monitoring UPDATE: ")
        .hasMessageContaining("marker is not all ones");
  }

  @Test
  void rfc7606_7_1_originValueIsTreatAsWithdraw() {
    byte[] b = firstRouteMonitoring();
    assertThat(b[0x47]).isEqualTo((byte) 0x40); // ORIGIN flags
    b[0x4a] = 3; // ORIGIN 3: undefined
    BmpMessage.RouteMonitoring m = (BmpMessage.RouteMonitoring) new BmpFixtures.Session().decode(b);
    assertThat(m.update().action()).isEqualTo(ErrorAction.TREAT_AS_WITHDRAW);
  }

  @Test
  void rfc7606_4_attributeLengthOverrunIsReturnedAsSessionResetNeverThrown() {
    byte[] b = firstRouteMonitoring();
    b[0x46] = (byte) 0xff; // Total Path Attribute Length beyond the UPDATE
    BmpMessage.RouteMonitoring m = (BmpMessage.RouteMonitoring) new BmpFixtures.Session().decode(b);
    assertThat(m.update().action()).isEqualTo(ErrorAction.SESSION_RESET);
    assertThat(m.update().routesToWithdraw()).isEmpty();
  }
}
