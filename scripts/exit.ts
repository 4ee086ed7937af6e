/** How a CLI ends: its code (0 ok, 2 bad arguments), or 1 with the message on an unexpected error. */
export function exitWith(run: Promise<number>): void {
  run.then(
    (code) => process.exit(code),
    (e: unknown) => {
      process.stderr.write(`${(e as Error).message}\n`);
      process.exit(1);
    },
  );
}
