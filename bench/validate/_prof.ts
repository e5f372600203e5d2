import { loadSpec } from '../../lib/spec/load.ts';
import { createAjv } from '../../lib/spec/ajv.ts';
import { sampleDocument } from './sample.ts';
const spec = loadSpec();
const id = spec.documentKinds.get('referral')!;
const a1 = createAjv(spec).getSchema(id)!;
const doc = sampleDocument(spec, 'referral', a1, { itemsPerArray: 1 });
const text = JSON.stringify(doc);
function rate(name: string, fn: () => unknown) { for (let i=0;i<2000;i++) fn(); const s=performance.now(); let n=0; while (performance.now()-s<1500){ for(let i=0;i<50;i++) fn(); n+=50;} console.log(name, Math.round(n/((performance.now()-s)/1000))); }
rate('JSON.parse', () => JSON.parse(text));
rate('ajv allErrors', () => a1(doc));
const a2 = createAjv(spec, { allErrors: false }).getSchema(id)!;
rate('ajv firstError', () => a2(doc));
const a3 = createAjv(spec, { ajv: { validateFormats: false } }).getSchema(id)!;
rate('ajv noformats', () => a3(doc));
