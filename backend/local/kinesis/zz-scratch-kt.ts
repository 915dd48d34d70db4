import { startKinesis } from './startKinesis';
import { PutRecordsCommand } from '@aws-sdk/client-kinesis';
const k = await startKinesis({ dataDir: '/tmp/kt-data' });
console.log(k.endpoint);
const row = JSON.stringify({ message_id: 'x'.repeat(36), type: 'track', properties: '{"a":1}', user_agent: 'Mozilla/5.0 '.repeat(10), page_url: 'http://localhost:8080/products/1', pad: 'y'.repeat(400) });
const data = new TextEncoder().encode(row);
const conc = Number(process.argv[2] ?? 1);
const t0 = performance.now();
let n = 0;
await Promise.all(Array.from({ length: conc }, async () => {
  for (let i = 0; i < 40 / conc; i++) {
    await k.client.send(new PutRecordsCommand({ StreamName: k.streamName, Records: Array.from({ length: 500 }, (_, j) => ({ Data: data, PartitionKey: `anon-${j}-${i}` })) }));
    n += 500;
  }
}));
const s = (performance.now() - t0) / 1000;
console.log(conc, n, (n / s).toFixed(0), 'rec/s', process.memoryUsage().rss / 1e6);
await k.stop();
