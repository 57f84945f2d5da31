/**
 * Operations: /healthz and /metrics per peer under Fabric's metric names, and structured logs in
 * Fabric's words, fed by the host's effects.
 */
import { Writable } from 'node:stream';
import { request } from 'node:http';
import pino from 'pino';
import type { Effect, PeerReducer } from '../../src/core';
import { monotonicClock } from '../../src/runtime/clock';
import { PeerHost } from '../../src/runtime/host';
import { MemoryBlockStore, MemoryStableStorage } from '../../src/runtime/ledger/memory';
import { Chain } from '../../src/runtime/orderer/blocks';
import { OpsServer } from '../../src/runtime/ops/server';
import { PinoTelemetry, PromTelemetry, teeTelemetry } from '../../src/runtime/ops/telemetry';
import { CHANNEL, makeNet } from './network-fixture';

function get(port: number, path: string): Promise<{ status: number; body: string }> {
  return new Promise((resolve, reject) => {
    const req = request({ host: '127.0.0.1', port, path, agent: false }, (res) => {
      let body = '';
      res.setEncoding('utf8');
      res.on('data', (c: string) => (body += c));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, body }));
    });
    req.on('error', reject);
    req.end();
  });
}

describe('runtime operations', () => {
  it('[GEN-FUNC-RUNTIME-OPERATIONS.1] /healthz, /metrics under Fabric names and pino logs in Fabric words, from the effects a host performs', async () => {
    const net = makeNet(61);
    const lines: Record<string, unknown>[] = [];
    const sink = new Writable({ write: (chunk: Buffer, _e, cb) => (lines.push(JSON.parse(chunk.toString()) as Record<string, unknown>), cb()) });
    const logs = new PinoTelemetry(pino({ level: 'info' }, sink));
    const prom = new PromTelemetry({ peer: 'peer0.org1' });
    const telemetry = teeTelemetry(prom, logs);
    const block = new Chain(net.suite, net.ordererKey, CHANNEL).cut();
    const effects: Effect[] = [
      { kind: 'leadershipChanged', channel: CHANNEL as never, isLeader: true },
      { kind: 'metric', name: 'gossip_membership_total_peers_known', value: 1, labels: { channel: CHANNEL } },
      { kind: 'metric', name: 'gossip_membership_total_peers_known', value: 3, labels: { channel: CHANNEL } },
      { kind: 'deliverToLedger', channel: CHANNEL as never, seq: 0 as never, block },
      { kind: 'metric', name: 'gossip_rejected_inputs', value: 1, labels: { reason: 'alive.stale' } },
      { kind: 'metric', name: 'stateTransfer.batchesRefused', value: 1, labels: { channel: CHANNEL, from: 'p' } },
    ];
    const reducer: PeerReducer<number> = { step: (s) => [s + 1, effects] };
    const comm = { send: () => undefined, handshake: async () => ({ ok: false as const, reason: 'x' }), close: () => undefined };
    const orderer = { connect: () => undefined, disconnect: () => undefined, close: async () => undefined };
    const host = new PeerHost(reducer, [0, []], { clock: monotonicClock(), comm, ledger: new MemoryBlockStore(net.suite), storage: new MemoryStableStorage(), orderer, telemetry });
    await host.start();
    telemetry.count('gossip_comm_messages_sent');
    host.submit({ kind: 'command', command: {} });
    await host.settled();
    let healthy = true;
    const ops = await OpsServer.listen('127.0.0.1', 0, {
      health: () => (healthy ? [] : [{ component: 'peer', reason: 'stopped' }]),
      metrics: () => prom.metrics(),
      status: () => ({ steps: host.stepCount() }),
    });
    try {
      const health = await get(ops.port, '/healthz');
      expect(health.status).toBe(200);
      expect(JSON.parse(health.body)).toMatchObject({ status: 'OK' });
      const metrics = (await get(ops.port, '/metrics')).body;
      expect(metrics).toContain('gossip_leader_election_leader{channel="mychannel",peer="peer0.org1"} 1');
      expect(metrics).toContain('gossip_state_height{channel="mychannel",peer="peer0.org1"} 1');
      expect(metrics).toContain('gossip_membership_total_peers_known{channel="mychannel",peer="peer0.org1"} 3');
      expect(metrics).toContain('gossip_comm_messages_sent{peer="peer0.org1"} 1');
      expect(metrics).toContain('gossip_rejected_inputs{reason="alive.stale",peer="peer0.org1"} 1');
      expect(metrics).toContain('stateTransfer_batchesRefused{channel="mychannel",from="p",peer="peer0.org1"} 1');
      expect(JSON.parse((await get(ops.port, '/status')).body)).toEqual({ steps: 1 });
      expect((await get(ops.port, '/nothing')).status).toBe(404);
      healthy = false;
      const sick = await get(ops.port, '/healthz');
      expect(sick.status).toBe(503);
      expect(JSON.parse(sick.body)).toMatchObject({ failed_checks: [{ component: 'peer', reason: 'stopped' }] });
    } finally {
      await ops.close();
      await host.stop();
    }
    const messages = lines.map((l) => l['msg']);
    expect(messages).toEqual(['Becoming a leader', 'Membership view has changed', 'Committed block [0]']);
    expect(lines[2]).toMatchObject({ level: 30, channel: CHANNEL });
  });
});
