/**
 * Neighbour Discovery for the data plane's ports, shared by every role that has a data plane: answers Neighbour
 * Solicitations for the node's own addresses on each port, resolves the gateways of the node's static routes (an
 * NS out of the route's port, the neighbour programmed from the NA) when the fast path punts a packet it cannot
 * forward for want of a MAC, and keeps both in every data-plane snapshot.
 */
package net.dmmgw.control.neighbour;
