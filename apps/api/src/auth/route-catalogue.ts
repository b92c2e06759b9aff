import { RequestMethod, type Type } from '@nestjs/common';
import { METHOD_METADATA, PATH_METADATA } from '@nestjs/common/constants.js';
import type { ModulesContainer } from '@nestjs/core';
import { PUBLIC_KEY, ROLES_KEY } from './auth.decorators.js';
import type { Role } from './roles.js';

/** A route as Nest serves it, with what its decorators say about access. */
export interface DiscoveredRoute {
  /** `GET`, `POST`, ... */
  method: string;
  /** Without the global prefix, `:name` for parameters: `/workers/:id/posts`. */
  path: string;
  controller: Type;
  handler: (...args: unknown[]) => unknown;
  /** `@Roles(...)` on the handler or, failing that, the controller. */
  declaredRoles?: Role[];
  declaredPublic: boolean;
}

/** `/a/:x/b` and `/a/:y/b` are the same route: parameter names do not matter for access. */
export const routeKey = (method: string, path: string): string => `${method.toUpperCase()} ${normalisePath(path).replace(/:[^/]+/g, ':')}`;

export function normalisePath(...parts: string[]): string {
  const joined = parts.join('/').replace(/\/+/g, '/').replace(/\/$/, '');
  return joined.startsWith('/') ? joined || '/' : `/${joined}`;
}

/** The route of one handler, from the metadata Nest routes by. */
export function routeOf(controller: Type, handler: object): { method: string; path: string } {
  const method = Reflect.getMetadata(METHOD_METADATA, handler) as RequestMethod;
  return { method: RequestMethod[method], path: normalisePath(first(Reflect.getMetadata(PATH_METADATA, controller)), first(Reflect.getMetadata(PATH_METADATA, handler))) };
}

/** Every route of every controller the application registered. */
export function discoverRoutes(modules: ModulesContainer): DiscoveredRoute[] {
  const routes: DiscoveredRoute[] = [];
  const seen = new Set<Type>();
  for (const module of modules.values()) {
    for (const wrapper of module.controllers.values()) {
      const controller = wrapper.metatype as Type | null;
      if (!controller || seen.has(controller)) continue;
      seen.add(controller);
      for (const name of Object.getOwnPropertyNames(controller.prototype)) {
        const handler = (controller.prototype as Record<string, unknown>)[name];
        if (typeof handler !== 'function' || Reflect.getMetadata(METHOD_METADATA, handler) === undefined) continue;
        const typed = handler as (...args: unknown[]) => unknown;
        routes.push({
          ...routeOf(controller, typed),
          controller,
          handler: typed,
          declaredRoles: (Reflect.getMetadata(ROLES_KEY, typed) ?? Reflect.getMetadata(ROLES_KEY, controller)) as Role[] | undefined,
          declaredPublic: Boolean(Reflect.getMetadata(PUBLIC_KEY, typed) ?? Reflect.getMetadata(PUBLIC_KEY, controller)),
        });
      }
    }
  }
  return routes;
}

function first(path: unknown): string {
  return Array.isArray(path) ? String(path[0] ?? '') : String(path ?? '');
}
