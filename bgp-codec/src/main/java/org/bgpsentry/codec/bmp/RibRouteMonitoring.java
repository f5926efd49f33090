package org.bgpsentry.codec.bmp;

import org.bgpsentry.codec.wire.RibUpdate;

/**
 * A Route Monitoring message (RFC 7854 §4.6) decoded for an Adj-RIB-In ({@link
 * BmpCodec#decodeRouteMonitoringForRib}): the message, and its UPDATE with the per-route attribute
 * sets cut from the wire in the walk that decoded it ({@code update().result()} is {@code
 * message().update()}).
 */
public record RibRouteMonitoring(BmpMessage.RouteMonitoring message, RibUpdate update) {}
