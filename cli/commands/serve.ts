import type { Command } from 'commander';
import type { RunningGateway } from '../../gateway/server/gateway.ts';
import { isNrxError, NrxError } from '../../lib/errors.ts';

/** Any start-up failure as one error for the operator, its message one line and never a stack trace. */
export function startError(error: unknown): NrxError {
  if (isNrxError(error)) return new NrxError('GATEWAY_START_FAILED', error.message, { cause: error });
  const message = error instanceof Error ? error.message : String(error);
  return new NrxError('GATEWAY_START_FAILED', `cannot start the gateway: ${message}`, { cause: error });
}

/**
 * Keeps the process up until SIGINT or SIGTERM, then closes the gateway cleanly. SIGHUP reloads
 * the trust list (the outcome goes to the log and the audit trail).
 */
export function stayUp(gateway: Pick<RunningGateway, 'close'> & { reloadTrustList(trigger: 'signal'): Promise<unknown> }): Promise<void> {
  return new Promise((resolve) => {
    const reload = () => void gateway.reloadTrustList('signal').catch(() => undefined);
    const stop = () => {
      process.off('SIGINT', stop);
      process.off('SIGTERM', stop);
      process.off('SIGHUP', reload);
      gateway.close().finally(resolve);
    };
    process.on('SIGINT', stop);
    process.on('SIGTERM', stop);
    process.on('SIGHUP', reload);
  });
}

export function register(program: Command): void {
  program
    .command('serve')
    .description('Run a gateway from its configuration (file, then NRX_* environment variables)')
    .option('--config <file>', 'configuration file, YAML or JSON (default $NRX_CONFIG)')
    .action(async (opts: { config?: string }) => {
      try {
        // Loaded here, not at the top: `nrx --help` must not pay for the whole gateway.
        const { loadConfig } = await import('../../gateway/config/load.ts');
        const { startGateway } = await import('../../gateway/server/gateway.ts');
        const config = loadConfig(opts.config ? { file: opts.config } : {});
        const gateway = await startGateway(config);
        process.stderr.write(`nrx serve: gateway ${config.gatewayId} listening on ${gateway.url}\n`);
        await stayUp(gateway);
      } catch (error) {
        throw startError(error);
      }
    });
}
