package net.dmmgw.ipc;

import net.dmmgw.ipc.sbe.AddressKind;
import net.dmmgw.ipc.sbe.FlowLabelPolicy;
import net.dmmgw.ipc.sbe.IngressFilter;
import net.dmmgw.ipc.sbe.PuntReason;
import net.dmmgw.ipc.sbe.RouteAction;
import net.dmmgw.ipc.sbe.RouteTable;
import net.dmmgw.ipc.sbe.TrafficClassPolicy;

/**
 * Range checks on raw enum octets, so that a hostile value is refused as a value rather than
 * through the exception the generated {@code get(short)} throws.
 */
final class EnumRanges
{
    private EnumRanges()
    {
    }

    static boolean routeTable(final short raw)
    {
        return raw >= RouteTable.DESTINATION.value() && raw <= RouteTable.SOURCE.value();
    }

    static boolean routeAction(final short raw)
    {
        return raw >= RouteAction.FORWARD.value() && raw <= RouteAction.DROP.value();
    }

    static boolean trafficClassPolicy(final short raw)
    {
        return raw >= TrafficClassPolicy.COPY.value() && raw <= TrafficClassPolicy.SET.value();
    }

    static boolean flowLabelPolicy(final short raw)
    {
        return raw >= FlowLabelPolicy.DERIVE.value() && raw <= FlowLabelPolicy.SET.value();
    }

    static boolean ingressFilter(final short raw)
    {
        return raw >= IngressFilter.STRICT.value() && raw <= IngressFilter.OUTER_ONLY.value();
    }

    static boolean addressKind(final short raw)
    {
        return raw >= AddressKind.OWN.value() && raw <= AddressKind.TUNNEL_ENDPOINT.value();
    }

    static boolean puntReason(final int raw)
    {
        return raw >= PuntReason.MOBILITY_HEADER.value() && raw <= PuntReason.OTHER.value();
    }
}
