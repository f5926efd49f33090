package org.bgpsentry.daemon.http;

/**
 * One entry of {@code GET /api/v1/routers} (docs/operators-guide.md "Monitoring routers with BMP"); JSON keys are the snake_case
 * component names.
 *
 * @param state {@code up} while the router's BMP connection is up, else {@code down}
 * @param uptimeS seconds since the connection came up, 0 when down
 * @param sysName the Initiation's sysName, or null
 * @param sysDescr the Initiation's sysDescr, or null
 * @param peers monitored peers (and Loc-RIB instances) known
 * @param routes routes held in all of the router's views
 */
public record RouterStatus(
    String name,
    String address,
    String state,
    long uptimeS,
    String sysName,
    String sysDescr,
    int peers,
    long routes) {}
