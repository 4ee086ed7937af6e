/**
 * Who may do what with reminders, written once: billing admins and admins compose, send, list
 * and cancel campaigns; a reminder's buttons are for the person it was sent to, in their tenant.
 */
import type { Role } from '../../roles/service';
import type { Turn } from '../../turn';
import type { Campaign, Recipient } from '../model';

/** The roles that may send payment reminders (the `remind` and `reminders` commands require one). */
export const REMINDER_SENDER_ROLES: readonly Role[] = ['billing-admin', 'admin'];

/** Whether the person of this turn may compose, send, list or cancel campaigns. */
export function maySendReminders(turn: Pick<Turn, 'who'>): boolean {
  return turn.who.kind === 'staff' && turn.who.roles.some((r) => REMINDER_SENDER_ROLES.includes(r));
}

/** Why a click on a reminder's button is refused, or undefined when it may be recorded. */
export type AckRefusal = 'customersOnly' | 'notFound' | 'notYours' | 'cancelled';

/**
 * A reminder's buttons: only a customer's person to whom this campaign was sent (same tenant,
 * same person), and not on a cancelled campaign.
 */
export function ackRefusal(
  turn: Pick<Turn, 'who' | 'tenantId' | 'userKey'>,
  campaign: Campaign | undefined,
  recipient: Recipient | undefined,
): AckRefusal | undefined {
  if (turn.who.kind === 'staff') return 'customersOnly';
  if (!campaign) return 'notFound';
  if (turn.who.kind !== 'customer' || !recipient || recipient.tenantId !== turn.tenantId || recipient.userKey !== turn.userKey) {
    return 'notYours';
  }
  if (campaign.status === 'cancelled') return 'cancelled';
  return undefined;
}
