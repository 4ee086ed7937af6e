/**
 * A ticket's audit trail worded for people: who did what and when, and what changed — statuses as
 * words, dates in the reader's language, people by name where known (internal ids such as message
 * ids say nothing to a person and are left out).
 */
import { Table, TableBody, TableCell, TableHeader, TableHeaderCell, TableRow, Text } from '@fluentui/react-components';
import type { TFunction } from 'i18next';
import type { TabAuditEntry, TicketDetail } from '../../../bot/tab/types';
import { formatWhen, Lang } from '../i18n';
import { useShell } from '../shell';

type Detail = TabAuditEntry['detail'];
type Scalar = Detail[string];

/** Keys that are internal (message ids) or already said by the "What" column. */
const HIDDEN = new Set(['messageId', 'number', 'fromStatus', 'toStatus', 'rating', 'previous']);
const ISO_INSTANT = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}/;

/** One detail value as words: a date in the reader's language, a person's name, a known label. */
function valueText(
  key: string,
  v: Scalar,
  ticket: Pick<TicketDetail, 'people' | 'section' | 'sectionTitle'>,
  t: TFunction,
  lang: Lang,
): string {
  if (typeof v === 'boolean') return v ? t('audit.yes') : t('audit.no');
  if (typeof v === 'number') return String(v);
  const s = String(v);
  if (ISO_INSTANT.test(s)) return formatWhen(s, lang);
  if (ticket.people[s]) return ticket.people[s];
  if (key === 'priority') return t(`tickets:priority.${s}`, { defaultValue: s });
  if (key === 'route') return t(`tickets:route.${s}`, { defaultValue: s });
  if (key === 'plan') return t(`tickets:plan.${s}`, { defaultValue: s });
  if (key === 'section') return s === ticket.section && ticket.sectionTitle ? ticket.sectionTitle : s;
  if (key === 'source') return t(`audit.source.${s}`, { defaultValue: s });
  if (key === 'kind') return t(`audit.kind.${s}`, { defaultValue: s });
  return s;
}

/** The "Detail" cell: what changed, each part a short phrase. */
export function auditDetailText(
  d: Detail,
  ticket: Pick<TicketDetail, 'people' | 'section' | 'sectionTitle'>,
  t: TFunction,
  lang: Lang,
): string {
  const parts: string[] = [];
  if (typeof d.fromStatus === 'string' && typeof d.toStatus === 'string')
    parts.push(`${t(`tickets:status.${d.fromStatus}`)} → ${t(`tickets:status.${d.toStatus}`)}`);
  for (const [k, v] of Object.entries(d)) {
    if (HIDDEN.has(k) || v === null || v === '') continue;
    if (k === 'hasResolution') parts.push(t(v ? 'audit.withResolution' : 'audit.withoutResolution'));
    else if (k === 'hasComment') parts.push(t(v ? 'audit.withComment' : 'audit.withoutComment'));
    else if (k === 'length') parts.push(t('audit.length', { count: Number(v) }));
    else if (k === 'gaveUp') continue;
    else parts.push(t(`audit.field.${k}`, { value: valueText(k, v, ticket, t, lang), defaultValue: `${k}: {{value}}` }));
  }
  return parts.join('; ');
}

export function AuditTrail({ ticket }: { ticket: TicketDetail }) {
  const { t, lang } = useShell();
  const when = (iso: string) => formatWhen(iso, lang);
  const who = (a: TabAuditEntry) =>
    a.by.name ??
    ticket.people[a.by.id] ??
    (a.by.kind === 'system' ? t('ticket.system') : a.by.kind === 'customer' ? t('ticket.customerSide') : a.by.id);
  return (
    <>
      {ticket.auditDropped > 0 && <Text size={200}>{t('ticket.auditDropped', { count: ticket.auditDropped })}</Text>}
      <Table size="small" aria-labelledby="audit-title">
        <TableHeader>
          <TableRow>
            <TableHeaderCell>{t('ticket.auditWhen')}</TableHeaderCell>
            <TableHeaderCell>{t('ticket.auditWho')}</TableHeaderCell>
            <TableHeaderCell>{t('ticket.auditWhat')}</TableHeaderCell>
            <TableHeaderCell>{t('ticket.auditOutcome')}</TableHeaderCell>
            <TableHeaderCell>{t('ticket.auditDetail')}</TableHeaderCell>
          </TableRow>
        </TableHeader>
        <TableBody>
          {ticket.audit.map((a, i) => (
            <TableRow key={i}>
              <TableCell>{when(a.at)}</TableCell>
              <TableCell>{who(a)}</TableCell>
              <TableCell>
                {t(`tickets:audit.${a.action}`, {
                  defaultValue: a.action,
                  previous: a.detail.previous ?? '',
                  rating: a.detail.rating ?? '',
                })}
                {a.action === 'rate' && typeof a.detail.rating === 'number'
                  ? ` ${t('ticket.ratingValue', { score: a.detail.rating })}`
                  : ''}
              </TableCell>
              <TableCell>
                {t(`tickets:audit.outcome.${a.outcome}`)}
                {a.reason ? ` (${t(`tickets:reason.${a.reason}`, { defaultValue: a.reason })})` : ''}
              </TableCell>
              <TableCell>{auditDetailText(a.detail, ticket, t, lang)}</TableCell>
            </TableRow>
          ))}
        </TableBody>
      </Table>
    </>
  );
}
