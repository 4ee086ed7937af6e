/**
 * One dashboard figure: its heading and note, the chart (Fluent UI's v9 charts), and the same
 * numbers as a table. The table is always in the page for screen readers and keyboard users
 * (visually hidden until "show the numbers as tables" is on), so no number lives only in a chart.
 */
import {
  makeStyles,
  mergeClasses,
  Table,
  TableBody,
  TableCell,
  TableHeader,
  TableHeaderCell,
  TableRow,
  Text,
  tokens,
} from '@fluentui/react-components';
import type { ReactNode } from 'react';

const useStyles = makeStyles({
  figure: {
    display: 'flex',
    flexDirection: 'column',
    gap: '8px',
    padding: '16px',
    borderRadius: tokens.borderRadiusMedium,
    border: `${tokens.strokeWidthThin} solid ${tokens.colorNeutralStroke2}`,
    backgroundColor: tokens.colorNeutralBackground1,
    minWidth: 0,
  },
  chart: { minHeight: '120px', overflowX: 'auto' },
  hidden: {
    position: 'absolute',
    width: '1px',
    height: '1px',
    margin: '-1px',
    padding: 0,
    overflow: 'hidden',
    clip: 'rect(0 0 0 0)',
    whiteSpace: 'nowrap',
    border: 0,
  },
  numeric: { textAlign: 'end', fontVariantNumeric: 'tabular-nums' },
});

export interface FigureTable {
  caption: string;
  columns: string[];
  rows: (string | number)[][];
}

export function Figure(props: {
  id: string;
  title: string;
  note?: string;
  chartLabel: string;
  chart: ReactNode;
  table: FigureTable;
  tablesShown: boolean;
  empty?: string;
}) {
  const styles = useStyles();
  const { id, title, note, chart, table, tablesShown, empty, chartLabel } = props;
  return (
    <section className={styles.figure} aria-labelledby={`${id}-title`} data-figure={id}>
      <Text as="h3" id={`${id}-title`} size={500} weight="semibold">
        {title}
      </Text>
      {note ? <Text size={200}>{note}</Text> : null}
      {empty ? (
        <Text data-empty={id}>{empty}</Text>
      ) : (
        <div className={styles.chart} role="group" aria-label={chartLabel} data-chart={id}>
          {chart}
        </div>
      )}
      {table.rows.length === 0 ? null : (
        <div className={tablesShown ? undefined : styles.hidden} data-table={id}>
          <Table size="extra-small" aria-label={table.caption}>
            <TableHeader>
              <TableRow>
                {table.columns.map((c, i) => (
                  <TableHeaderCell key={c} className={i > 0 ? styles.numeric : undefined}>
                    {c}
                  </TableHeaderCell>
                ))}
              </TableRow>
            </TableHeader>
            <TableBody>
              {table.rows.map((r, row) => (
                <TableRow key={row}>
                  {r.map((cell, i) => (
                    <TableCell key={i} className={mergeClasses(i > 0 && styles.numeric)}>
                      {cell}
                    </TableCell>
                  ))}
                </TableRow>
              ))}
            </TableBody>
          </Table>
        </div>
      )}
    </section>
  );
}
