import { InvalidArgumentError, type Command } from 'commander';
import { startError, stayUp } from './serve.ts';

function port(value: string): number {
  const n = Number(value);
  if (!/^\d+$/.test(value) || n > 65535) throw new InvalidArgumentError('must be a port number from 0 to 65535');
  return n;
}

export function register(program: Command): void {
  program
    .command('demo')
    .description('Run a demo federation on this machine: Serbian, Austrian and Moldovan gateways on consecutive ports, one signed trust list, fictional referrals, and ready tokens')
    .option('--dir <dir>', 'where the demo keeps its keys, trust list and database', '.nrx/demo')
    .option('--port <port>', "the Serbian gateway's port, Austria's and Moldova's the next two (default $NRX_PORT or 4000)", port)
    .action(async (opts: { dir: string; port?: number }) => {
      try {
        const { runDemo } = await import('../../gateway/demo/run.ts');
        const demo = await runDemo({ dir: opts.dir, ...(opts.port !== undefined ? { port: opts.port } : {}) });
        await stayUp(demo);
      } catch (error) {
        throw startError(error);
      }
    });
}
