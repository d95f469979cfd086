import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { acknowledgement } from '@brygga/fhir';

/** A receiving system: records every message and answers as `answer` says (an acknowledgement by default). */
export class Receiver {
  readonly received: any[] = [];
  readonly ok = (bundle: any, res: ServerResponse): void => {
    res.writeHead(200, { 'content-type': 'application/fhir+json' });
    res.end(JSON.stringify(acknowledgement({ headerId: bundle.entry[0].resource.id, code: 'ok', endpoint: this.url })));
  };
  answer: (bundle: any, res: ServerResponse) => void = this.ok;
  private server?: Server;
  url = '';

  async start(): Promise<this> {
    this.server = createServer((req: IncomingMessage, res: ServerResponse) => {
      const chunks: Buffer[] = [];
      req.on('data', (c: Buffer) => chunks.push(c));
      req.on('end', () => {
        const bundle = JSON.parse(Buffer.concat(chunks).toString('utf8'));
        this.received.push(bundle);
        this.answer(bundle, res);
      });
    });
    await new Promise<void>((done) => this.server!.listen(0, '127.0.0.1', done));
    this.url = `http://127.0.0.1:${(this.server.address() as AddressInfo).port}/fhir/$process-message`;
    return this;
  }

  async stop(): Promise<void> {
    this.server?.closeAllConnections();
    await new Promise<void>((done) => this.server?.close(() => done()));
  }
}
