import { Injectable, type OnApplicationShutdown } from '@nestjs/common';

/**
 * What must close with the application but is not a provider of its own, such as the rate limiter
 * the HTTP hardening creates before the modules are reached: `app.close()` runs each task once.
 */
@Injectable()
export class ShutdownTasks implements OnApplicationShutdown {
  private readonly tasks: Array<() => Promise<void> | void> = [];

  add(task: () => Promise<void> | void): void {
    this.tasks.push(task);
  }

  async onApplicationShutdown(): Promise<void> {
    for (const task of this.tasks.splice(0)) await task();
  }
}
