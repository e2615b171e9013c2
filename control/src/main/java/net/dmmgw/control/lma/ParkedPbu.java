package net.dmmgw.control.lma;

import net.dmmgw.control.anchor.BindingUpdateMessage;

/**
 * A PBU with HI = 4 (handoff state unknown) for an MN that already has a session through another MAG: held for
 * MaxDelayBeforeNewBCEAssign waiting for that MAG's de-registration (then it is a handoff), otherwise it becomes a
 * new session. A retransmission replaces the held PBU but keeps the deadline.
 */
final class ParkedPbu
{
    final BindingUpdateMessage pbu = new BindingUpdateMessage();
    long deadline;
}
