import { Controller, Get, Post } from '@nestjs/common';
import { APP_FILTER, APP_GUARD } from '@nestjs/core';
import { Test } from '@nestjs/testing';
import request from 'supertest';
import { ProblemFilter } from '../http/problem.filter.js';
import { Public, Roles } from './auth.decorators.js';
import { AuthGuard, TOKEN_VERIFIER } from './auth.guard.js';
import type { TokenVerifier } from './tokens.js';

/** A verifier that takes the role from the token text: `role:auditor`. */
const verifier: TokenVerifier = { verify: async (token) => ({ sub: 'x', role: token.split(':')[1] as 'auditor', scope: {} }) };

async function appWith(controller: new (...args: never[]) => unknown) {
  const module = await Test.createTestingModule({
    controllers: [controller],
    providers: [
      { provide: TOKEN_VERIFIER, useValue: verifier },
      { provide: APP_GUARD, useClass: AuthGuard },
      { provide: APP_FILTER, useClass: ProblemFilter },
    ],
  }).compile();
  return module.createNestApplication({ logger: false });
}

describe('AuthGuard and the access matrix', () => {
  it('refuses to start when @Roles contradicts the matrix', async () => {
    @Controller('audit-trail')
    class Contradicting {
      @Get()
      @Roles('viewer')
      list() {
        return [];
      }
    }
    const app = await appWith(Contradicting);
    await expect(app.init()).rejects.toThrow(/GET \/audit-trail: @Roles\(viewer\), the matrix allows auditor/);
    await app.close();
  });

  it('refuses to start when @Public marks a route the matrix protects', async () => {
    @Controller('milestones')
    class Opened {
      @Get()
      @Public()
      list() {
        return [];
      }
    }
    const app = await appWith(Opened);
    await expect(app.init()).rejects.toThrow(/GET \/milestones: @Public\(\) set/);
    await app.close();
  });

  it('enforces the matrix without any decorator, and closes a route the matrix does not list to every role', async () => {
    @Controller()
    class Undecorated {
      @Get('audit-trail')
      list() {
        return [];
      }

      @Post('not-in-the-matrix')
      secret() {
        return 'no';
      }
    }
    const app = await appWith(Undecorated);
    await app.init();
    const http = request(app.getHttpServer());
    expect((await http.get('/audit-trail')).status).toBe(401);
    expect((await http.get('/audit-trail').set('Authorization', 'Bearer role:viewer')).status).toBe(403);
    expect((await http.get('/audit-trail').set('Authorization', 'Bearer role:auditor')).status).toBe(200);
    expect((await http.post('/not-in-the-matrix')).status).toBe(401);
    expect((await http.post('/not-in-the-matrix').set('Authorization', 'Bearer role:city_admin')).status).toBe(403);
    await app.close();
  });
});
