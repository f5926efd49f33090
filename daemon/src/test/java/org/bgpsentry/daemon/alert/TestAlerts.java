package org.bgpsentry.daemon.alert;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.bgpsentry.analytics.alert.Alert;
import org.bgpsentry.analytics.alert.AlertStatus;
import org.bgpsentry.analytics.alert.AlertType;
import org.bgpsentry.analytics.alert.Severity;
import org.bgpsentry.analytics.event.PeerId;
import org.bgpsentry.codec.model.nlri.IpAddress;

/** The docs/alerts.md example alert and variations of it. */
public final class TestAlerts {
  private TestAlerts() {}

  public static final Instant SEEN = Instant.parse("2008-02-24T18:47:45Z");

  public static Alert youtube(String id, AlertStatus status) {
    return new Alert(
        id,
        "subprefix_hijack|208.65.152.0/22|208.65.153.0/24|17557",
        AlertType.SUBPREFIX_HIJACK,
        Severity.CRITICAL,
        status,
        "208.65.153.0/24 (more specific of 208.65.152.0/22) originated by AS17557, expected AS36561",
        "208.65.152.0/22",
        "208.65.153.0/24",
        "youtube",
        "Example ISP",
        "California",
        List.of(36561L),
        17557,
        List.of(64500L, 3491L, 17557L),
        List.of(new PeerId("edge1", IpAddress.parse("192.0.2.11"), 64500)),
        SEEN,
        SEEN,
        status == AlertStatus.RESOLVED ? SEEN.plusSeconds(7200) : null,
        Map.of());
  }

  /** The {@code n}-th distinct firing alert (distinct key and id). */
  public static Alert numbered(int n, AlertStatus status) {
    Alert a = youtube(String.format("01JD2Q4M8X9Z6V0K7T3N5R%04d", n), status);
    return new Alert(
        a.id(), "origin_hijack|10.0.0.0/8|10.0.0.0/8|" + n, AlertType.ORIGIN_HIJACK, a.severity(),
        status, "alert " + n, a.registeredPrefix(), a.prefix(), a.customer(), a.provider(),
        a.location(), a.expectedOrigins(), n, a.asPath(), a.peers(), a.firstSeen(), a.lastSeen(),
        a.resolvedAt(), a.details());
  }
}
