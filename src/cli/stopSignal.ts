/**
 * Resolves with the first SIGTERM or SIGINT from now on. Call it before announcing readiness
 * (a "listening" line, a "scheduled" line): whoever reads that line may signal at once, and a
 * signal with no listener yet ends the process by the default action, skipping the drain. The
 * listeners stay, so a repeated signal is absorbed while stopping.
 *
 * @example
 * const signal = stopSignal();
 * const service = await runService({ config, logger });
 * await service.shutdown(await signal);
 */
export function stopSignal(signals: NodeJS.EventEmitter = process): Promise<NodeJS.Signals> {
  return new Promise((resolve) => {
    for (const signal of ['SIGTERM', 'SIGINT'] as const) signals.on(signal, () => resolve(signal));
  });
}
