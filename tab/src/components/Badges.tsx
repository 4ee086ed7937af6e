/** Priority, status and SLA as badges: colour plus words (colour alone would not do for everyone). */
import { Badge } from '@fluentui/react-components';
import type { QueueItem, SlaState, TabPriority, TabStatus } from '../../../bot/tab/types';
import { formatWhen } from '../i18n';
import { useShell } from '../shell';

const PRIORITY_COLOR = { high: 'danger', normal: 'informative', low: 'subtle' } as const;
const SLA_COLOR = { breached: 'danger', near: 'warning', ok: 'success', paused: 'subtle', stopped: 'subtle' } as const;

export function PriorityBadge({ priority }: { priority: TabPriority }) {
  const { t } = useShell();
  return (
    <Badge appearance={priority === 'high' ? 'filled' : 'tint'} color={PRIORITY_COLOR[priority]}>
      {t(`tickets:priority.${priority}`)}
    </Badge>
  );
}

export function StatusBadge({ status }: { status: TabStatus }) {
  const { t } = useShell();
  return (
    <Badge appearance="outline" color={status === 'new' ? 'brand' : 'informative'} style={{ whiteSpace: 'nowrap' }}>
      {t(`tickets:status.${status}`)}
    </Badge>
  );
}

/** The SLA as a badge (breached / near / …) and the due time beside it. */
export function SlaBadge({ item }: { item: Pick<QueueItem, 'sla' | 'slaDueAt'> }) {
  const { t, lang } = useShell();
  const state: SlaState = item.sla;
  return (
    <span style={{ display: 'inline-flex', gap: 6, alignItems: 'center', flexWrap: 'wrap' }}>
      <Badge
        appearance={state === 'breached' || state === 'near' ? 'filled' : 'tint'}
        color={SLA_COLOR[state]}
        style={{ whiteSpace: 'nowrap' }}
      >
        {t(`sla.${state}`)}
      </Badge>
      {item.slaDueAt && <span>{formatWhen(item.slaDueAt, lang)}</span>}
    </span>
  );
}
