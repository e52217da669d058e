import { gzipSync } from 'node:zlib';

/**
 * The hostile corpus's API requests: bodies and headers built to crash, exhaust or pollute the REST API. Each one
 * has the status it must get: a 4xx naming the problem (or a 2xx when the request is harmless), never a 500.
 * `path` may hold `{import}`: an import created by the test for the routes that need one.
 */
export interface HostileRequest {
  id: string;
  method: 'GET' | 'POST' | 'PUT';
  path: string;
  /** Sent as is: a string, or bytes (invalid UTF-8, gzip). */
  body?: string | Uint8Array;
  headers?: Record<string, string>;
  /** Which team member's key is sent; none: no key. */
  as?: 'lead' | 'accountManager' | 'developer';
  status: number;
  /** A fragment the error message must contain (what and where). */
  message?: RegExp;
}

const JSON_TYPE = { 'content-type': 'application/json' };
const KB = 1024;
const importBody = (extra: Record<string, unknown> = {}) => ({ client: 'Acme', name: 'Hostile', kind: 'json', sourceUrls: ['https://jobs.acme.example/'], ...extra });
const configPath = '/imports/{import}/environments/staging/config';
const config = (cfg: unknown) => JSON.stringify({ importerKey: 'greenhouse', config: cfg });
const nested = (depth: number, open: string, close: string, leaf = '1') => open.repeat(depth) + leaf + close.repeat(depth);

