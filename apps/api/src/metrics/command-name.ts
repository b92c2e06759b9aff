import type { ExecutionContext } from '@nestjs/common';
import type { Reflector } from '@nestjs/core';
import type { Request } from 'express';
import { PUBLIC_KEY } from '../auth/auth.decorators.js';

/**
 * The command a request runs (`Workers.enrol`: controller and handler), or undefined when it runs none:
 * only a POST handled by a controller is a command, and a public POST (the dashboard's dev sign-in) is not.
 */
export function commandOf(context: ExecutionContext, reflector: Reflector): string | undefined {
  if (context.getType() !== 'http' || context.switchToHttp().getRequest<Request>().method !== 'POST') return undefined;
  if (reflector.getAllAndOverride<boolean>(PUBLIC_KEY, [context.getHandler(), context.getClass()])) return undefined;
  return `${context.getClass().name.replace(/Controller$/, '')}.${context.getHandler().name}`;
}
