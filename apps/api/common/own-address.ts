import type { Request } from 'express';

/**
 * The API's own address as the request reached it: the socket's local address and port, not the Host header (a
 * client chooses that one; a link built from it and sent to a client by email could point anywhere). Used where
 * PUBLIC_API_URL is unset (development, tests); behind a proxy, PUBLIC_API_URL names the public address.
 */
export function ownAddress(request: Request): string {
  const socket = request.socket;
  const address = (socket.localAddress ?? '127.0.0.1').replace(/^::ffff:/, '');
  const host = address.includes(':') ? `[${address}]` : address;
  return `http://${host}:${socket.localPort ?? 80}`;
}
