/** How tickets are named: the document id that makes creation idempotent, and the number people type. */
import { createHash } from 'node:crypto';

/**
 * The document id of a ticket: derived from its draft (and who asked) so that a second create
 * of the same draft collides, while a colleague replaying someone's draft id gets their own.
 */
export function ticketIdFor(tenantId: string, requesterKey: string, draftKey: string): string {
  return `tk-${createHash('sha256').update(`${tenantId}\n${requesterKey}\n${draftKey}`).digest('hex').slice(0, 40)}`;
}

/** What a ticket id looks like (see ticketIdFor); anything else sent as one is refused. */
export const TICKET_ID = /^tk-[0-9a-f]{40}$/;

/** A number as a person or a card sends it: 12, "12" or "#12". */
export function parseTicketNumber(v: unknown): number | undefined {
  if (typeof v === 'number' && Number.isSafeInteger(v) && v > 0) return v;
  if (typeof v === 'string' && /^#?\d{1,9}$/.test(v.trim())) return Number(v.trim().replace('#', ''));
  return undefined;
}