export const API_CASES: HostileRequest[] = [
  { id: 'api/oversize-json-10mb', method: 'POST', path: '/imports', as: 'accountManager', headers: JSON_TYPE, body: JSON.stringify(importBody({ name: 'x'.repeat(10 * KB * KB) })), status: 413, message: /too large/ },
  { id: 'api/oversize-json-no-key', method: 'POST', path: '/imports', headers: JSON_TYPE, body: '['.repeat(2 * KB * KB), status: 413 },
  { id: 'api/oversize-form-login', method: 'POST', path: '/auth/login', headers: { 'content-type': 'application/x-www-form-urlencoded' }, body: `key=${'k'.repeat(2 * KB * KB)}`, status: 413 },
  { id: 'api/gzip-bomb', method: 'POST', path: '/imports', as: 'accountManager', headers: { ...JSON_TYPE, 'content-encoding': 'gzip' }, body: gzipSync(Buffer.from(`{"name":"${' '.repeat(50 * KB * KB)}"}`)), status: 413 },
  { id: 'api/unknown-content-encoding', method: 'POST', path: '/imports', as: 'accountManager', headers: { ...JSON_TYPE, 'content-encoding': 'br2' }, body: '{}', status: 415 },
  { id: 'api/deep-array-nesting-config', method: 'PUT', path: configPath, as: 'lead', headers: JSON_TYPE, body: `{"importerKey":"greenhouse","config":{"boardToken":${nested(20_000, '[', ']')}}}`, status: 400, message: /config/ },
  { id: 'api/deep-object-nesting-config', method: 'PUT', path: configPath, as: 'lead', headers: JSON_TYPE, body: `{"importerKey":"greenhouse","config":${nested(15_000, '{"a":', '}')}}`, status: 400, message: /config/ },
  { id: 'api/deep-nesting-create', method: 'POST', path: '/imports', as: 'accountManager', headers: JSON_TYPE, body: `{"client":${nested(50_000, '[', ']')}}`, status: 400 },
  { id: 'api/proto-key-create', method: 'POST', path: '/imports', as: 'accountManager', headers: JSON_TYPE, body: '{"__proto__":{"polluted":true},"client":"Acme","name":"P","kind":"json","sourceUrls":["https://a.example/"]}', status: 400, message: /__proto__/ },
  { id: 'api/constructor-prototype-key', method: 'POST', path: '/imports', as: 'accountManager', headers: JSON_TYPE, body: '{"constructor":{"prototype":{"polluted":true}},"client":"Acme","name":"P","kind":"json","sourceUrls":["https://a.example/"]}', status: 400, message: /constructor/ },
  { id: 'api/proto-key-in-config', method: 'PUT', path: configPath, as: 'lead', headers: JSON_TYPE, body: '{"importerKey":"greenhouse","config":{"boardToken":"acme","__proto__":{"polluted":true}}}', status: 400, message: /config/ },
  { id: 'api/proto-key-in-checks', method: 'PUT', path: configPath, as: 'lead', headers: JSON_TYPE, body: '{"importerKey":"greenhouse","config":{"boardToken":"acme"},"checks":{"__proto__":{"polluted":true}}}', status: 400, message: /checks/ },
  { id: 'api/huge-array-source-urls', method: 'POST', path: '/imports', as: 'accountManager', headers: JSON_TYPE, body: JSON.stringify(importBody({ sourceUrls: Array.from({ length: 2_000 }, (_, i) => `https://a.example/${i}`) })), status: 400, message: /sourceUrls/ },
  { id: 'api/huge-array-in-config', method: 'PUT', path: configPath, as: 'lead', headers: JSON_TYPE, body: config({ boardToken: 'acme', extra: Array.from({ length: 40_000 }, () => 0) }), status: 400, message: /config/ },
  { id: 'api/huge-key-count-config', method: 'PUT', path: configPath, as: 'lead', headers: JSON_TYPE, body: config(Object.fromEntries(Array.from({ length: 8_000 }, (_, i) => [`k${i}`, 1]))), status: 400, message: /config/ },
  { id: 'api/invalid-utf8-body', method: 'POST', path: '/imports', as: 'accountManager', headers: JSON_TYPE, body: Buffer.concat([Buffer.from('{"client":"'), Buffer.from([0xc3, 0x28, 0xff, 0xfe]), Buffer.from('","name":"x","kind":"json","sourceUrls":["https://a.example/"]}')]), status: 400, message: /UTF-8/ },
  { id: 'api/utf16-body', method: 'POST', path: '/imports', as: 'accountManager', headers: { 'content-type': 'application/json; charset=utf-16' }, body: Buffer.from(JSON.stringify(importBody()), 'utf16le'), status: 201 },
  { id: 'api/text-plain-body', method: 'POST', path: '/imports', as: 'accountManager', headers: { 'content-type': 'text/plain' }, body: JSON.stringify(importBody()), status: 415, message: /application\/json/ },
  { id: 'api/xml-body', method: 'POST', path: '/imports', as: 'accountManager', headers: { 'content-type': 'application/xml' }, body: '<import><client>Acme</client></import>', status: 415 },
  { id: 'api/form-body-on-json-route', method: 'POST', path: '/imports', as: 'accountManager', headers: { 'content-type': 'application/x-www-form-urlencoded' }, body: 'client=Acme&name=x&kind=json', status: 400, message: /sourceUrls/ },
  { id: 'api/no-content-type', method: 'POST', path: '/imports', as: 'accountManager', body: JSON.stringify(importBody()), status: 415 },
  { id: 'api/json-array-body', method: 'POST', path: '/imports', as: 'accountManager', headers: JSON_TYPE, body: '[1,2,3]', status: 400 },
  { id: 'api/json-null-body', method: 'POST', path: '/imports', as: 'accountManager', headers: JSON_TYPE, body: 'null', status: 400 },
  { id: 'api/json-number-overflow', method: 'POST', path: '/imports', as: 'accountManager', headers: JSON_TYPE, body: JSON.stringify(importBody()).replace('}', ',"priority":1e999}'), status: 400, message: /priority/ },
  { id: 'api/json-duplicate-keys', method: 'POST', path: '/imports', as: 'accountManager', headers: JSON_TYPE, body: '{"client":"Acme","client":{"$ne":1},"name":"x","kind":"json","sourceUrls":["https://a.example/"]}', status: 400, message: /client/ },
  { id: 'api/json-truncated', method: 'POST', path: '/imports', as: 'accountManager', headers: JSON_TYPE, body: '{"client": "Ac', status: 400 },
  { id: 'api/json-nul-in-string', method: 'POST', path: '/imports', as: 'accountManager', headers: JSON_TYPE, body: JSON.stringify(importBody({ name: 'a\u0000b' })), status: 400, message: /name/ },
  { id: 'api/lone-surrogate', method: 'POST', path: '/imports', as: 'accountManager', headers: JSON_TYPE, body: JSON.stringify(importBody()).replace('"Hostile"', '"\\ud800x"'), status: 400, message: /name/ },
  { id: 'api/long-query-string', method: 'GET', path: `/imports?${Array.from({ length: 500 }, (_, i) => `limit=${i}`).join('&')}`, as: 'lead', status: 400 },
  { id: 'api/nested-query-object', method: 'GET', path: '/imports?limit[__proto__][polluted]=1', as: 'lead', status: 400 },
  { id: 'api/config-not-object', method: 'PUT', path: configPath, as: 'lead', headers: JSON_TYPE, body: '{"importerKey":"greenhouse","config":"boardToken=acme"}', status: 400, message: /config/ },
];
