/** A question before something that cannot be taken back (sending, cancelling): Escape or "No" changes nothing. */
import { Button, Dialog, DialogActions, DialogBody, DialogContent, DialogSurface, DialogTitle } from '@fluentui/react-components';

export interface ConfirmProps {
  open: boolean;
  title: string;
  body: string;
  confirm: string;
  cancel: string;
  busy?: boolean;
  onConfirm(): void;
  onClose(): void;
}

export function ConfirmDialog(p: ConfirmProps) {
  return (
    <Dialog open={p.open} modalType="alert" onOpenChange={(_, d) => !d.open && p.onClose()}>
      <DialogSurface>
        <DialogBody>
          <DialogTitle>{p.title}</DialogTitle>
          <DialogContent>{p.body}</DialogContent>
          <DialogActions>
            <Button appearance="primary" disabled={p.busy} onClick={p.onConfirm}>
              {p.confirm}
            </Button>
            <Button appearance="secondary" disabled={p.busy} onClick={p.onClose}>
              {p.cancel}
            </Button>
          </DialogActions>
        </DialogBody>
      </DialogSurface>
    </Dialog>
  );
}
