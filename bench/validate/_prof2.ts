import { loadSpec } from '../../lib/spec/load.ts';
import { createAjv } from '../../lib/spec/ajv.ts';
import { sampleDocument } from './sample.ts';
const spec = loadSpec();
const id = spec.documentKinds.get('referral')!;
const a1 = createAjv(spec).getSchema(id)!;
const doc = sampleDocument(spec, 'referral', a1, { itemsPerArray: 1 });
const s = performance.now(); let n = 0; while (performance.now() - s < 4000) { for (let i = 0; i < 50; i++) a1(doc); n += 50; } console.log(n / 4);
