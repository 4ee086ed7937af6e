/** A campaign as CSV (CONTRACT.md "Reminders"): one row per recipient with its state and acknowledgements. */
import { Acknowledgement } from './model';
import type { RecipientDoc } from './documents';

export const EXPORT_HEADER = ['tenantId', 'customer', 'recipient', 'locale', 'state', 'attempts', 'lastStatus', 'sentAt', 'ack', 'ackAt'];

/** RFC 4180 quoting; a leading =, +, - or @ is prefixed with ' so spreadsheets do not run it as a formula. */
export function csvField(value: string | number | undefined): string {
  let s = value === undefined ? '' : String(value);
  if (/^[=+\-@\t\r]/.test(s)) s = `'${s}`;
  return /[",\r\n]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
}

function describeAck(a: Acknowledgement): string {
  if (a.kind === 'paid') {
    const details = [a.paidOn, a.reference].filter((x) => !!x).join(' ');
    return details ? `paid(${details})` : 'paid';
  }
  if (a.kind === 'question' && a.ticketNumber !== undefined) return `question(#${a.ticketNumber})`;
  return a.kind;
}

export function exportRow(r: RecipientDoc): string {
  const last = r.acks[r.acks.length - 1];
  return [
    r.tenantId,
    r.customerName,
    r.name ?? r.userKey,
    r.locale,
    r.state,
    r.attempts,
    r.lastStatus,
    r.sentAt,
    r.acks.map(describeAck).join(';'),
    last?.at,
  ]
    .map(csvField)
    .join(',');
}

export function exportCsv(recipients: readonly RecipientDoc[]): string {
  return [EXPORT_HEADER.join(','), ...recipients.map(exportRow)].join('\n') + '\n';
}
