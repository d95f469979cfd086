import { fork, type ChildProcess } from 'node:child_process';
import { join } from 'node:path';

/** A forked helper process of the benches (run.ts, ejabberd.ts) that answers commands. */
export class Child {
  private next = 0;
  private readonly waiting = new Map<number, { resolve: (v: any) => void; reject: (e: Error) => void }>();
  readonly process: ChildProcess;
  constructor(file: string) {
    this.process = fork(join(__dirname, file), [], {
      stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
      execArgv: ['--max-old-space-size=4096'],
    });
    this.process.on('message', (m: { id: number; result?: unknown; error?: string }) => {
      const w = this.waiting.get(m.id);
      this.waiting.delete(m.id);
      if (m.error) w?.reject(new Error(m.error));
      else w?.resolve(m.result);
    });
    this.process.on('exit', (code) => {
      for (const w of this.waiting.values()) w.reject(new Error(`${file} exited (${code})`));
    });
  }
  call<T = any>(command: Record<string, unknown>): Promise<T> {
    const id = this.next++;
    return new Promise<T>((resolve, reject) => {
      this.waiting.set(id, { resolve, reject });
      this.process.send({ ...command, id });
    });
  }
  get pid(): number {
    return this.process.pid!;
  }
  stop(): void {
    if (this.process.exitCode === null) this.process.kill('SIGTERM');
  }
}
