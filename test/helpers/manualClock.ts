import type { Clock } from '../../bot/platform/clock';

/** A clock a test moves by hand: sleepers wake, in time order, when `advance` passes their time. */
export class ManualClock implements Clock {
  private time: number;
  private sleepers: { at: number; wake: () => void }[] = [];

  constructor(start = 0) {
    this.time = start;
  }

  now(): number {
    return this.time;
  }

  sleep(ms: number): Promise<void> {
    return new Promise((wake) => {
      this.sleepers.push({ at: this.time + Math.max(0, ms), wake });
    });
  }

  /** Moves time forward by `ms`, waking each sleeper at its own time and letting its work run. */
  async advance(ms: number): Promise<void> {
    const end = this.time + ms;
    for (;;) {
      await settle();
      this.sleepers.sort((a, b) => a.at - b.at);
      const next = this.sleepers[0];
      if (!next || next.at > end) break;
      this.sleepers.shift();
      this.time = Math.max(this.time, next.at);
      next.wake();
    }
    this.time = end;
    await settle();
  }
}

/**
 * Lets work already started run: promise callbacks (a few rounds, for chains of awaits), then one
 * turn of the event loop (a SQLite write settles when its batch commits, just after the I/O phase),
 * then the callbacks that released.
 */
async function settle(): Promise<void> {
  for (let i = 0; i < 20; i++) await Promise.resolve();
  await new Promise((resolve) => setImmediate(resolve));
  for (let i = 0; i < 20; i++) await Promise.resolve();
}

/**
 * The real clock, which a test can hold still: while held, sleepers do not wake, so everything
 * that happens meanwhile falls into one window however slow the machine is; `release` lets time
 * run again (each sleeper then waits out what is left of its time).
 */
export class HoldableClock implements Clock {
  private held?: { promise: Promise<void>; release: () => void };

  now(): number {
    return Date.now();
  }

  async sleep(ms: number): Promise<void> {
    const until = Date.now() + Math.max(0, ms);
    for (;;) {
      while (this.held) await this.held.promise;
      const left = until - Date.now();
      if (left <= 0) return;
      await new Promise((resolve) => setTimeout(resolve, left));
      if (!this.held) return;
    }
  }

  hold(): void {
    if (this.held) return;
    let release!: () => void;
    const promise = new Promise<void>((resolve) => (release = resolve));
    this.held = { promise, release };
  }

  release(): void {
    const held = this.held;
    this.held = undefined;
    held?.release();
  }
}
