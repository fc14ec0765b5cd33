/**
 * Records the address every outgoing TCP connection is about to use, through Node's
 * `net.client.socket` diagnostics channel, and stops any connection to a non-loopback address
 * before its first packet: tests can show where a delivery would have gone without leaving the
 * machine.
 */
import diagnosticsChannel from 'node:diagnostics_channel';
import type { Socket } from 'node:net';

export interface ConnectionWatch {
  /** The addresses sockets were pointed at, in order. */
  addresses: string[];
  stop(): void;
}

export function watchConnections(): ConnectionWatch {
  const addresses: string[] = [];
  const onSocket = (message: unknown) => {
    const { socket } = message as { socket: Socket };
    socket.once('lookup', (error: Error | null, address: string) => {
      if (error) return;
      addresses.push(address);
      // Destroyed inside the lookup event, the socket never calls connect().
      if (address !== '127.0.0.1' && address !== '::1') socket.destroy();
    });
  };
  diagnosticsChannel.subscribe('net.client.socket', onSocket);
  return {
    addresses,
    stop: () => diagnosticsChannel.unsubscribe('net.client.socket', onSocket),
  };
}
