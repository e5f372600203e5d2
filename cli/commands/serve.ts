import type { Command } from 'commander';
import type { RunningGateway } from '../../gateway/server/gateway.ts';
import type { ExitState } from './index.ts';

/** A start-up failure as one line for the operator; never a stack trace. */
export async function describeStartError(error: unknown): Promise<string> {
  // Loaded here, not at the top: `nrx --help` must not pay for the whole gateway.
  const [{ ConfigError }, { TrustListError }, { PortInUseError }] = await Promise.all([
    import('../../gateway/config/load.ts'),
    import('../../gateway/auth/trust-list.ts'),
    import('../../gateway/server/gateway.ts'),
  ]);
  if (error instanceof ConfigError || error instanceof TrustListError || error instanceof PortInUseError) return error.message;
  const message = error instanceof Error ? error.message : String(error);
  return `cannot start the gateway: ${message}`;
}

/** Keeps the process up until SIGINT or SIGTERM, then closes the gateway cleanly. */
export function stayUp(gateway: RunningGateway): Promise<void> {
  return new Promise((resolve) => {
    const stop = () => {
      process.off('SIGINT', stop);
      process.off('SIGTERM', stop);
      gateway.close().finally(resolve);
    };
    process.on('SIGINT', stop);
    process.on('SIGTERM', stop);
  });
}

export function register(program: Command, exit: ExitState): void {
  program
    .command('serve')
    .description('Run a gateway from its configuration (file, then NRX_* environment variables)')
    .option('--config <file>', 'configuration file, YAML or JSON (default $NRX_CONFIG)')
    .action(async (opts: { config?: string }) => {
      try {
        const { loadConfig } = await import('../../gateway/config/load.ts');
        const { startGateway } = await import('../../gateway/server/gateway.ts');
        const config = loadConfig(opts.config ? { file: opts.config } : {});
        const gateway = await startGateway(config);
        process.stderr.write(`nrx serve: gateway ${config.gatewayId} listening on ${gateway.url}\n`);
        await stayUp(gateway);
      } catch (error) {
        process.stderr.write(`nrx serve: ${await describeStartError(error)}\n`);
        exit.code = 1;
      }
    });
}
