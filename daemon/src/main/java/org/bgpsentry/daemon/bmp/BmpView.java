package org.bgpsentry.daemon.bmp;

import java.util.Set;
import org.bgpsentry.codec.bmp.Rib;
import org.bgpsentry.codec.model.nlri.Family;
import org.bgpsentry.daemon.ingest.AdjRibIn;

/**
 * One RIB of one monitored peer as a router reports it (docs/operators-guide.md "Monitoring routers with BMP"): its Adj-RIB-In, fed
 * through the one ingest seam ({@link AdjRibIn}) like a BGP session's.
 *
 * @param peerName the monitored peer's name, {@code <router>:<peer address>} or {@code
 *     <router>:loc-rib[:<table>]}
 * @param detect whether the view is a peer for detection ({@code bmp.detect})
 * @param families the families the view takes
 */
record BmpView(String peerName, Rib rib, AdjRibIn adj, boolean detect, Set<Family> families) {}
