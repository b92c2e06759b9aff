/**
 * The floor under the HTTP benchmark: a trivial `GET /health` answered by a bare Node http server, and by
 * a bare Nest application on Express (one controller, no guard, pipe, middleware or store). Whatever the
 * api does per request comes on top of these on the same machine.
 * Run by bench/http/http.bench.ts: `node --import tsx bench/http/bare-servers.ts node|nest` with PORT set.
 */
import 'reflect-metadata';
import { createServer } from 'node:http';
import { Controller, Get, Module } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';

const port = Number(process.env['PORT']);
const kind = process.argv[2];
const body = { status: 'ok' };

@Controller('health')
class BareHealthController {
  @Get()
  health() {
    return body;
  }
}

@Module({ controllers: [BareHealthController] })
class BareModule {}

if (kind === 'node') {
  const payload = JSON.stringify(body);
  createServer((request, response) => {
    if (request.method === 'GET' && request.url === '/health') {
      response.writeHead(200, { 'content-type': 'application/json; charset=utf-8', 'content-length': Buffer.byteLength(payload) }).end(payload);
    } else {
      response.writeHead(404).end();
    }
  }).listen(port, '127.0.0.1');
} else if (kind === 'nest') {
  const app = await NestFactory.create(BareModule, { logger: false });
  await app.listen(port, '127.0.0.1');
} else {
  process.stderr.write('usage: bare-servers.ts node|nest (with PORT)\n');
  process.exit(2);
}
process.once('SIGTERM', () => process.exit(0));
