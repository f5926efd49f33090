package org.bgpsentry.daemon.ingest;

import org.bgpsentry.analytics.rpki.AspaSet;
import org.bgpsentry.analytics.rpki.VrpSet;

/**
 * What one RPKI source holds at one time: its VRPs (with the time they were built, for {@code
 * rpki.stale_after}) and its ASPA records. A VRP file yields one when read, an RTR client after
 * every complete update.
 */
public record RpkiData(VrpSet vrps, AspaSet aspas) {}
