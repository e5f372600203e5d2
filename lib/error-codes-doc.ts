import { ERROR_CODES, type ErrorCodeInfo } from './error-codes.ts';

const EXIT_MEANING: Record<ErrorCodeInfo['exit'], string> = {
  failed: '1 — the command ran and the answer is no',
  usage: '2 — the command could not run as asked',
  internal: '70 — a defect or a broken installation',
};

const cell = (text: string) => text.replaceAll('|', '\\|');

/** docs/errors.md: every code of the registry (lib/error-codes.ts), sorted, one row each. */
export function errorCodesDoc(codes: Readonly<Record<string, ErrorCodeInfo>> = ERROR_CODES): string {
  const rows = Object.entries(codes)
    .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
    .map(([code, info]) => `| \`${code}\` | ${cell(info.meaning)} | ${cell(info.action)} | ${info.exit} | \`${info.graphql}\`${info.http ? ` (HTTP ${info.http})` : ''} |`);
  return [
    '<!-- Generated from lib/error-codes.ts by `npm run generate`; do not edit. -->',
    '# Error codes',
    '',
    'Every error NRX raises on purpose carries one of these stable codes (`NrxError.code`). Branch on',
    'the code, never on the message. The `nrx` command exits by the class of the code; a GraphQL',
    'response carries the GraphQL code in `extensions.code` (and the NRX code in `extensions.reason`',
    'when the two differ); `INTERNAL_SERVER_ERROR` means the message is not shown to the caller.',
    '',
    'Exit classes: ' + Object.entries(EXIT_MEANING).map(([name, meaning]) => `\`${name}\` ${meaning}`).join('; ') + '.',
    '',
    '| code | meaning | what to do | exit | GraphQL |',
    '| --- | --- | --- | --- | --- |',
    ...rows,
    '',
  ].join('\n');
}
