/**
 * The ports a local network is given (src/runtime/local-network.ts `freePorts`): distinct, on
 * loopback, and released (each can be bound again at once). Drawn one at a time, a released port
 * could come back, and two nodes would then try to listen on the same one.
 */
import { createServer } from 'node:net';
import { freePorts } from '../../src/runtime/local-network';

describe('free ports', () => {
  it('[GEN-FUNC-RUNTIME-PROCESSES.1] twenty ports at once are distinct and each can be bound again', async () => {
    const ports = await freePorts(20);
    expect(ports).toHaveLength(20);
    expect(new Set(ports).size).toBe(20);
    for (const port of ports) {
      const s = createServer();
      await new Promise<void>((resolve, reject) => {
        s.once('error', reject);
        s.listen(port, '127.0.0.1', () => resolve());
      });
      expect((s.address() as { port: number }).port).toBe(port);
      await new Promise<void>((resolve) => s.close(() => resolve()));
    }
  });
});
