/**
 * Mobility routing (draft-chan-dmm-framework): bindings into tunnels and routes through a {@link
 * net.dmmgw.control.routing.RouteProgrammer} (the Aeron seam, or in memory).
 */
package net.dmmgw.control.routing;
