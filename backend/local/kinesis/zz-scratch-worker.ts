import { Worker } from 'node:worker_threads';
import { PutRecordsCommand } from '@aws-sdk/client-kinesis';
import { createKinesisClient } from './createKinesisClient';
const w = new Worker(`
const k = require('kinesalite');
const s = k({ path: '/tmp/kt-data2', createStreamMs: 20 });
s.listen(0, '127.0.0.1', () => require('worker_threads').parentPort.postMessage(s.address().port));
`, { eval: true });
const port = await new Promise<number>((r) => w.once('message', r));
const client = createKinesisClient({ endpoint: `http://127.0.0.1:${port}` });
const { CreateStreamCommand, waitUntilStreamExists } = await import('@aws-sdk/client-kinesis');
try { await client.send(new CreateStreamCommand({ StreamName: 's', ShardCount: 2 })); } catch {}
await waitUntilStreamExists({ client, minDelay: 0.05, maxDelay: 0.2, maxWaitTime: 30 }, { StreamName: 's' });
const row = JSON.stringify({ message_id: 'x'.repeat(36), type: 'track', properties: '{"a":1}', user_agent: 'Mozilla/5.0 '.repeat(10), page_url: 'http://localhost:8080/products/1', pad: 'y'.repeat(400) });
const data = new TextEncoder().encode(row);
const conc = Number(process.argv[2] ?? 1);
const t0 = performance.now();
let n = 0;
await Promise.all(Array.from({ length: conc }, async () => {
  for (let i = 0; i < 80 / conc; i++) {
    await client.send(new PutRecordsCommand({ StreamName: 's', Records: Array.from({ length: 500 }, (_, j) => ({ Data: data, PartitionKey: `anon-${j}-${i}` })) }));
    n += 500;
  }
}));
const s = (performance.now() - t0) / 1000;
console.log(conc, n, (n / s).toFixed(0), 'rec/s', process.memoryUsage().rss / 1e6, process.cpuUsage());
process.exit(0);
