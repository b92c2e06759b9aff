import { Param, type PipeTransform } from '@nestjs/common';
import { invalidInput } from '#libs/runtime';
import { ID_PATTERN } from './validators.js';

/** A path id: refused with 400 unless it is an id of ours, so no stream name can be smuggled in. */
class IdPipe implements PipeTransform<string, string> {
  constructor(private readonly name: string) {}

  transform(value: string): string {
    if (!ID_PATTERN.test(value)) throw invalidInput([{ path: this.name, message: `${this.name} is not a valid id` }]);
    return value;
  }
}

export const IdParam = (name = 'id'): ParameterDecorator => Param(name, new IdPipe(name));
