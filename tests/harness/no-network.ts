// Any outbound connection to a non-loopback address fails the test: tests never reach the internet.
import net from 'node:net';

const loopback = (host: string | undefined): boolean =>
  host === undefined || host === 'localhost' || host === '::1' || host.startsWith('127.') || host.startsWith('/');

const originalConnect = net.Socket.prototype.connect;
net.Socket.prototype.connect = function patchedConnect(this: net.Socket, ...args: unknown[]) {
  const first = args[0];
  const host =
    typeof first === 'object' && first !== null
      ? ((first as { host?: string; path?: string }).path ?? (first as { host?: string }).host)
      : typeof args[1] === 'string'
        ? args[1]
        : undefined;
  if (!loopback(host)) throw new Error(`Unexpected outbound network connection to ${host} in a test`);
  return (originalConnect as (...a: unknown[]) => net.Socket).apply(this, args);
};
